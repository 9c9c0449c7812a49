/**
 * Credentials without copy-paste: with --target-org and no SF_CLIENT_ID/SF_CLIENT_SECRET, the consumer
 * key and secret are read from the External Client App through the Connect REST API, here after a real
 * `sf org login access-token` to the emulated org. The secret must never show up in output or files.
 */
import { EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';
import { loginSfCli, SfCliSession } from '../helpers/sfCliLogin';

let fixture: EmulatorFixture;
let session: SfCliSession;

beforeAll(async () => {
  fixture = await startEmulatorFixture();
  const { salesforce } = fixture.emulators;
  session = await loginSfCli({ instanceUrl: salesforce.url, accessToken: salesforce.issueAccessToken(), alias: 'emu' });
});

afterAll(async () => {
  await session?.dispose();
  await fixture?.close();
});

afterEach(() => {
  fixture.emulators.salesforce.setOAuthUsageOmitsUnusedApps(false);
  fixture.emulators.salesforce.setSecretRestAccess(true);
  fixture.emulators.salesforce.setSecretViewPermission(fixture.emulators.salesforce.adminUserId, true);
});

/** The run as a user with only the org login and the OneSpan settings: no consumer key or secret. */
const runWithOrg = (command: string, args: string[] = []) =>
  fixture.run(command, ['--target-org', 'emu', ...args], {
    home: session.home,
    env: { ...session.env, HOME: session.home, SF_INSTANCE_URL: '', SF_CLIENT_ID: '', SF_CLIENT_SECRET: '' } as Record<
      string,
      string
    >,
  });

it('registers with the key and secret read from the org', async () => {
  const run = await runWithOrg('register', ['--json']);
  expect(run.exitCode).toBe(0);
  expect(run.json?.result).toMatchObject({ registered: true, verified: true });
  expect(fixture.emulators.onespan.connector()?.key).toBe(fixture.expectedKey);
  const connect = fixture.emulators.salesforce
    .requests()
    .filter((request) => request.path.includes('/apps/oauth/'))
    // jsforce joins the stored instance URL and the path with a double slash, as the sf CLI does.
    .map((request) => request.path.replace(/^\/+/, '/').replace(/\/v\d+\.\d\//, '/vX/'));
  expect(connect).toEqual([
    '/services/data/vX/apps/oauth/usage',
    expect.stringMatching(/^\/services\/data\/vX\/apps\/oauth\/credentials\/0xI\w+$/) as string,
    expect.stringMatching(/^\/services\/data\/vX\/apps\/oauth\/credentials\/0xI\w+\/0xC\w+$/) as string,
  ]);
});

it('doctor says where the credentials came from and passes', async () => {
  fixture.emulators.onespan.echoKey = true;
  // Stored as `npm run credential` would: doctor's credential checks need the OneSpan key in the org.
  fixture.emulators.salesforce.setCredentialValues('OneSpan_Sign_API', { ApiKey: fixture.emulators.onespan.apiKey });
  const run = await runWithOrg('doctor', ['--json']);
  fixture.emulators.onespan.echoKey = false;
  const checks = run.json?.result as unknown as { id: string; status: string; detail: string }[];
  expect(checks.find((check) => check.id === 'credentials')).toMatchObject({
    status: 'pass',
    detail: `read from the External Client App OneSpan_Sign_Callback in emu (consumer key ${fixture.env.SF_CLIENT_ID})`,
  });
  expect(checks.find((check) => check.id === 'target-org')).toMatchObject({ status: 'pass' });
  expect(checks.filter((check) => check.status === 'fail')).toEqual([]);
  expect(run.exitCode).toBe(0);
});

it('names the org setting and how to turn it on when it is off', async () => {
  fixture.emulators.salesforce.setSecretRestAccess(false);
  const run = await runWithOrg('verify');
  expect(run.exitCode).toBe(1);
  expect(run.stderr).toContain(
    'Error (ConsumerSecretRestAccessOffError): The org emu did not return the consumer key and secret of OneSpan_Sign_Callback: the org setting "Allow access to External Client App consumer secrets via REST API" is off.',
  );
  expect(run.stderr).toContain('Setup → External Client Apps → External Client App Settings → turn on');
});

it('names the user permissions when the org user may not see the secret', async () => {
  fixture.emulators.salesforce.setSecretViewPermission(fixture.emulators.salesforce.adminUserId, false);
  const run = await runWithOrg('doctor', ['--json']);
  expect(run.exitCode).toBe(1);
  const checks = run.json?.result as unknown as { id: string; status: string; detail: string; fix: string[] }[];
  const credentials = checks.find((check) => check.id === 'credentials');
  expect(credentials).toMatchObject({ status: 'fail' });
  expect(credentials?.fix.join(' ')).toContain('"View Client Secret" and "External Client App Developer"');
  expect(credentials?.fix.join(' ')).toContain('npm run deploy -- --target-org <alias> --ci-permissions');
  expect(checks.find((check) => check.id === 'token')).toMatchObject({
    status: 'skip',
    detail: 'needs: Consumer key and secret',
  });
});

it('doctor names the org setting, and the scratch definition that turns it on, when it is off', async () => {
  fixture.emulators.salesforce.setSecretRestAccess(false);
  const run = await runWithOrg('doctor', ['--json']);
  expect(run.exitCode).toBe(1);
  const checks = run.json?.result as unknown as { id: string; status: string; detail: string; fix: string[] }[];
  const credentials = checks.find((check) => check.id === 'credentials');
  expect(credentials).toMatchObject({ status: 'fail' });
  expect(credentials?.detail).toContain('"Allow access to External Client App consumer secrets via REST API" is off');
  expect(credentials?.fix.join(' ')).toContain('ExternalClientAppSettings.enableClientSecretInRestApiAccess');
  expect(credentials?.fix.join(' ')).toContain('config/project-scratch-def.json');
});

it('says which app is missing when --app-name names none', async () => {
  const run = await runWithOrg('verify', ['--app-name', 'No_Such_App', '--json']);
  expect(run.exitCode).toBe(1);
  expect(run.json).toMatchObject({ name: 'AppNotFoundError' });
  expect(run.json?.message).toContain('has no External Client App named No_Such_App (found: OneSpan_Sign_Callback)');
});

it('runs smoke as CI does, with --target-org only, reading the event log through the org', async () => {
  const { salesforce, onespan } = fixture.emulators;
  onespan.setConnector('salesforceOauth2', {
    url: `${salesforce.url}/services/apexrest/OSS/callback`,
    events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
    key: fixture.expectedKey,
  });
  // The token path queries with API v62.0; refusing it proves the event log was read through the sf CLI org.
  salesforce.faults.add({ method: 'GET', path: '/services/data/v62.0/query', kind: 'status', status: 403 });
  try {
    const run = await runWithOrg('smoke', ['--json']);
    expect(run.exitCode).toBe(0);
    expect(run.json?.result).toMatchObject({ deleted: true, event: { Event_Name__c: 'PACKAGE_CREATE' } });
  } finally {
    salesforce.faults.clear();
  }
});

it('finds a never-used app by a query on ExternalClientApplication when the usage list leaves it out', async () => {
  const { salesforce } = fixture.emulators;
  salesforce.setOAuthUsageOmitsUnusedApps(true);
  const clientId = `3MVG9${'Fresh'.repeat(10)}`;
  salesforce.addClient({
    clientId,
    clientSecret: 'F'.repeat(64),
    runAsUserId: salesforce.demo.runAsUserId,
    developerName: 'Fresh_Never_Used_App',
  });
  // What the usage list says before the run: without the app, so only the query can find it.
  const usage = await fetch(`${salesforce.url}/services/data/v${salesforce.apiVersion}/apps/oauth/usage`, {
    headers: { Authorization: `Bearer ${salesforce.issueAccessToken()}` },
  });
  const listed = ((await usage.json()) as { apps: { developerName: string }[] }).apps.map((app) => app.developerName);
  expect(listed).not.toContain('Fresh_Never_Used_App');

  const run = await runWithOrg('doctor', ['--app-name', 'Fresh_Never_Used_App', '--json']);
  const checks = run.json?.result as unknown as { id: string; status: string; detail: string }[];
  expect(checks.find((check) => check.id === 'credentials')).toMatchObject({
    status: 'pass',
    detail: `read from the External Client App Fresh_Never_Used_App in emu (consumer key ${clientId})`,
  });
});
