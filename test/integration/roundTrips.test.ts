/**
 * The read of the current registration runs beside the Salesforce checks (token -> namespace -> probe),
 * so register's critical path is five round trips, not six: shown here from the emulators' request
 * logs, with what is reported and when register refuses unchanged. (`npm run bench` measures the
 * round trips under 150 ms of latency per answer.)
 */
import { countRequests, EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';

let fixture: EmulatorFixture;

beforeEach(async () => {
  fixture = await startEmulatorFixture();
});

afterEach(async () => {
  await fixture.close();
});

const TOKEN_PATH = /^\/services\/oauth2\/token$/;
const CONNECTOR_PATH = /^\/api\/callback\/connectors\/salesforceOauth2$/;

/** When the last such request reached the emulator. */
function lastArrival(service: 'salesforce' | 'onespan', method: string, path: RegExp): number {
  const entry = fixture.emulators[service]
    .requests()
    .filter((request) => request.method === method && path.test(request.path))
    .pop();
  if (!entry) {
    throw new Error(`no ${method} ${String(path)} reached the ${service} emulator`);
  }
  return entry.at;
}

describe.each([
  ['register', 'Current registration'],
  ['verify', 'Read registration'],
])('%s reads the registration beside the Salesforce checks', (command, readStep) => {
  it('sends the OneSpan read before the token is answered, and reports it after the probe', async () => {
    if (command === 'verify') {
      await fixture.run('register', ['--json']);
    }
    const { salesforce } = fixture.emulators;
    // Nothing after the token can be sent before this answer arrives.
    salesforce.faults.add({ method: 'POST', path: TOKEN_PATH, kind: 'latency', ms: 800, times: 1 });
    const run = await fixture.run(command);
    expect(run.exitCode).toBe(0);
    const tokenAnswered = lastArrival('salesforce', 'POST', TOKEN_PATH) + 800;
    const reads = fixture.emulators.onespan.requests().filter((request) => request.method === 'GET');
    expect(reads[reads.length - (command === 'register' ? 2 : 1)].at).toBeLessThan(tokenAnswered);
    expect(run.stdout).toMatch(new RegExp(`✔ Probe[^\\n]*\\n✔ ${readStep}`));
  });
});

describe('when the Salesforce side fails', () => {
  it('refuses exactly as before: the Salesforce error, no read step reported, nothing written', async () => {
    const run = await fixture.run('register', [], { env: { SF_CLIENT_SECRET: 'wrong-secret-value' } });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('✖ Token (Client Credentials Flow)');
    expect(run.stdout).not.toContain('Current registration');
    expect(run.stderr).toContain('Error (OAuthWrongSecretError)');
    expect(countRequests(fixture.emulators.onespan.requests(), 'POST', /./)).toBe(0);
  });

  it('does not wait for a read nobody will look at', async () => {
    // A OneSpan read that hangs would keep the process for at least one 45 s timeout after the refusal;
    // an abandoned read lets it end with the refusal (a run takes a few seconds even on a busy machine).
    fixture.emulators.onespan.faults.add({ method: 'GET', path: CONNECTOR_PATH, kind: 'timeout' });
    const run = await fixture.run('register', ['--timeout', '45000', '--json'], {
      env: { SF_CLIENT_SECRET: 'wrong-secret-value' },
      timeoutMs: 120_000,
    });
    expect(run.json).toMatchObject({ status: 1, name: 'OAuthWrongSecretError' });
    expect(countRequests(fixture.emulators.onespan.requests(), 'GET', CONNECTOR_PATH)).toBe(1);
    expect(run.durationMs).toBeLessThan(30_000);
  }, 180_000);
});
