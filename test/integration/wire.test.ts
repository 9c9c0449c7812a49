/**
 * What the real services may answer (issue 11, item 1), against the emulators and through the CLI as a
 * user runs it: a masked key echo, an empty 200 for "nothing registered", an account on OAuth 2.0
 * client credentials only, and a registration of another org that register must not take over silently.
 */
import { countRequests, EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';

let fixture: EmulatorFixture;
let callbackUrl: string;

afterEach(async () => {
  await fixture?.close();
});

const connectorPosts = () => countRequests(fixture.emulators.onespan.requests(), 'POST', /\/callback\/connectors\//);
const tokenRequests = () => countRequests(fixture.emulators.onespan.requests(), 'POST', /^\/oauth2\/token$/);

describe('a key echoed masked', () => {
  beforeEach(async () => {
    fixture = await startEmulatorFixture();
    callbackUrl = `${fixture.emulators.salesforce.url}/services/apexrest/OSS/callback`;
    fixture.emulators.onespan.echoKey = true;
    fixture.emulators.onespan.setMaskedKeyEcho('********');
  });

  it('register --json: exit 0, the key sent, a warning that it cannot be compared (never a difference)', async () => {
    const run = await fixture.run('register', ['--json']);
    expect(run.exitCode).toBe(0);
    expect(run.json).toMatchObject({
      status: 0,
      result: { registered: true, verified: true, keyEchoed: true, keyComparable: false },
    });
    expect(run.json?.warnings?.join('\n')).toContain('not base64 JSON (masked with asterisks');
    expect(fixture.emulators.onespan.connector()?.key).toBe(fixture.expectedKey);
  });

  it('register sends the key again for the same url and events, since a mask cannot show a rotated secret', async () => {
    fixture.emulators.onespan.setConnector('salesforceOauth2', {
      url: callbackUrl,
      events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
      key: fixture.expectedKey,
    });
    const run = await fixture.run('register');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('url and events unchanged; key sent again');
    expect(connectorPosts()).toBe(1);
  });

  it('verify: exit 0 with the same warning', async () => {
    fixture.emulators.onespan.setConnector('salesforceOauth2', {
      url: callbackUrl,
      events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
      key: fixture.expectedKey,
    });
    const run = await fixture.run('verify');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('✔ Matches these settings ... url and events');
    expect(run.stdout + run.stderr).toContain('not base64 JSON');
    expect(run.stderr).not.toContain('RegistrationMismatchError');
  });

  it('doctor skips the key check instead of failing it', async () => {
    fixture.emulators.onespan.setConnector('salesforceOauth2', {
      url: callbackUrl,
      events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
      key: fixture.expectedKey,
    });
    const run = await fixture.run('doctor', ['--json']);
    const checks = run.json?.result as unknown as { id: string; status: string; detail: string }[];
    expect(checks.find((check) => check.id === 'callback-key')).toMatchObject({ status: 'skip' });
    expect(checks.find((check) => check.id === 'callback-key')?.detail).toContain('masked');
  });
});

describe('an empty 200 is "nothing registered"', () => {
  beforeEach(async () => {
    fixture = await startEmulatorFixture();
    // What a service answers whose model defaults to empty values: 200 {"url":"","events":[]}.
    fixture.emulators.onespan.setConnector('salesforceOauth2', { url: '', key: '', events: [] });
  });

  it('register reports no current registration and registers', async () => {
    const run = await fixture.run('register', ['--json']);
    expect(run.exitCode).toBe(0);
    expect(run.json?.result).toMatchObject({ changes: [{ field: 'registration', message: 'nothing is registered' }] });
  });

  it('verify says nothing is registered, not that it differs', async () => {
    const run = await fixture.run('verify', ['--json']);
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'NotRegisteredError' });
  });
});

describe('a OneSpan account on OAuth 2.0 client credentials only', () => {
  let oauthEnv: Record<string, string>;

  beforeEach(async () => {
    fixture = await startEmulatorFixture({ onespan: { auth: 'oauth' } });
    const { oauth } = fixture.emulators.onespan;
    oauthEnv = { ONESPAN_API_KEY: '', ONESPAN_CLIENT_ID: oauth.clientId, ONESPAN_CLIENT_SECRET: oauth.clientSecret };
  });

  const runOAuth = (command: string, args: string[] = []) =>
    fixture.run(command, args, {
      env: oauthEnv,
      secrets: [{ label: 'the OneSpan OAuth client secret', value: fixture.emulators.onespan.oauth.clientSecret }],
      secretPatterns: [{ label: 'a OneSpan OAuth token (JWT)', pattern: /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/ }],
    });

  it('register and verify work end to end, one token per run', async () => {
    const register = await runOAuth('register');
    expect(register.exitCode).toBe(0);
    // GET, POST and GET share one token.
    expect(tokenRequests()).toBe(1);
    expect(fixture.emulators.onespan.connector()?.key).toBe(fixture.expectedKey);
    const verify = await runOAuth('verify');
    expect(verify.exitCode).toBe(0);
    expect(tokenRequests()).toBe(2);
  });

  it('smoke creates, waits for and deletes its transaction with one token', async () => {
    await runOAuth('register');
    const before = tokenRequests();
    const run = await runOAuth('smoke', ['--json']);
    expect(run.exitCode).toBe(0);
    expect(countRequests(fixture.emulators.onespan.requests(), 'DELETE', /^\/api\/packages\//)).toBe(1);
    expect(tokenRequests() - before).toBe(1);
  });

  it('doctor names the OAuth mode', async () => {
    const run = await runOAuth('doctor');
    expect(run.stdout).toContain('OAuth 2.0 client credentials (ONESPAN_CLIENT_ID) accepted by');
  });

  it('refuses the API key, and the error says to use the OAuth settings', async () => {
    const run = await fixture.run('register', ['--json']);
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'OneSpanOAuthOnlyError' });
    expect(run.json?.actions?.join('\n')).toContain('ONESPAN_CLIENT_ID and ONESPAN_CLIENT_SECRET');
    expect(connectorPosts()).toBe(0);
  });

  it('a wrong client secret is named as the OAuth credentials', async () => {
    const run = await fixture.run('verify', ['--json'], {
      env: { ...oauthEnv, ONESPAN_CLIENT_SECRET: 'not-the-secret-of-this-client' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'OneSpanOAuthError' });
    expect(run.json?.message).toContain('/oauth2/token');
  });

  it('an account on API keys refuses the OAuth credentials, pointing at ONESPAN_API_KEY', async () => {
    fixture.emulators.onespan.setAuthMode('apiKey');
    const run = await runOAuth('verify', ['--json']);
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'OneSpanOAuthError' });
    expect(run.json?.actions?.join('\n')).toContain('set ONESPAN_API_KEY instead');
  });

  it('settings: both modes at once, or half of the OAuth pair, are refused naming the settings', async () => {
    const both = await fixture.run('verify', ['--json'], {
      env: { ...oauthEnv, ONESPAN_API_KEY: fixture.emulators.onespan.apiKey },
    });
    expect(both.exitCode).toBe(2);
    expect(both.json?.message).toContain('ONESPAN_API_KEY (environment only): is set together with ONESPAN_CLIENT_ID');
    const half = await fixture.run('verify', ['--json'], { env: { ...oauthEnv, ONESPAN_CLIENT_SECRET: '' } });
    expect(half.exitCode).toBe(2);
    expect(half.json?.message).toContain(
      'ONESPAN_CLIENT_SECRET (environment only): is not set, but ONESPAN_CLIENT_ID is',
    );
  });
});

describe('event names OneSpan withdrew or added, read back', () => {
  beforeEach(async () => {
    fixture = await startEmulatorFixture();
    callbackUrl = `${fixture.emulators.salesforce.url}/services/apexrest/OSS/callback`;
    fixture.emulators.onespan.setConnector('salesforceOauth2', {
      url: callbackUrl,
      events: ['PACKAGE_COMPLETE', 'PACKAGE_OPT_OUT', 'RECORDINGS_READY'],
      key: fixture.expectedKey,
    });
  });

  it('verify names them as a difference, without failing on the names themselves', async () => {
    const run = await fixture.run('verify', ['--json']);
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'RegistrationMismatchError' });
    expect(run.json?.message).toContain('removes PACKAGE_OPT_OUT, RECORDINGS_READY');
  });

  it('register replaces them with the events asked for', async () => {
    const run = await fixture.run('register');
    expect(run.exitCode).toBe(0);
    expect(fixture.emulators.onespan.connector()?.events).toEqual(['PACKAGE_COMPLETE', 'PACKAGE_CREATE']);
  });
});

describe('register and a registration of another org', () => {
  const otherOrg = 'https://team-sandbox.my.salesforce.com/services/apexrest/OSS/callback';

  beforeEach(async () => {
    fixture = await startEmulatorFixture();
    fixture.emulators.onespan.setConnector('salesforceOauth2', {
      url: otherOrg,
      events: ['PACKAGE_COMPLETE'],
      key: 'b3RoZXI=',
    });
  });

  it('refuses without --replace, naming the org that would lose its callbacks, and POSTs nothing', async () => {
    const run = await fixture.run('register', ['--json']);
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'RegistrationOfAnotherOrgError' });
    expect(run.json?.message).toContain(otherOrg);
    expect(run.json?.actions?.join('\n')).toContain('--replace');
    expect(connectorPosts()).toBe(0);
    expect(fixture.emulators.onespan.connector()?.url).toBe(otherOrg);
  });

  it('also refuses a registration of the same host on another path (another namespace or receiver)', async () => {
    const samehost = `${fixture.emulators.salesforce.url}/services/apexrest/OTHER/OSS/callback`;
    fixture.emulators.onespan.setConnector('salesforceOauth2', {
      url: samehost,
      events: ['PACKAGE_COMPLETE'],
      key: 'b3RoZXI=',
    });
    const run = await fixture.run('register');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(samehost);
    expect(connectorPosts()).toBe(0);
  });

  it('replaces it with --replace, warning which org stops receiving callbacks', async () => {
    const run = await fixture.run('register', ['--replace', '--json']);
    expect(run.exitCode).toBe(0);
    expect(run.json?.result).toMatchObject({ replacedUrl: otherOrg, registered: true });
    expect(run.json?.warnings?.join('\n')).toContain(`the registration of ${otherOrg} is replaced`);
    expect(fixture.emulators.onespan.connector()?.url).toBe(
      `${fixture.emulators.salesforce.url}/services/apexrest/OSS/callback`,
    );
  });
});
