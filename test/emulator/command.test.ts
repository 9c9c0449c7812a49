/**
 * `npm run emulator` as a user runs it: it prints paste-able settings that work, and stops cleanly on Ctrl-C.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const LAUNCHER = resolve(ROOT, 'scripts/launcher/run.mjs');

function startCommand(args: string[]) {
  const child = spawn(process.execPath, [LAUNCHER, 'emulator', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const printed = new Promise<Record<string, string>>((done, fail) => {
    child.stdout.on('data', () => {
      if (!stdout.includes('ONESPAN_API_KEY=')) return;
      const env = Object.fromEntries([...stdout.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
      done(env);
    });
    void exited.then((code) => fail(new Error(`emulator exited early (${code}): ${stdout}`)));
  });
  return { child, printed, exited, output: () => stdout };
}

describe('npm run emulator', () => {
  it('prints working settings for a namespaced org and exits 0 on SIGINT', async () => {
    const run = startCommand(['--namespace', 'ONSS']);
    const env = await run.printed;
    expect(Object.keys(env).sort()).toEqual([
      'ONESPAN_API_KEY',
      'ONESPAN_API_URL',
      'SF_CLIENT_ID',
      'SF_CLIENT_SECRET',
      'SF_INSTANCE_URL',
    ]);
    expect(run.output()).toContain('Emulator-only demo values');

    const token = await fetch(`${env.SF_INSTANCE_URL}/services/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: env.SF_CLIENT_ID,
        client_secret: env.SF_CLIENT_SECRET,
      }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const health = await fetch(`${env.SF_INSTANCE_URL}/services/apexrest/ONSS/OSS/callback`, {
      headers: { Authorization: `Bearer ${token.access_token}` },
    });
    expect(health.status).toBe(200);
    const connector = await fetch(`${env.ONESPAN_API_URL}/callback/connectors/salesforceOauth2`, {
      headers: { Authorization: `Basic ${env.ONESPAN_API_KEY}` },
    });
    expect(connector.status).toBe(404);

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    await expect(fetch(`${env.SF_INSTANCE_URL}/services/data`)).rejects.toMatchObject({ name: 'TypeError' });
  });

  it('refuses an invalid port', async () => {
    const run = startCommand(['--port-salesforce', '70000']);
    await expect(run.printed).rejects.toThrow(/exited early/);
    expect(await run.exited).not.toBe(0);
  });
});

describe('npm run emulator -- --json', () => {
  it('prints one JSON document with the settings, then serves until stopped', async () => {
    const run = startCommand(['--json']);
    run.printed.catch(() => undefined); // the export lines are for human mode
    const printed = await new Promise<{ status: number; result: { env: Record<string, string> } }>((done, fail) => {
      run.child.stdout.on('data', () => {
        try {
          done(JSON.parse(run.output()) as { status: number; result: { env: Record<string, string> } });
        } catch {
          // not all of it yet
        }
      });
      void run.exited.then((code) => fail(new Error(`emulator exited early (${code}): ${run.output()}`)));
    });
    expect(printed.status).toBe(0);
    expect(Object.keys(printed.result.env)).toContain('SF_INSTANCE_URL');
    const health = await fetch(`${printed.result.env.SF_INSTANCE_URL}/services/oauth2/token`, { method: 'POST' });
    expect(health.status).toBe(400);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    // The stop notice went to stderr: stdout is still the one document.
    expect(JSON.parse(run.output())).toEqual(printed);
  });
});

describe('a background npm run emulator', () => {
  it('stops serving when the PID the shell gave (npm) is killed', async () => {
    // `npm run emulator &` then `kill $!`: the PID is npm's, and npm's shell passes no signal on.
    // Its own process group, so that the test can clean up whatever is left, whatever happens.
    const options: SpawnOptions = { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true };
    const npm = process.env.npm_execpath;
    const child = npm
      ? spawn(process.execPath, [npm, 'run', '--silent', 'emulator'], options)
      : spawn('npm', ['run', '--silent', 'emulator'], options);
    try {
      await expectStopsWithNpm(child);
    } finally {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // the group is gone: nothing was left serving
      }
    }
  }, 60_000);
});

async function expectStopsWithNpm(child: ReturnType<typeof spawn>): Promise<void> {
  let stdout = '';
  const url = await new Promise<string>((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^export SF_INSTANCE_URL='([^']+)'$/m.exec(stdout);
      if (match && stdout.includes('ONESPAN_API_KEY=')) done(match[1]);
    });
    child.on('exit', (code) => fail(new Error(`npm exited early (${code}): ${stdout}`)));
  });
  expect((await fetch(`${url}/services/oauth2/token`, { method: 'POST' })).status).toBe(400);
  child.kill('SIGTERM');
  // Within a few seconds nothing answers there any more (the emulator noticed it was orphaned).
  const deadline = Date.now() + 15_000;
  let serving = true;
  while (serving && Date.now() < deadline) {
    await new Promise((pause) => setTimeout(pause, 200));
    serving = await fetch(`${url}/services/oauth2/token`, { method: 'POST' }).then(
      () => true,
      () => false,
    );
  }
  expect(serving).toBe(false);
}
