/**
 * `npm run emulator` as a user runs it: it prints paste-able settings that work, and stops cleanly on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

function startCommand(args: string[]) {
  const child = spawn(TSX, ['scripts/commands/emulator.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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
