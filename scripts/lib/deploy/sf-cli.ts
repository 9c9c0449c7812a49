/**
 * Runs the project's own sf CLI (the version package.json pins, not whatever is on PATH) with `--json`
 * and hands back its envelope. A runner is a plain function so the executor can be tested with a
 * recorded envelope instead of an org.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createError } from '../messages';
import { deployMessages } from '../messages/deploy';
import { sfCompileCacheEnv } from '../sfCompileCache';

/** The sf CLI's `--json` document: `{status, result, warnings}` or `{status, name, message, ...}`. */
export interface SfJson {
  status?: number;
  name?: string;
  message?: string;
  result?: unknown;
  warnings?: unknown[];
}

export interface SfOutcome {
  exitCode: number;
  json?: SfJson;
  /** The end of stderr, for the rare failure that prints no JSON. */
  stderrTail: string;
}

/** `extraEnv` adds variables; a variable given as `undefined` is removed from the child's environment. */
export type SfRunner = (
  sfArgs: readonly string[],
  extraEnv?: Readonly<Record<string, string | undefined>>,
) => Promise<SfOutcome>;

/** No telemetry, update check or auto-update: a deploy must not phone anywhere but the org. */
export const QUIET_SF_ENV: Readonly<Record<string, string>> = {
  SF_DISABLE_TELEMETRY: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true',
  // Both spellings, or sf's own normalisation is skipped and an update is spawned (see docs/tooling notes).
  SF_DISABLE_AUTOUPDATE: 'true',
  SF_AUTOUPDATE_DISABLE: 'true',
};

const STDERR_TAIL_CHARS = 2000;

export function createSfRunner(projectRoot: string): SfRunner {
  const entryPoint = path.join(projectRoot, 'node_modules', '@salesforce', 'cli', 'bin', 'run.js');
  return (sfArgs, extraEnv = {}) => {
    if (!existsSync(entryPoint)) {
      return Promise.reject(createError(deployMessages.sfCliMissing, [entryPoint]));
    }
    return new Promise((resolve, reject) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...sfCompileCacheEnv(projectRoot),
        ...QUIET_SF_ENV,
        ...extraEnv,
      };
      Object.keys(env)
        .filter((name) => env[name] === undefined)
        .forEach((name) => delete env[name]);
      const child = spawn(process.execPath, ['--no-deprecation', entryPoint, ...sfArgs], {
        cwd: projectRoot,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
      });
      child.on('error', reject);
      child.on('close', (code) => {
        resolve({ exitCode: code ?? 1, json: parseSfJson(stdout), stderrTail: stderr.trim() });
      });
    });
  };
}

/** sf prints one JSON document with `--json`; anything before its first `{` line is not part of it. */
export function parseSfJson(stdout: string): SfJson | undefined {
  const start = stdout.search(/^\{/m);
  if (start < 0) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(stdout.slice(start));
    return typeof parsed === 'object' && parsed !== null ? (parsed as SfJson) : undefined;
  } catch {
    return undefined;
  }
}
