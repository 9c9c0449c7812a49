/** `npm run verify` as a user runs it, against the emulators; it must never write to OneSpan. */
import { callbackKeyOf, countRequests, EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';

let fixture: EmulatorFixture;
let callbackUrl: string;

beforeEach(async () => {
  fixture = await startEmulatorFixture();
  callbackUrl = `${fixture.emulators.salesforce.url}/services/apexrest/OSS/callback`;
});

afterEach(async () => {
  await fixture.close();
});

const register = (key = fixture.expectedKey, overrides: Partial<{ url: string; events: string[] }> = {}) =>
  fixture.emulators.onespan.setConnector('salesforceOauth2', {
    url: callbackUrl,
    events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
    key,
    ...overrides,
  });
const oneSpanPosts = () => countRequests(fixture.emulators.onespan.requests(), 'POST', /./);

describe('verify', () => {
  it('passes when the registration matches and works, reading but never writing', async () => {
    register();
    const run = await fixture.run('verify');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /✔ Token[\s\S]*✔ Namespace[\s\S]*✔ Probe[\s\S]*✔ Read registration[\s\S]*✔ Matches these settings \.\.\. url and events/,
    );
    expect(run.stdout).toContain(
      `The registration matches and works: OneSpan can get a token and reach ${callbackUrl}.`,
    );
    expect(oneSpanPosts()).toBe(0);
  });

  it('also compares the key when OneSpan echoes it', async () => {
    fixture.emulators.onespan.echoKey = true;
    register();
    const run = await fixture.run('verify', ['--json']);
    expect(run.exitCode).toBe(0);
    expect(run.json?.result).toMatchObject({ verified: true, registered: true, keyEchoed: true, differences: [] });
  });

  it('fails with the differences when another url and events are registered', async () => {
    register(fixture.expectedKey, {
      url: 'https://old.my.salesforce.com/services/apexrest/OSS/callback',
      events: ['PACKAGE_DECLINE'],
    });
    const run = await fixture.run('verify');
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('✖ Matches these settings ... 2 difference(s)');
    expect(run.stderr).toContain('Error (RegistrationMismatchError)');
    expect(run.stderr).toContain(
      `url is https://old.my.salesforce.com/services/apexrest/OSS/callback, expected ${callbackUrl}`,
    );
    expect(run.stderr).toContain('adds PACKAGE_COMPLETE, PACKAGE_CREATE; removes PACKAGE_DECLINE');
    expect(run.stderr).toContain('npm run register');
    expect(oneSpanPosts()).toBe(0);
  });

  it('tells to migrate a Refresh Token Flow key', async () => {
    fixture.emulators.onespan.echoKey = true;
    const refreshKey = Buffer.from(
      JSON.stringify({
        host: new URL(fixture.emulators.salesforce.url).host,
        client_id: fixture.env.SF_CLIENT_ID,
        refresh_token: '5Aep861refresh-token-value',
      }),
    ).toString('base64');
    register(refreshKey);
    const run = await fixture.run('verify', ['--json'], {
      secrets: [
        { label: 'the refresh token', value: '5Aep861refresh-token-value' },
        { label: 'the refresh-token key', value: refreshKey },
      ],
    });
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ status: 1, name: 'RegistrationMismatchError' });
    expect(run.json?.message).toContain(
      'the registered key uses the Refresh Token Flow (refresh_token); run `npm run register` to migrate to the Client Credentials Flow',
    );
  });

  it('finds a key whose host or secret differs', async () => {
    fixture.emulators.onespan.echoKey = true;
    register(callbackKeyOf('old.my.salesforce.com', fixture.env.SF_CLIENT_ID, 'an-older-secret-value'));
    const run = await fixture.run('verify', [], {
      secrets: [{ label: 'the old secret', value: 'an-older-secret-value' }],
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("the key's host is old.my.salesforce.com");
    expect(run.stderr).toContain('another client_secret than SF_CLIENT_SECRET');
  });

  it('fails when nothing is registered', async () => {
    const run = await fixture.run('verify', ['--json']);
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'NotRegisteredError', data: { registered: false, verified: false } });
  });
});
