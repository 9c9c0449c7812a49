/** `npm run smoke` against the emulators: Step 5 end to end, and the ways it fails. */
import { callbackKeyOf, countRequests, EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';

let fixture: EmulatorFixture;

beforeEach(async () => {
  fixture = await startEmulatorFixture();
});

afterEach(async () => {
  await fixture.close();
});

function register(overrides: Partial<{ events: string[]; key: string }> = {}): void {
  fixture.emulators.onespan.setConnector('salesforceOauth2', {
    url: `${fixture.emulators.salesforce.url}/services/apexrest/OSS/callback`,
    events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
    key: fixture.expectedKey,
    ...overrides,
  });
}

const packagePosts = () => countRequests(fixture.emulators.onespan.requests(), 'POST', /^\/api\/packages$/);
const packageDeletes = () => countRequests(fixture.emulators.onespan.requests(), 'DELETE', /^\/api\/packages\//);

describe('smoke', () => {
  it('creates a DRAFT transaction, finds its PACKAGE_CREATE in the org, reports the delay and deletes it', async () => {
    register();
    const run = await fixture.run('smoke', ['--json']);
    expect(run.exitCode).toBe(0);
    const result = run.json?.result as {
      packageId: string;
      delayMs: number;
      deleted: boolean;
      event: { Event_Name__c: string; Package_Id__c: string };
    };
    expect(result.event).toMatchObject({ Event_Name__c: 'PACKAGE_CREATE', Package_Id__c: result.packageId });
    expect(result.delayMs).toBeGreaterThanOrEqual(0);
    expect(result.delayMs).toBeLessThan(run.durationMs);
    expect(result.deleted).toBe(true);
    const stored = fixture.emulators.salesforce.events().filter((event) => event.Package_Id__c === result.packageId);
    expect(stored.map((event) => event.Event_Name__c)).toEqual(['PACKAGE_CREATE']);
    // The emulator routes only packages with data.origin "OSS" to the salesforceOauth2 connector.
    expect(packagePosts()).toBe(1);
    expect(packageDeletes()).toBe(1);
  });

  it('prints the steps and the delay for humans', async () => {
    register();
    const run = await fixture.run('smoke');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /✔ PACKAGE_CREATE arrived in OSS_Callback_Event__c \.\.\. OSS-\d+ \(a0O\w+\) after \d+ ms/,
    );
    expect(run.stdout).toMatch(
      /callback reached the org \d+ ms after the transaction was created \(polled every 500 ms\)/,
    );
    expect(run.stdout).toContain('✔ Deleted the test transaction');
  });

  it('fails before creating anything when the connector is not registered', async () => {
    const run = await fixture.run('smoke', ['--json']);
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ status: 1, name: 'NotRegisteredError' });
    expect(packagePosts()).toBe(0);
  });

  it('fails when the registration does not subscribe PACKAGE_CREATE', async () => {
    register({ events: ['PACKAGE_COMPLETE'] });
    const run = await fixture.run('smoke', ['--events', 'PACKAGE_COMPLETE', '--json']);
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'SmokeEventNotSubscribedError' });
    expect(run.json?.actions?.[0]).toContain('--events PACKAGE_COMPLETE,PACKAGE_CREATE');
    expect(packagePosts()).toBe(0);
  });

  it('times out with progress on stderr when OneSpan cannot deliver, and still deletes the transaction', async () => {
    // The key OneSpan holds has an old secret it cannot get a token with; OneSpan does not echo keys here.
    const staleKey = callbackKeyOf(
      new URL(fixture.emulators.salesforce.url).host,
      fixture.env.SF_CLIENT_ID,
      'ROTATED-AWAY-SECRET-42',
    );
    register({ key: staleKey });
    const run = await fixture.run('smoke', ['--wait', '2'], {
      secrets: [
        { label: 'the old secret', value: 'ROTATED-AWAY-SECRET-42' },
        { label: 'the stale key', value: staleKey },
      ],
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(
      /Error \(CallbackNotReceivedError\): No PACKAGE_CREATE for transaction \S+ reached OSS_Callback_Event__c within 2 s/,
    );
    expect(run.stderr).toContain('npm run doctor');
    expect(run.stderr).toMatch(/Waiting for PACKAGE_CREATE of \S+ … \d s of 2 s/);
    expect(run.stdout).toContain('✖ PACKAGE_CREATE arrived in OSS_Callback_Event__c');
    expect(run.stdout).toContain('✔ Deleted the test transaction');
    expect(packageDeletes()).toBe(1);
    expect(fixture.emulators.onespan.failureEmails()).toHaveLength(1);
    expect(run.durationMs).toBeGreaterThanOrEqual(2000);
  });

  it('refuses a --wait that is not a number of seconds', async () => {
    const run = await fixture.run('smoke', ['--wait', '2m']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--wait "2m" is not a whole number of seconds between 1 and 3600');
  });
});
