/**
 * Logs the real sf CLI into a local (emulated) org with an access token, in a throw-away HOME, so
 * tests can run `sf` commands and @salesforce/core against that org without touching the user's
 * own ~/.sf. The token travels in SF_ACCESS_TOKEN (never on the command line) and is never printed.
 *
 *   const session = await loginSfCli({ instanceUrl: sf.url, accessToken: sf.issueAccessToken() });
 *   const result = await session.sf(['data', 'query', '-q', 'SELECT Id FROM Organization', '-o', session.alias, '--json']);
 *   await session.dispose();
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sfCompileCacheEnv } from '../../scripts/lib/sfCompileCache';

export interface SfResult {
  exitCode: number;
  /** The parsed --json envelope, or undefined when stdout was not JSON. */
  json: { status: number; result?: unknown; name?: string; message?: string } | undefined;
  stdout: string;
  stderr: string;
}

export interface SfCliSession {
  alias: string;
  home: string;
  /** Environment for anything that must see the same stored login (sf, or a child running @salesforce/core). */
  env: NodeJS.ProcessEnv;
  sf(args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<SfResult>;
  dispose(): Promise<void>;
}

const SF_BIN = resolve(__dirname, '../../node_modules/@salesforce/cli/bin/run.js');

/** Quiet, offline, no update checks, no log files: the CLI must not reach the network or write outside HOME. */
export const SF_QUIET_ENV: NodeJS.ProcessEnv = {
  SF_DISABLE_TELEMETRY: 'true',
  SFDX_DISABLE_TELEMETRY: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true',
  SF_DISABLE_AUTOUPDATE: 'true',
  SF_AUTOUPDATE_DISABLE: 'true',
  SF_DISABLE_LOG_FILE: 'true',
  SF_USE_PROGRESS_BAR: 'false',
  SF_CONTAINER_MODE: 'true',
  // The compile cache a deploy gives its sf CLI (code only, under node_modules): each test's sf run starts faster.
  ...sfCompileCacheEnv(resolve(__dirname, '../..'), {}),
};

export function runSf(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<SfResult> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [SF_BIN, ...args],
      { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        let json: SfResult['json'];
        try {
          json = JSON.parse(stdout) as SfResult['json'];
        } catch {
          json = undefined;
        }
        resolvePromise({ exitCode, json, stdout, stderr });
      },
    );
  });
}

export async function loginSfCli(options: {
  instanceUrl: string;
  accessToken: string;
  alias?: string;
}): Promise<SfCliSession> {
  const alias = options.alias ?? 'emu';
  const home = await mkdtemp(join(tmpdir(), 'sf-home-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    ...SF_QUIET_ENV,
  };
  const login = await runSf(
    ['org', 'login', 'access-token', '--instance-url', options.instanceUrl, '--no-prompt', '--alias', alias, '--json'],
    { ...env, SF_ACCESS_TOKEN: options.accessToken },
  );
  if (login.exitCode !== 0 || login.json?.status !== 0) {
    await rm(home, { recursive: true, force: true });
    // The token is only in the environment; the CLI's JSON error does not echo it.
    throw new Error(
      `sf org login access-token failed (exit ${login.exitCode}): ${login.json?.name ?? ''} ${login.json?.message ?? login.stderr.slice(0, 500)}`,
    );
  }
  return {
    alias,
    home,
    env,
    sf: (args, extraEnv = {}) => runSf(args, { ...env, ...extraEnv }),
    dispose: () => rm(home, { recursive: true, force: true }),
  };
}
