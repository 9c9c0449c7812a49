/**
 * `npm run register` as a user runs it: a child process with environment and flags, against the
 * emulators started here. Every run goes through the secret-leak guard.
 */
import { countRequests, EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';

let fixture: EmulatorFixture;

beforeEach(async () => {
  fixture = await startEmulatorFixture();
});

afterEach(async () => {
  await fixture.close();
});

const oneSpanPosts = () => countRequests(fixture.emulators.onespan.requests(), 'POST', /\/callback\/connectors\//);
const oneSpanRequests = () => fixture.emulators.onespan.requests().length;

describe('register succeeds', () => {
  it('without a namespace: steps with ticks, the connector registered with a one-line key, six requests', async () => {
    const run = await fixture.run('register');
    expect(run.exitCode).toBe(0);
    const { salesforce, onespan } = fixture.emulators;
    const callbackUrl = `${salesforce.url}/services/apexrest/OSS/callback`;
    expect(run.stdout).toMatch(
      /✔ Token[^\n]*\n✔ Namespace[^\n]*none\n✔ Probe[^\n]*\n✔ Current registration[^\n]*none\n✔ Registered[^\n]*\n✔ Verified/,
    );
    expect(run.stdout).toContain(
      `Registered and verified: OneSpan will POST PACKAGE_COMPLETE, PACKAGE_CREATE to ${callbackUrl}.`,
    );
    expect(onespan.connector()).toEqual({
      url: callbackUrl,
      events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
      key: fixture.expectedKey,
    });
    expect(salesforce.requests().map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /services/oauth2/token',
      'GET /services/data/v62.0/query',
      'GET /services/apexrest/OSS/callback',
    ]);
    expect(onespan.requests().map((request) => request.method)).toEqual(['GET', 'POST', 'GET']);
  });

  it('with a namespace found by the ApexClass query', async () => {
    fixture.emulators.salesforce.setNamespacePrefix('ONSS');
    const run = await fixture.run('register');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('✔ Namespace of OssCallbackResource ... ONSS');
    expect(fixture.emulators.onespan.connector()?.url).toBe(
      `${fixture.emulators.salesforce.url}/services/apexrest/ONSS/OSS/callback`,
    );
  });

  it('with --namespace, skipping the query', async () => {
    fixture.emulators.salesforce.setNamespacePrefix('ONSS');
    const run = await fixture.run('register', ['--namespace', 'ONSS', '--events', 'PACKAGE_COMPLETE,DOCUMENT_SIGNED']);
    expect(run.exitCode).toBe(0);
    expect(countRequests(fixture.emulators.salesforce.requests(), 'GET', /\/query/)).toBe(0);
    expect(fixture.emulators.onespan.connector()).toMatchObject({
      url: `${fixture.emulators.salesforce.url}/services/apexrest/ONSS/OSS/callback`,
      events: ['PACKAGE_COMPLETE', 'DOCUMENT_SIGNED'],
    });
  });

  it('with --json: one sf-style envelope with the result fields', async () => {
    const run = await fixture.run('register', ['--json']);
    expect(run.exitCode).toBe(0);
    expect(run.json).toMatchObject({
      status: 0,
      result: {
        callbackUrl: `${fixture.emulators.salesforce.url}/services/apexrest/OSS/callback`,
        namespacePrefix: '',
        host: new URL(fixture.emulators.salesforce.url).host,
        events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
        registered: true,
        verified: true,
        dryRun: false,
        changes: [{ field: 'registration', message: 'nothing is registered' }],
      },
    });
    expect(run.json?.warnings?.[0]).toContain('does not return the registered key');
  });

  it('takes its settings from a .env file in the working directory', async () => {
    const dotenv = Object.entries(fixture.env)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n');
    const run = await fixture.run('register', [], {
      env: Object.fromEntries(Object.keys(fixture.env).map((name) => [name, ''])),
      files: { '.env': dotenv },
    });
    expect(run.exitCode).toBe(0);
  });

  it('retries OneSpan reads answered 503 and still registers', async () => {
    fixture.emulators.onespan.faults.add({ method: 'GET', path: /connectors/, times: 2, kind: 'status', status: 503 });
    const run = await fixture.run('register');
    expect(run.exitCode).toBe(0);
    expect(countRequests(fixture.emulators.onespan.requests(), 'GET', /connectors/)).toBe(4);
  });
});

describe('register against an existing registration', () => {
  it('says nothing changes and skips the POST when the echoed registration is identical', async () => {
    const { onespan, salesforce } = fixture.emulators;
    onespan.echoKey = true;
    onespan.setConnector('salesforceOauth2', {
      url: `${salesforce.url}/services/apexrest/OSS/callback`,
      events: ['PACKAGE_CREATE', 'PACKAGE_COMPLETE'],
      key: fixture.expectedKey,
    });
    const run = await fixture.run('register');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('✔ Registered ... already registered with these settings; nothing changes');
    expect(oneSpanPosts()).toBe(0);
  });

  it('sends the key again when url and events are unchanged but OneSpan does not return the key', async () => {
    const { onespan, salesforce } = fixture.emulators;
    onespan.setConnector('salesforceOauth2', {
      url: `${salesforce.url}/services/apexrest/OSS/callback`,
      events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
      key: Buffer.from('{"host":"old","client_id":"old","client_secret":"rotated-away"}').toString('base64'),
    });
    const run = await fixture.run('register');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('url and events unchanged; key sent again');
    expect(oneSpanPosts()).toBe(1);
    expect(onespan.connector()?.key).toBe(fixture.expectedKey);
  });

  it('shows what changes (url and events) and replaces it (with --replace: the old URL is another org)', async () => {
    const { onespan, salesforce } = fixture.emulators;
    onespan.setConnector('salesforceOauth2', {
      url: 'https://old.example.com/cb',
      events: ['PACKAGE_DECLINE'],
      key: 'b2xk',
    });
    const run = await fixture.run('register', ['--replace']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /Changes at OneSpan:[\s\S]*url\s+https:\/\/old\.example\.com\/cb\s+http:\/\/127\.0\.0\.1:\d+\/services\/apexrest\/OSS\/callback/,
    );
    expect(run.stdout).toMatch(/events\s+PACKAGE_DECLINE\s+PACKAGE_COMPLETE,PACKAGE_CREATE/);
    expect(onespan.connector()?.url).toBe(`${salesforce.url}/services/apexrest/OSS/callback`);
  });
});

describe('register refuses', () => {
  const clientCases: [string, Record<string, unknown>, string, string][] = [
    ['no Run As user', { runAsUserId: null }, 'OAuthNoRunAsUserError', 'set Run As'],
    [
      'only refresh_token/offline_access scopes',
      { scopes: ['refresh_token', 'offline_access'] },
      'OAuthNoValidScopesError',
      'Remove refresh_token, offline_access',
    ],
    ['the flow disabled', { flowEnabled: false }, 'OAuthFlowNotEnabledError', 'check Enable Client Credentials Flow'],
    [
      'admin-approved users only',
      { adminApprovedOnly: true },
      'OAuthNotAdminApprovedError',
      'OSS_Callback_Integration',
    ],
  ];

  it.each(clientCases)('a client with %s', async (_name, client, code, fix) => {
    const { salesforce } = fixture.emulators;
    salesforce.addClient({
      clientId: 'case-client-id',
      clientSecret: 'case-client-secret',
      runAsUserId: salesforce.demo.runAsUserId,
      scopes: ['api'],
      ...client,
    });
    const run = await fixture.run('register', ['--client-id', 'case-client-id'], {
      env: { SF_CLIENT_SECRET: 'case-client-secret' },
      secrets: [{ label: 'the case secret', value: 'case-client-secret' }],
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('✖ Token (Client Credentials Flow)');
    expect(run.stderr).toContain(`Error (${code})`);
    expect(run.stderr).toContain('Cause:');
    expect(run.stderr).toContain(fix);
    // The read of the current registration runs beside the Salesforce checks; nothing is written.
    expect(oneSpanPosts()).toBe(0);
  });

  it('an inactive Run As user', async () => {
    const { salesforce } = fixture.emulators;
    const userId = salesforce.addUser({ username: 'inactive@example.com', isActive: false });
    salesforce.addClient({
      clientId: 'inactive-client',
      clientSecret: 'inactive-secret',
      runAsUserId: userId,
      scopes: ['api'],
    });
    const run = await fixture.run('register', ['--client-id', 'inactive-client'], {
      env: { SF_CLIENT_SECRET: 'inactive-secret' },
    });
    expect(run.stderr).toContain('Error (OAuthInactiveUserError)');
  });

  it.each([
    [
      'an unknown consumer key',
      ['--client-id', 'no-such-client'],
      {},
      'OAuthUnknownClientError',
      'Copy SF_CLIENT_ID again',
    ],
    [
      'a wrong consumer secret',
      [],
      { SF_CLIENT_SECRET: 'wrong-secret-value' },
      'OAuthWrongSecretError',
      'Copy SF_CLIENT_SECRET again',
    ],
  ])('%s', async (_name, args, env, code, fix) => {
    const run = await fixture.run('register', args, { env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`Error (${code})`);
    expect(run.stderr).toContain(fix);
  });

  it('a token from the generic login host (request not supported on this domain)', async () => {
    const run = await fixture.run('register', ['--instance-url', fixture.emulators.salesforce.genericLoginUrl]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Error (OAuthWrongDomainError)');
    expect(run.stderr).toContain('invalid_grant (request not supported on this domain)');
    expect(run.stderr).toContain("Use the org's My Domain URL");
  });

  it('when the class is not deployed (the query finds no row)', async () => {
    fixture.emulators.salesforce.setClassDeployed(false);
    const run = await fixture.run('register');
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('✖ Namespace of OssCallbackResource');
    expect(run.stderr).toContain('Error (CallbackClassNotDeployedError)');
    expect(run.stderr).toContain('npm run deploy');
    // The read of the current registration runs beside the Salesforce checks; nothing is written.
    expect(oneSpanPosts()).toBe(0);
  });

  it('when the probe gets NOT_FOUND (class not deployed, namespace given)', async () => {
    fixture.emulators.salesforce.setClassDeployed(false);
    const run = await fixture.run('register', ['--namespace', '']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('✖ Probe');
    expect(run.stderr).toContain('NOT_FOUND: Could not find a match for URL /OSS/callback');
    expect(run.stderr).toContain('npm run deploy');
    // The read of the current registration runs beside the Salesforce checks; nothing is written.
    expect(oneSpanPosts()).toBe(0);
  });

  it('when the Run As user may not run the class (403)', async () => {
    const { salesforce } = fixture.emulators;
    salesforce.setClassAccess(salesforce.demo.runAsUserId, false);
    const run = await fixture.run('register');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Error (CallbackAccessDeniedError)');
    expect(run.stderr).toContain('OSS_Callback_Integration');
    // The read of the current registration runs beside the Salesforce checks; nothing is written.
    expect(oneSpanPosts()).toBe(0);
  });

  it('when the namespace query is denied, pointing at --target-org and --namespace', async () => {
    fixture.emulators.salesforce.faults.add({ path: /\/query$/, kind: 'status', status: 403 });
    const run = await fixture.run('register');
    expect(run.stderr).toContain('Error (NamespaceQueryAccessError)');
    expect(run.stderr).toMatch(/--target-org[\s\S]*--namespace/);
  });

  it('a wrong OneSpan API key, naming the fix', async () => {
    const run = await fixture.run('register', [], {
      env: { ONESPAN_API_KEY: 'd3Jvbmc6a2V5LXZhbHVl' },
      secrets: [{ label: 'the wrong API key', value: 'd3Jvbmc6a2V5LXZhbHVl' }],
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Error (OneSpanAuthError)');
    expect(run.stderr).toContain('Admin → API Access');
    expect(oneSpanPosts()).toBe(0);
  });

  it('a --client-secret flag (exit 2), without echoing the value', async () => {
    const run = await fixture.run('register', ['--client-secret', 'typed-on-the-command-line'], {
      secrets: [{ label: 'the typed secret', value: 'typed-on-the-command-line' }],
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Error (FlagError): --client-secret is not a flag');
  });

  it('invalid settings: every problem at once, exit 2, also as JSON', async () => {
    const env = {
      SF_INSTANCE_URL: '',
      SF_CLIENT_ID: '',
      SF_CLIENT_SECRET: '',
      ONESPAN_API_URL: '',
      ONESPAN_API_KEY: '',
    };
    const run = await fixture.run('register', ['--json', '--events', 'PACKAGE_COMPLET'], { env });
    expect(run.exitCode).toBe(2);
    expect(run.json).toMatchObject({ status: 2, name: 'InvalidSettingsError' });
    expect(run.json?.message).toContain('6 problem(s)');
    expect(run.json?.actions).toHaveLength(6);
    expect(oneSpanRequests() + fixture.emulators.salesforce.requests().length).toBe(0);
  });
});

describe('register --dry-run', () => {
  it('checks everything, prints the request masked, and sends no POST', async () => {
    const run = await fixture.run('register', ['--dry-run']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('⚠ Register (dry run: not sent)');
    expect(run.stdout).toContain('"Authorization": "Basic **** (');
    expect(run.stdout).toMatch(/"key": "\*\*\*\* \(\d+ characters\)"/);
    expect(oneSpanPosts()).toBe(0);
    expect(fixture.emulators.onespan.connector()).toBeUndefined();
  });

  it('with --json: registered false, the masked request in the result', async () => {
    const run = await fixture.run('register', ['--dry-run', '--json']);
    expect(run.json?.result).toMatchObject({
      dryRun: true,
      registered: false,
      verified: false,
      request: { method: 'POST' },
    });
    expect(oneSpanPosts()).toBe(0);
  });
});
