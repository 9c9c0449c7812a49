/**
 * The launcher behind `npm run register|verify|doctor|smoke|replay|reconcile`: it runs the command from a bundle, rebuilds the bundle
 * when any input changed, and behaves exactly like the command run through tsx.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulatorFixture } from '../helpers/emulatorFixture';
import { runCli } from '../helpers/runCli';

const LAUNCHER = 'scripts/launcher/run.mjs';
let cache: string;

beforeEach(async () => {
  cache = await mkdtemp(join(tmpdir(), 'oss-cli-cache-'));
});

afterEach(async () => {
  await rm(cache, { recursive: true, force: true });
});

const launch = (args: string[], env: Record<string, string> = {}) =>
  runCli(LAUNCHER, args, { env: { OSS_CLI_CACHE_DIR: cache, ...env }, secrets: [] });

describe('scripts/launcher/run.mjs', () => {
  it('builds the bundle once, reuses it, and rebuilds it when an input changed', async () => {
    const first = await launch(['verify', '--json']);
    expect(first.json).toMatchObject({ status: 2, name: 'InvalidSettingsError' });
    const bundle = join(cache, 'verify.cjs');
    const built = (await stat(bundle)).mtimeMs;

    const second = await launch(['verify', '--json']);
    expect(second.json).toMatchObject({ status: 2, name: 'InvalidSettingsError' });
    expect((await stat(bundle)).mtimeMs).toBe(built);

    const inputsPath = join(cache, 'verify.inputs.json');
    const inputs = JSON.parse(await readFile(inputsPath, 'utf8')) as Record<string, string>;
    expect(Object.keys(inputs)).toContain('scripts/commands/verify.ts');
    expect(Object.keys(inputs)).toContain('scripts/lib/settings.ts');
    // As if settings.ts had been edited since the build.
    await writeFile(inputsPath, JSON.stringify({ ...inputs, 'scripts/lib/settings.ts': '0:0' }));
    await launch(['verify', '--json']);
    expect((await stat(bundle)).mtimeMs).toBeGreaterThan(built);
  });

  it('refuses a command it does not bundle', async () => {
    const run = await launch(['deploy']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('run.mjs runs register, verify, doctor, smoke, replay, reconcile; got "deploy"');
  });

  it('registers against the emulators as the tsx-run command does, through the leak guard', async () => {
    const fixture = await startEmulatorFixture();
    try {
      const run = await runCli(LAUNCHER, ['register', '--json'], {
        env: { ...fixture.env, OSS_CLI_CACHE_DIR: cache },
        secrets: fixture.secrets,
        secretPatterns: fixture.secretPatterns,
      });
      expect(run.json).toMatchObject({ status: 0, result: { registered: true, verified: true } });
      expect(fixture.emulators.onespan.connector()?.key).toBe(fixture.expectedKey);
    } finally {
      await fixture.close();
    }
  });
});
