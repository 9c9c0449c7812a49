/**
 * Concurrency and interruption, as they happen in CI: two pipelines registering at once, and a job
 * cancelled (SIGINT) half-way. Whatever the timing, OneSpan must end with one whole registration (never
 * the url of one run with the events of the other), each run must say truthfully whether its own
 * registration is what OneSpan holds, and `verify` must report the state an interrupt left behind.
 */
import { CliRun } from '../helpers/runCli';
import { countRequests, EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';

const CONNECTOR_PATH = /^\/api\/callback\/connectors\/salesforceOauth2$/;

let fixture: EmulatorFixture;

beforeEach(async () => {
  fixture = await startEmulatorFixture();
});

afterEach(async () => {
  await fixture.close();
});

const callbackUrl = () => `${fixture.emulators.salesforce.url}/services/apexrest/OSS/callback`;

describe('two register runs at once', () => {
  it('end with one whole registration, and verify tells which run it belongs to', async () => {
    const eventLists = ['PACKAGE_COMPLETE', 'PACKAGE_CREATE,DOCUMENT_SIGNED'];
    const runs = await Promise.all(eventLists.map((events) => fixture.run('register', ['--json', '--events', events])));
    expect(countRequests(fixture.emulators.onespan.requests(), 'POST', CONNECTOR_PATH)).toBe(2);
    // Whole: the url, key and events of one run, never a mix (each POST replaces everything).
    const registered = fixture.emulators.onespan.connector();
    const winner = eventLists.findIndex((events) => events === registered?.events.join(','));
    expect(winner).toBeGreaterThanOrEqual(0);
    expect(registered).toEqual({ url: callbackUrl(), events: eventLists[winner].split(','), key: fixture.expectedKey });
    // The last writer read its own registration back. The other run either verified before being
    // replaced, or saw the replacement and refused to claim success.
    expect(runs[winner].exitCode).toBe(0);
    const other = runs[1 - winner];
    expect(other.exitCode === 0 || other.json?.name === 'RegistrationNotVerifiedError').toBe(true);

    const [winnerCheck, otherCheck] = await Promise.all([
      fixture.run('verify', ['--json', '--events', eventLists[winner]]),
      fixture.run('verify', ['--json', '--events', eventLists[1 - winner]]),
    ]);
    expect(winnerCheck.json).toMatchObject({ status: 0, result: { verified: true } });
    expect(otherCheck.json).toMatchObject({ status: 1, name: 'RegistrationMismatchError' });
  });

  it('with the same settings, both succeed and OneSpan holds that one registration', async () => {
    const runs = await Promise.all([fixture.run('register', ['--json']), fixture.run('register', ['--json'])]);
    expect(runs.map((run) => run.exitCode)).toEqual([0, 0]);
    expect(fixture.emulators.onespan.connector()).toEqual({
      url: callbackUrl(),
      events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
      key: fixture.expectedKey,
    });
  });
});

describe('register interrupted with SIGINT', () => {
  /** Holds each OneSpan read long enough to interrupt the run while it waits. */
  const HOLD_MS = 4000;

  function holdOneSpanReads(ms = HOLD_MS): void {
    fixture.emulators.onespan.faults.add({ method: 'GET', path: CONNECTOR_PATH, kind: 'latency', ms });
  }

  const oneSpanLog = () => fixture.emulators.onespan.requests().map((request) => request.method);
  /**
   * The read of the current registration is sent at the start, beside the Salesforce checks, so the run
   * waits in "Current registration" once the probe has been answered: held long enough to outlast the
   * checks on a busy machine, interrupted a second after the probe arrived.
   */
  const READ_HOLD_MS = 15_000;
  const waitingForTheRead = (): boolean => {
    const probe = fixture.emulators.salesforce.requests().find((request) => request.path.endsWith('/OSS/callback'));
    return oneSpanLog().length === 1 && probe !== undefined && Date.now() - probe.at > 1000;
  };

  function expectPromptInterrupt(run: CliRun, step: string): void {
    expect(run.exitCode).toBe(130);
    expect(run.json).toMatchObject({ status: 130, name: 'InterruptedError' });
    expect(run.json?.message).toBe(`Interrupted by SIGINT during "${step}"; the command stopped without finishing.`);
    expect(run.json?.actions?.[0]).toContain('npm run verify');
    // It did not wait for the held request (nor its retries) to end.
    expect(run.signalledAt).toBeDefined();
    expect(run.durationMs - (run.signalledAt as number)).toBeLessThan(HOLD_MS / 2);
  }

  it('between the POST and the read-back: exits 130 at once, and verify finds the registration in place', async () => {
    holdOneSpanReads();
    const run = await fixture.run('register', ['--json'], {
      // The read-back GET has arrived (and is held) once a GET follows the POST in the log.
      interrupt: { when: () => oneSpanLog().join(',') === 'GET,POST,GET' },
    });
    expectPromptInterrupt(run, 'Verified');
    fixture.emulators.onespan.faults.clear();
    const check = await fixture.run('verify', ['--json']);
    expect(check.json).toMatchObject({ status: 0, result: { registered: true, verified: true } });
  });

  it('before the POST: nothing was registered, and verify says so with the fix', async () => {
    holdOneSpanReads(READ_HOLD_MS);
    const run = await fixture.run('register', ['--json'], { interrupt: { when: waitingForTheRead } });
    expectPromptInterrupt(run, 'Current registration');
    expect(oneSpanLog()).toEqual(['GET']);
    fixture.emulators.onespan.faults.clear();
    const check = await fixture.run('verify', ['--json']);
    expect(check.json).toMatchObject({ status: 1, name: 'NotRegisteredError' });
    expect(check.json?.actions?.join('\n')).toContain('npm run register');
  });

  it('tells a person on stderr which step was cut short', async () => {
    holdOneSpanReads(READ_HOLD_MS);
    const run = await fixture.run('register', [], { interrupt: { when: waitingForTheRead } });
    expect(run.exitCode).toBe(130);
    expect(run.stderr).toContain('Error (InterruptedError): Interrupted by SIGINT during "Current registration"');
    expect(run.stderr).toContain('Try this:');
  });
});
