/**
 * docs/try-it-by-hand.md runs as written: its first block starts `npm run emulator` (as a user would,
 * through npm), its paste-here block becomes the lines the emulator printed (the exports and the real sf
 * CLI's `org login access-token` lines), and every other `sh` block runs in one bash, in order, in a
 * throw-away HOME. A command annotated `# exits N` must exit N; any other must exit 0. The emulator's
 * printed transaction lines must be the page's, so the two cannot drift apart. What the walkthrough
 * prints (not the emulator's own print-out, which shows its demo values on purpose) goes through the
 * leak guard's search for the secrets and tokens of the run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLeaks, REPO_ROOT } from '../helpers/runCli';
import { SF_QUIET_ENV } from '../helpers/sfCliLogin';

const PAGE = join(REPO_ROOT, 'docs/try-it-by-hand.md');
const PASTE_HERE = /^# paste the export lines .* that npm run emulator printed, such as:$/;

// Two sf CLI logins, five commands and two sf/curl calls, each a cold process, on a shared machine.
jest.setTimeout(600_000);

/** The page's `sh` blocks, each as its lines. */
export function shellBlocks(markdown: string): string[][] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1].trimEnd().split('\n'));
}

/**
 * One bash line per command: `# exits N` makes the expected exit code N; a command that ends otherwise
 * stops the script, naming the command.
 */
export function checkedLine(line: string): string {
  if (/^\s*(#.*)?$/.test(line)) return line;
  const expected = /#\s*exits (\d+)\b/.exec(line)?.[1] ?? '0';
  const command = line.replace(/\s+#.*$/, '');
  // Echoed for the record, without the access token of a login line.
  const shown = command.replace(/^SF_ACCESS_TOKEN='[^']*'/, 'SF_ACCESS_TOKEN=…');
  const quoted = `'${shown.replace(/'/g, `'\\''`)}'`;
  return [
    `printf '\\n$ %s\\n' ${quoted}`,
    `if ${command}; then rc=0; else rc=$?; fi`,
    `if [ "$rc" != ${expected} ]; then printf 'EXIT %s (expected ${expected}): %s\\n' "$rc" ${quoted} >&2; exit 97; fi`,
  ].join('\n');
}

interface Emulator {
  printed: Promise<string>;
  stop(): Promise<void>;
}

function startEmulator(command: string, env: NodeJS.ProcessEnv): Emulator {
  // Its own process group, so the stop reaches npm, tsx and the emulator alike.
  const child = spawn('bash', ['-c', command], { cwd: REPO_ROOT, env, detached: true, stdio: 'pipe' });
  let stdout = '';
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const printed = new Promise<string>((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // The settings come first; whatever follows them is printed at once, in the same tick.
      if (/^export ONESPAN_/m.test(stdout)) setTimeout(() => done(stdout), 1_000);
    });
    void exited.then(() => fail(new Error(`npm run emulator exited early: ${stdout}`)));
  });
  return {
    printed,
    stop: async () => {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGINT');
      await exited;
    },
  };
}

function runBash(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn('bash', ['-c', script], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => done({ code, out }));
  });
}

describe('docs/try-it-by-hand.md', () => {
  const blocks = shellBlocks(readFileSync(PAGE, 'utf8'));

  it('starts with npm run emulator and has one paste-here block', () => {
    expect(blocks[0]).toEqual(['npm run emulator']);
    expect(blocks.filter((block) => PASTE_HERE.test(block[0]))).toHaveLength(1);
  });

  it('runs as written against npm run emulator, with the real sf CLI logins it prints', async () => {
    const home = await mkdtemp(join(tmpdir(), 'try-by-hand-'));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      npm_config_update_notifier: 'false',
      ...SF_QUIET_ENV,
    };
    const emulator = startEmulator(blocks[0][0], env);
    try {
      const printed = await emulator.printed;
      const lines = printed.split('\n');
      const settings = lines.filter((line) => line.startsWith('export '));
      const logins = lines.filter((line) => line.startsWith('SF_ACCESS_TOKEN='));
      expect(logins).toHaveLength(2);
      expect(logins[0]).toMatch(/ npx sf org login access-token --instance-url http:\/\/127\.0\.0\.1:\d+ --alias emu /);
      expect(logins[1]).toMatch(/ --alias emu-run-as --no-prompt$/);
      // The transaction lines the emulator prints are the page's.
      const pageLines = blocks.flat();
      for (const line of lines.filter((entry) => /^(PACKAGE_ID=|curl )/.test(entry))) {
        expect(pageLines).toContain(line);
      }

      const script = [
        'set -uo pipefail',
        ...blocks
          .slice(1)
          .flatMap((block) =>
            PASTE_HERE.test(block[0]) ? [...settings, ...logins.map(checkedLine)] : block.map(checkedLine),
          ),
      ].join('\n');
      const run = await runBash(script, env);
      if (run.code !== 0) throw new Error(`the walkthrough stopped (exit ${run.code}):\n${run.out}`);

      expect(run.out).toContain('Registered and verified: OneSpan will POST');
      expect(run.out).toContain('15 checks: 14 passed, 1 skipped.');
      expect(run.out).toMatch(/Salesforce refused the sf CLI user of emu-run-as access to this \(INSUFFICIENT_ACCESS/);
      expect(run.out).toMatch(/PACKAGE_COMPLETE/);
      expect(run.out).toMatch(/"status":"COMPLETED"/);

      const value = (name: string) =>
        /='([^']*)'$/.exec(settings.find((line) => line.includes(` ${name}=`)) ?? '')?.[1] ?? '';
      const leaks = findLeaks(
        run.out,
        'the walkthrough output',
        [
          { label: 'SF_CLIENT_SECRET', value: value('SF_CLIENT_SECRET') },
          { label: 'ONESPAN_API_KEY', value: value('ONESPAN_API_KEY') },
        ],
        [{ label: 'an emulator access token', pattern: /00D\w{12}!/ }],
      );
      expect(leaks).toEqual([]);
    } finally {
      await emulator.stop();
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('checkedLine', () => {
  it('checks the exit code a command is annotated with, 0 otherwise, and leaves comments alone', async () => {
    expect(checkedLine('# a comment')).toBe('# a comment');
    expect(checkedLine("SF_ACCESS_TOKEN='00Dx!secret' npx sf org login")).not.toMatch(/printf.*00Dx!secret/);
    const script = (line: string) => ['set -uo pipefail', checkedLine(line), 'echo reached'].join('\n');
    await expect(runBash(script('false   # exits 1: as the page says'), {})).resolves.toMatchObject({ code: 0 });
    await expect(runBash(script("echo 'it''s'"), {})).resolves.toMatchObject({ code: 0 });
    const wrong = await runBash(script('false'), {});
    expect(wrong.code).toBe(97);
    expect(wrong.out).toContain('EXIT 1 (expected 0): false');
    expect((await runBash(script('true # exits 2'), {})).code).toBe(97);
  });
});
