import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sfCompileCacheEnv } from '../lib/sfCompileCache';
import { runProcess } from './child-process';
import type { CheckOutcome, Finding } from './finding';
import { componentOf, type DeclaredComponent } from './metadata-suffixes';
import { parsePackageXml } from './package-xml';
import { listSourceFiles, readPackageDirectories, relativeToRoot } from './project-files';
import { TOOLS_ROOT } from './tool-versions';

const SF_RUN = path.join(TOOLS_ROOT, 'node_modules/@salesforce/cli/bin/run.js');

/** No telemetry, update check, autoupdate or log file: the CLI then makes no network call and needs no real HOME. */
export const OFFLINE_SF_ENV: NodeJS.ProcessEnv = {
  SF_DISABLE_TELEMETRY: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true',
  // Both spellings, or sf spawns `sf update --autoupdate` (see the CLI's autoupdate normalisation).
  SF_DISABLE_AUTOUPDATE: 'true',
  SF_AUTOUPDATE_DISABLE: 'true',
  SF_DISABLE_LOG_FILE: 'true',
};

export type ConvertOptions = {
  /**
   * Folders inside the project to convert. Absent, the CLI converts the default package directory only
   * (plugin-deploy-retrieve `project convert source`: "no options passed, convert the default package").
   */
  sourceDir?: string | string[];
  /** Added to the CLI's environment, e.g. SF_APPLY_REPLACEMENTS_ON_CONVERT=true plus the replacement values. */
  extraEnv?: NodeJS.ProcessEnv;
};

export type ConvertResult = {
  outputDir: string;
  packageXml: string;
  /** Deletes the temp folder holding outputDir; call it when done. */
  remove: () => void;
};

/** The CLI's error envelope (`--json`), kept so that callers can name the file in a TypeInferenceError. */
export class ConvertError extends Error {
  constructor(
    message: string,
    readonly errorName: string,
    readonly actions: string[],
  ) {
    super(message);
    this.name = 'ConvertError';
  }
}

type SfJsonError = { name?: string; message?: string; actions?: string[] };

function parseSfError(stdout: string, stderr: string, exitCode: number | null): ConvertError {
  try {
    const envelope = JSON.parse(stdout) as SfJsonError;
    return new ConvertError(envelope.message ?? 'unknown error', envelope.name ?? 'SfError', envelope.actions ?? []);
  } catch {
    const detail = (stderr || stdout).trim().split('\n').slice(-3).join(' | ');
    return new ConvertError(`sf exited with ${exitCode}: ${detail}`, 'SfError', []);
  }
}

/**
 * `sf project convert source` of a project into a fresh temp folder, fully offline, with a throwaway HOME.
 * Secrets passed in `extraEnv` only reach the child process; nothing here prints the environment.
 */
export async function convertSource(projectRoot: string, options: ConvertOptions = {}): Promise<ConvertResult> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-convert-'));
  const remove = (): void => fs.rmSync(workDir, { recursive: true, force: true });
  const outputDir = path.join(workDir, 'mdapi');
  const home = path.join(workDir, 'home');
  fs.mkdirSync(home);
  const args = [SF_RUN, 'project', 'convert', 'source', '--output-dir', outputDir, '--json'];
  for (const sourceDir of [options.sourceDir ?? []].flat()) args.push('--source-dir', sourceDir);
  const result = await runProcess(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, ...sfCompileCacheEnv(TOOLS_ROOT), ...OFFLINE_SF_ENV, HOME: home, ...options.extraEnv },
    timeoutMs: 120_000,
  });
  const packageXmlPath = path.join(outputDir, 'package.xml');
  if (result.exitCode !== 0 || !fs.existsSync(packageXmlPath)) {
    remove();
    throw parseSfError(result.stdout, result.stderr, result.exitCode);
  }
  return { outputDir, packageXml: fs.readFileSync(packageXmlPath, 'utf8'), remove };
}

const TYPE_INFERENCE_FILE = /^(.+?): Could not infer a metadata type/;

function convertErrorFinding(root: string, error: ConvertError): Finding {
  const inferenceFailure = TYPE_INFERENCE_FILE.exec(error.message);
  if (error.errorName === 'TypeInferenceError' && inferenceFailure) {
    const hint = error.actions.find((action) => action.startsWith('-- Did you mean'));
    return {
      file: relativeToRoot(root, inferenceFailure[1]),
      message: `the sf CLI cannot infer a metadata type from this file name (unknown suffix or folder)${hint ? `; ${hint.replace(/^-- /, '')}` : ''}`,
      rule: error.errorName,
    };
  }
  return {
    file: 'sfdx-project.json',
    message: `sf project convert source failed: ${error.message}`,
    rule: error.errorName,
  };
}

const componentKey = (component: DeclaredComponent): string => `${component.type}:${component.member}`;

/** Findings for components present in source but absent from the converted package.xml. */
export function findDroppedComponents(
  root: string,
  sourceFiles: string[],
  converted: Map<string, string[]>,
): Finding[] {
  const listed = new Set([...converted].flatMap(([type, members]) => members.map((member) => `${type}:${member}`)));
  const reported = new Set<string>();
  return sourceFiles.flatMap((file): Finding[] => {
    const lookup = componentOf(file);
    if (lookup.kind === 'unknown-suffix') {
      return [
        {
          file: relativeToRoot(root, file),
          message: `suffix '${lookup.suffix}' is not in scripts/checks/metadata-suffixes.ts, so its presence in package.xml is not verified`,
          rule: 'unverified-suffix',
          severity: 'warning',
        },
      ];
    }
    if (lookup.kind !== 'component') return [];
    const key = componentKey(lookup.component);
    if (listed.has(key) || reported.has(key)) return [];
    reported.add(key);
    return [
      {
        file: relativeToRoot(root, file),
        message: `${lookup.component.type} ${lookup.component.member} is missing from the converted package.xml: the sf CLI dropped it`,
        rule: 'dropped-component',
      },
    ];
  });
}

const countNotes = (converted: Map<string, string[]>): string[] =>
  [...converted].sort(([a], [b]) => a.localeCompare(b)).map(([type, members]) => `${type}: ${members.length}`);

/** The metadata converts offline, and every component in source lands in package.xml. */
export async function checkConvert(root: string): Promise<CheckOutcome> {
  let result: ConvertResult;
  try {
    // Every package directory, not only the default one the CLI picks when given none (ci/ is one too).
    result = await convertSource(root, {
      sourceDir: readPackageDirectories(root).map((directory) => relativeToRoot(root, directory)),
    });
  } catch (error) {
    if (error instanceof ConvertError) return { findings: [convertErrorFinding(root, error)] };
    throw error;
  }
  try {
    const converted = parsePackageXml(result.packageXml);
    return { findings: findDroppedComponents(root, listSourceFiles(root), converted), notes: countNotes(converted) };
  } finally {
    result.remove();
  }
}
