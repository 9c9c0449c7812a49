/**
 * The one way tests run a command: as a user would (a child process through tsx, environment and
 * flags), in its own temporary cwd and HOME, and behind a secret-leak guard. The guard fails the test
 * when stdout, stderr, or any file the run wrote under its cwd or HOME contains one of the secrets the
 * test names (consumer secret, API key, base64 key, ...) or matches a secret pattern (every access
 * token the Salesforce emulator issues starts with its org Id and "!"). Leaks are reported by label and
 * place, never by value.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');
const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx');

export interface GuardedSecret {
  label: string;
  value: string;
}

export interface RunCliOptions {
  env?: Record<string, string | undefined>;
  /** Literal secrets; their base64 and URL-encoded forms are looked for too. */
  secrets: GuardedSecret[];
  /** Secret shapes, e.g. the emulator's access tokens. */
  secretPatterns?: { label: string; pattern: RegExp }[];
  /** Use this HOME (e.g. an sf CLI login's) instead of a fresh one; it is scanned but not deleted. */
  home?: string;
  /** Files to place in the cwd before the run (e.g. a .env); they are not scanned unless rewritten. */
  files?: Record<string, string>;
  timeoutMs?: number;
}

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout parsed, when it is one JSON document. */
  json?: {
    status: number;
    result?: Record<string, unknown>;
    name?: string;
    message?: string;
    actions?: string[];
    warnings?: string[];
    data?: unknown;
  };
  durationMs: number;
}

export interface Leak {
  label: string;
  where: string;
}

/** Where each secret (or a form of it) occurs in `text`; `where` names the place. */
export function findLeaks(
  text: string,
  where: string,
  secrets: readonly GuardedSecret[],
  patterns: RunCliOptions['secretPatterns'] = [],
): Leak[] {
  const leaks: Leak[] = [];
  for (const { label, value } of secrets) {
    if (!value) {
      continue;
    }
    const forms = [value, encodeURIComponent(value), Buffer.from(value).toString('base64')];
    if (forms.some((form) => text.includes(form))) {
      leaks.push({ label, where });
    }
  }
  for (const { label, pattern } of patterns) {
    if (new RegExp(pattern.source, pattern.flags.replace('g', '')).test(text)) {
      leaks.push({ label, where });
    }
  }
  return leaks;
}

type Snapshot = Map<string, string>;

async function snapshot(root: string): Promise<Snapshot> {
  const files: Snapshot = new Map();
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else if (entry.isFile()) {
        const info = await stat(path);
        files.set(path, `${info.mtimeMs}:${info.size}`);
      }
    }
  };
  await walk(root);
  return files;
}

/** Files that are new or changed since `before`. */
async function writtenSince(root: string, before: Snapshot): Promise<string[]> {
  const after = await snapshot(root);
  return [...after.entries()].filter(([path, signature]) => before.get(path) !== signature).map(([path]) => path);
}

export class SecretLeakError extends Error {
  public constructor(public readonly leaks: Leak[]) {
    super(`Secret leak: ${leaks.map((leak) => `${leak.label} in ${leak.where}`).join('; ')}`);
  }
}

/**
 * Runs `script` (a path relative to the repository, e.g. scripts/commands/register.ts) with `args`.
 * Rejects with SecretLeakError when a secret shows up anywhere the run wrote.
 */
export async function runCli(script: string, args: string[], options: RunCliOptions): Promise<CliRun> {
  const cwd = await mkdtemp(join(tmpdir(), 'oss-cwd-'));
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'oss-home-')));
  try {
    for (const [name, content] of Object.entries(options.files ?? {})) {
      await writeFile(join(cwd, name), content);
    }
    const before = new Map([...(await snapshot(cwd)), ...(await snapshot(home))]);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      USERPROFILE: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      SF_DISABLE_TELEMETRY: 'true',
      SF_SKIP_NEW_VERSION_CHECK: 'true',
      SF_DISABLE_AUTOUPDATE: 'true',
      SF_AUTOUPDATE_DISABLE: 'true',
      SF_DISABLE_LOG_FILE: 'true',
      OSS_RETRY_BASE_MS: '5',
      ...options.env,
    };
    const started = Date.now();
    const run = await new Promise<CliRun>((resolvePromise) => {
      execFile(
        TSX,
        [join(REPO_ROOT, script), ...args],
        { cwd, env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          let json: CliRun['json'];
          try {
            json = JSON.parse(stdout) as CliRun['json'];
          } catch {
            json = undefined;
          }
          resolvePromise({ exitCode, stdout, stderr, json, durationMs: Date.now() - started });
        },
      );
    });
    const leaks = [
      ...findLeaks(run.stdout, 'stdout', options.secrets, options.secretPatterns),
      ...findLeaks(run.stderr, 'stderr', options.secrets, options.secretPatterns),
    ];
    for (const [root, name] of [
      [cwd, 'cwd'],
      [home, 'HOME'],
    ] as const) {
      for (const path of await writtenSince(root, before)) {
        const content = await readFile(path, 'latin1');
        leaks.push(...findLeaks(content, `${name}/${relative(root, path)}`, options.secrets, options.secretPatterns));
      }
    }
    if (leaks.length > 0) {
      throw new SecretLeakError(leaks);
    }
    return run;
  } finally {
    await rm(cwd, { recursive: true, force: true });
    if (!options.home) {
      await rm(home, { recursive: true, force: true });
    }
  }
}
