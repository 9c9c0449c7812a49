/**
 * The one way tests run a command: as a user would (a child process started as `npm run` starts it,
 * environment and flags), in its own temporary cwd, HOME and TMPDIR, and behind a secret-leak guard. The guard fails
 * the test when stdout, stderr, or any file the run wrote under its cwd, HOME or TMPDIR contains one of
 * the secrets the test names (consumer secret, API key, base64 key, ...) in any form it could be
 * written in (as is, base64, URL-encoded, escaped inside JSON) or matches a secret pattern (every
 * access token the Salesforce emulator issues starts with its org Id and "!"). Leaks are reported by
 * label and place, never by value.
 *
 * At most CLI_CONCURRENCY runs of one test file execute at once (each is a Node process that compiles
 * TypeScript), so `it.concurrent` suites stay fast on two cores without starving the emulators.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join, relative, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');
const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx');
const LAUNCHER = join(REPO_ROOT, 'scripts/launcher/run.mjs');
/** `npm run <command>` starts every command through the launcher; tests start them the same way. */
const LAUNCHED = /^scripts\/commands\/([a-z-]+)\.ts$/;

/** The process a user's `npm run <command>` amounts to: the launcher; tsx for test fixtures and checks. */
function commandLine(script: string, args: string[], viaNpm = false): [string, string[]] {
  const launched = LAUNCHED.exec(script);
  if (launched && viaNpm) {
    // The npm that runs the tests (npm_execpath), else the one on PATH; the script runs in the repository.
    const npm = process.env.npm_execpath;
    const npmArgs = ['--prefix', REPO_ROOT, 'run', '--silent', launched[1], '--', ...args];
    return npm ? [process.execPath, [npm, ...npmArgs]] : ['npm', npmArgs];
  }
  return launched ? [process.execPath, [LAUNCHER, launched[1], ...args]] : [TSX, [join(REPO_ROOT, script), ...args]];
}

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
  files?: Record<string, string | Buffer>;
  timeoutMs?: number;
  /**
   * Starts the command through the real npm as the docs say (`npm run -s <command> -- <args>`): its
   * working directory is then the repository, not a fresh one, so `files` are not for such runs.
   */
  viaNpm?: boolean;
  /**
   * Sends `signal` (default SIGINT) to the command once `when()` turns true (polled every 10 ms), as a
   * user pressing Ctrl-C at that moment would. The run's `signalledAt` says when it was sent.
   */
  interrupt?: { when: () => boolean; signal?: NodeJS.Signals };
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
  /** Milliseconds after the start at which `interrupt` sent its signal; undefined when it never did. */
  signalledAt?: number;
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
    const forms = [
      value,
      encodeURIComponent(value),
      Buffer.from(value).toString('base64'),
      // As JSON.stringify writes it inside a document (quotes, backslashes, control characters escaped).
      JSON.stringify(value).slice(1, -1),
    ];
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

const CLI_CONCURRENCY = Math.max(1, Number(process.env.OSS_TEST_CLI_CONCURRENCY) || 2);
let runningClis = 0;
const waitingClis: (() => void)[] = [];

/** Holds a slot among CLI_CONCURRENCY for the duration of `work`. */
async function withCliSlot<T>(work: () => Promise<T>): Promise<T> {
  if (runningClis >= CLI_CONCURRENCY) {
    await new Promise<void>((resolveSlot) => waitingClis.push(resolveSlot));
  } else {
    runningClis++;
  }
  try {
    return await work();
  } finally {
    const next = waitingClis.shift();
    if (next) {
      next(); // the slot passes straight to the next waiting run
    } else {
      runningClis--;
    }
  }
}

function parseJson(stdout: string): CliRun['json'] {
  try {
    return JSON.parse(stdout) as CliRun['json'];
  } catch {
    return undefined;
  }
}

/** Spawns the command and collects its output; kills it (SIGKILL) when it outlives `timeoutMs`. */
function execute(
  [command, args]: [string, string[]],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; interrupt?: RunCliOptions['interrupt'] },
): Promise<CliRun> {
  const started = Date.now();
  return new Promise<CliRun>((resolvePromise, rejectPromise) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let signalledAt: number | undefined;
    const poll = options.interrupt
      ? setInterval(() => {
          if (signalledAt === undefined && options.interrupt?.when()) {
            signalledAt = Date.now() - started;
            child.kill(options.interrupt.signal ?? 'SIGINT');
          }
        }, 10)
      : undefined;
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', rejectPromise);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      clearInterval(poll);
      const out = Buffer.concat(stdout).toString('utf8');
      resolvePromise({
        // Killed by a signal without handling it: the shell convention 128 + signal number.
        exitCode: code ?? 128 + (signal === 'SIGKILL' ? 9 : 2),
        stdout: out,
        stderr: Buffer.concat(stderr).toString('utf8'),
        json: parseJson(out),
        durationMs: Date.now() - started,
        signalledAt,
      });
    });
  });
}

/** Everything a run wrote under `root` since `before`, read both as UTF-8 and byte by byte. */
async function leaksInWrittenFiles(
  root: string,
  name: string,
  before: Snapshot,
  options: RunCliOptions,
): Promise<Leak[]> {
  const leaks: Leak[] = [];
  for (const path of await writtenSince(root, before)) {
    const content = await readFile(path);
    const where = `${name}/${relative(root, path)}`;
    const found = [
      ...findLeaks(content.toString('utf8'), where, options.secrets, options.secretPatterns),
      ...findLeaks(content.toString('latin1'), where, options.secrets, options.secretPatterns),
    ];
    leaks.push(...found.filter((leak, index) => found.findIndex((other) => other.label === leak.label) === index));
  }
  return leaks;
}

/**
 * Runs `script` (a path relative to the repository, e.g. scripts/commands/register.ts) with `args`.
 * Rejects with SecretLeakError when a secret shows up anywhere the run wrote.
 */
export async function runCli(script: string, args: string[], options: RunCliOptions): Promise<CliRun> {
  return withCliSlot(() => runGuarded(script, args, options));
}

/**
 * tsx keeps its compile cache (our sources, transpiled) in $TMPDIR/tsx-<uid>. The run's TMPDIR links it
 * to the shared one: every run would otherwise recompile everything, and the scan would read compiled
 * copies of the repository as files the command wrote. The scan does not follow the link.
 */
async function shareTsxCache(temp: string): Promise<void> {
  const name = `tsx-${process.getuid?.() ?? userInfo().username}`;
  const shared = join(tmpdir(), name);
  await mkdir(shared, { recursive: true });
  await symlink(shared, join(temp, name));
}

/**
 * The output as a GitHub job log shows it: the runner consumes `::add-mask::` lines (written only when
 * GITHUB_ACTIONS=true) and prints none of them, so they are the one place a secret may be written.
 */
export function shownInLog(text: string): string {
  return text.replace(/^::add-mask::.*$/gm, '');
}

async function runGuarded(script: string, args: string[], options: RunCliOptions): Promise<CliRun> {
  const cwd = await mkdtemp(join(tmpdir(), 'oss-cwd-'));
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'oss-home-')));
  const temp = await mkdtemp(join(tmpdir(), 'oss-tmp-'));
  try {
    await shareTsxCache(temp);
    for (const [name, content] of Object.entries(options.files ?? {})) {
      await writeFile(join(cwd, name), content);
    }
    const roots = [
      [cwd, 'cwd'],
      [home, 'HOME'],
      [temp, 'TMPDIR'],
    ] as const;
    const before = new Map((await Promise.all(roots.map(([root]) => snapshot(root)))).flatMap((map) => [...map]));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      USERPROFILE: home,
      TMPDIR: temp,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      SF_DISABLE_TELEMETRY: 'true',
      SF_SKIP_NEW_VERSION_CHECK: 'true',
      SF_DISABLE_AUTOUPDATE: 'true',
      SF_AUTOUPDATE_DISABLE: 'true',
      SF_DISABLE_LOG_FILE: 'true',
      OSS_RETRY_BASE_MS: '5',
      // The fresh HOME has no record of npm's last update check: no registry call from a test.
      ...(options.viaNpm ? { npm_config_update_notifier: 'false' } : {}),
      ...options.env,
    };
    const run = await execute(commandLine(script, args, options.viaNpm), {
      cwd,
      env,
      timeoutMs: options.timeoutMs ?? 60_000,
      interrupt: options.interrupt,
    });
    const leaks = [
      ...findLeaks(shownInLog(run.stdout), 'stdout', options.secrets, options.secretPatterns),
      ...findLeaks(shownInLog(run.stderr), 'stderr', options.secrets, options.secretPatterns),
    ];
    for (const [root, name] of roots) {
      leaks.push(...(await leaksInWrittenFiles(root, name, before, options)));
    }
    if (leaks.length > 0) {
      throw new SecretLeakError(leaks);
    }
    return run;
  } finally {
    await rm(cwd, { recursive: true, force: true });
    await rm(temp, { recursive: true, force: true });
    if (!options.home) {
      await rm(home, { recursive: true, force: true });
    }
  }
}
