/**
 * The surface every command shares, as the sf CLI's: `--help` prints help and runs nothing, an unknown
 * flag is an error (exit 2, naming it) in JSON too, the error envelope carries sf's fields, and `--json`
 * output is one document on stdout even through the real npm and with debugging switched on.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/runCli';

jest.setTimeout(180_000);

const COMMANDS = readdirSync(join(REPO_ROOT, 'scripts', 'commands'))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -'.ts'.length));

const script = (command: string) => `scripts/commands/${command}.ts`;

describe('every command', () => {
  it.concurrent.each(COMMANDS)('%s refuses an unknown flag with exit 2 and sf’s error envelope', async (command) => {
    const run = await runCli(script(command), ['--no-such-flag', '--json'], { secrets: [] });
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({
      name: 'FlagError',
      message: expect.stringContaining('Nonexistent flag: --no-such-flag') as string,
      exitCode: 2,
      context: command,
      actions: ['Run the command with --help to see its flags.'],
      warnings: [],
      code: 'FlagError',
      status: 2,
      commandName: command,
    });
  });
});

describe('--help', () => {
  it.concurrent.each(['demo', 'emulator'])('%s prints its help and runs nothing', async (command) => {
    const run = await runCli(script(command), ['--help'], { secrets: [], timeoutMs: 30_000 });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: ${command} \\[options\\]`));
    expect(run.stdout).toContain('--json');
    expect(run.stdout).not.toContain('127.0.0.1');
  });
});

describe('--json through the real npm', () => {
  it('npm run -s demo -- --json is one JSON document on stdout', async () => {
    const run = await runCli(script('demo'), ['--json'], { secrets: [], viaNpm: true, timeoutMs: 120_000 });
    expect(run.exitCode).toBe(0);
    const envelope = JSON.parse(run.stdout) as { status: number; result: Record<string, unknown> };
    expect(envelope).toMatchObject({ status: 0, warnings: expect.any(Array) as unknown[] });
    expect(Object.keys(envelope.result)).toEqual(expect.arrayContaining(['registration', 'archive']));
  });

  it('npm run -s <command> -- --json keeps an error one JSON document too', async () => {
    const run = await runCli(script('verify'), ['--json', '--no-such-flag'], { secrets: [], viaNpm: true });
    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ name: 'FlagError', commandName: 'verify' });
  });
});

describe('debugging under --json', () => {
  it("DEBUG (which turns @salesforce/core's logger on) and OSS_DEBUG leave stdout one JSON document", async () => {
    const run = await runCli(script('credential'), ['--target-org', 'no-such-org', '--json'], {
      env: { DEBUG: '*', OSS_DEBUG: '1', ONESPAN_API_KEY: 'made-up-key-for-this-test' },
      secrets: [{ label: 'ONESPAN_API_KEY', value: 'made-up-key-for-this-test' }],
    });
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ name: 'TargetOrgError', commandName: 'credential' });
    expect(run.stderr).toMatch(/\n\s+at /);
  });
});
