/**
 * The launcher behind every `npm run <command>`: it runs the command from a bundle in its own process,
 * rebuilds the bundle when any input changed, and behaves exactly like the command run through tsx.
 */
import * as nodeModule from 'node:module';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulatorFixture } from '../helpers/emulatorFixture';
import { findLeaks, REPO_ROOT, runCli } from '../helpers/runCli';

const LAUNCHER = 'scripts/launcher/run.mjs';
/** Node 22.1+; on older Nodes the launcher runs without a compile cache. */
const { enableCompileCache } = nodeModule as { enableCompileCache?: unknown };
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

  it('refuses a command that does not exist, listing those that do', async () => {
    const run = await launch(['deplyo']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Unknown command "deplyo". The commands: archive, bench, ci-registration,');
  });

  it('gives code that finds files from __dirname its source folder, not the cache (deploy, the emulator)', async () => {
    const run = await launch(['demo', '--json']);
    expect(run.json).toMatchObject({ status: 0, result: { archive: { packageId: expect.any(String) as string } } });
    const bundle = await readFile(join(cache, 'demo.cjs'), 'utf8');
    expect(bundle).toContain(JSON.stringify(join(REPO_ROOT, 'scripts', 'emulator', 'onespan')));
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
      // V8's compile cache (Node 22.1+) beside the bundle: compiled code of the bundle and jsforce, no secret of the run.
      if (typeof enableCompileCache === 'function') {
        const compiled = (await readdir(join(cache, 'v8'), { recursive: true, withFileTypes: true })).filter((entry) =>
          entry.isFile(),
        );
        expect(compiled.length).toBeGreaterThan(0);
        for (const entry of compiled) {
          const content = await readFile(join(entry.parentPath, entry.name));
          const where = entry.name;
          expect([
            ...findLeaks(content.toString('latin1'), where, fixture.secrets, fixture.secretPatterns),
            ...findLeaks(content.toString('utf8'), where, fixture.secrets, fixture.secretPatterns),
          ]).toEqual([]);
        }
      }
    } finally {
      await fixture.close();
    }
  });
});
