/**
 * The OneSpan key into Salesforce without copy-paste: `npm run credential` and `register --target-org`
 * write it into the External Credential principal through the Connect REST API (emulated), after a real
 * `sf org login access-token`; doctor checks the Named Credential, the stored key and the Run As user's
 * access, each passing and failing. The leak guard fails any run that prints or writes the key.
 */
import { useEmulatorsWithSfCli } from '../helpers/emulatorWithSfCli';
import { loginSfCli, SfCliSession } from '../helpers/sfCliLogin';

// Each test runs the command one to three times, each a cold process that loads @salesforce/core: on a
// shared, busy machine that takes far longer than Jest's default limit.
jest.setTimeout(240_000);

const suite = useEmulatorsWithSfCli();

const withOrg = suite.runWithOrg;

interface Check {
  id: string;
  status: string;
  detail: string;
  fix: string[];
}

const checksOf = (run: { json?: { result?: unknown } }) => run.json?.result as unknown as Check[];
const check = (run: { json?: { result?: unknown } }, id: string) => checksOf(run).find((c) => c.id === id);

describe('npm run credential', () => {
  it('says exactly what to run without --target-org or a default org', async () => {
    const run = await withOrg('credential', [], { SF_TARGET_ORG: '' });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Error (NoDefaultEnvError)');
    expect(run.stderr).toContain('npm run credential -- --target-org my-org');
  });

  it('creates the API key value, then replaces it, never printing it', async () => {
    const { salesforce, onespan } = suite.fixture.emulators;
    expect(salesforce.credentialValues('OneSpan_Sign_API')).toEqual({});
    const first = await withOrg('credential', ['--target-org', 'emu', '--json']);
    expect(first.exitCode).toBe(0);
    expect(first.json?.result).toMatchObject({
      externalCredential: 'OneSpan_Sign_API',
      principalName: 'OneSpan_Sign_Principal',
      action: 'created',
      mode: 'apiKey',
    });
    expect(salesforce.credentialValues('OneSpan_Sign_API')).toEqual({ ApiKey: onespan.apiKey });

    const rotated = Buffer.from('rotated-key-id:rotated-key-secret-0123456789').toString('base64');
    const second = await withOrg('credential', ['--target-org', 'emu'], { ONESPAN_API_KEY: rotated }, [
      { label: 'the rotated API key', value: rotated },
    ]);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain('✔ Store the OneSpan API key in Salesforce (External Credential OneSpan_Sign_API');
    expect(second.stdout).toContain('updated through the Connect REST API');
    expect(salesforce.credentialValues('OneSpan_Sign_API')).toEqual({ ApiKey: rotated });
    salesforce.setCredentialValues('OneSpan_Sign_API', {});
  });

  it('stores the OAuth client id and secret in the OAuth External Credential', async () => {
    const secret = 'oauth-client-secret-9f8e7d6c5b4a';
    const run = await withOrg(
      'credential',
      ['--target-org', 'emu', '--json'],
      { ONESPAN_CLIENT_ID: 'oss-client-1', ONESPAN_CLIENT_SECRET: secret },
      [{ label: 'the OneSpan OAuth client secret', value: secret }],
    );
    expect(run.exitCode).toBe(0);
    expect(run.json?.result).toMatchObject({ externalCredential: 'OneSpan_Sign_API_OAuth', mode: 'oauth' });
    expect(suite.fixture.emulators.salesforce.credentialValues('OneSpan_Sign_API_OAuth')).toEqual({
      clientId: 'oss-client-1',
      clientSecret: secret,
    });
  });

  it('refuses half of the OAuth pair', async () => {
    const run = await withOrg('credential', ['--target-org', 'emu'], { ONESPAN_CLIENT_ID: 'oss-client-1' });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('only ONESPAN_CLIENT_ID is set');
  });

  it('names the deploy when the org has no External Credential', async () => {
    const { salesforce, onespan } = suite.fixture.emulators;
    salesforce.setNamedCredentialUrl(null);
    try {
      const run = await withOrg('credential', ['--target-org', 'emu', '--json']);
      expect(run.exitCode).toBe(1);
      expect(run.json).toMatchObject({ name: 'CredentialWriteError' });
      expect(run.json?.actions?.[0]).toContain('npm run deploy -- --target-org emu');
    } finally {
      salesforce.setNamedCredentialUrl(onespan.apiUrl);
    }
  });
});

describe('register', () => {
  it('with --target-org stores the key as its last step', async () => {
    const { salesforce, onespan } = suite.fixture.emulators;
    salesforce.setCredentialValues('OneSpan_Sign_API', {});
    const run = await withOrg('register', ['--target-org', 'emu', '--json']);
    expect(run.exitCode).toBe(0);
    expect(run.json?.result).toMatchObject({
      registered: true,
      oneSpanCredential: { externalCredential: 'OneSpan_Sign_API', action: 'created' },
    });
    expect(salesforce.credentialValues('OneSpan_Sign_API')).toEqual({ ApiKey: onespan.apiKey });
  });

  it('without --target-org says how to store the key', async () => {
    const run = await suite.fixture.run('register', []);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('run `npm run credential -- --target-org <alias>`, or pass --target-org to register');
  });
});

describe('doctor', () => {
  const doctor = () => withOrg('doctor', ['--target-org', 'emu', '--json']);

  it('passes the three checks when the credential is deployed, holds a key and the Run As user may use it', async () => {
    suite.fixture.emulators.salesforce.setCredentialValues('OneSpan_Sign_API', {
      ApiKey: suite.fixture.emulators.onespan.apiKey,
    });
    const run = await doctor();
    expect(check(run, 'named-credential')).toMatchObject({ status: 'pass' });
    expect(check(run, 'onespan-principal')).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining('Configured') as string,
    });
    expect(check(run, 'principal-access')).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining('holds OSS_Callback_Integration') as string,
    });
  });

  it('fails the key check with the command that stores it', async () => {
    suite.fixture.emulators.salesforce.setCredentialValues('OneSpan_Sign_API', {});
    const run = await doctor();
    expect(run.exitCode).toBe(1);
    expect(check(run, 'onespan-principal')).toMatchObject({ status: 'fail' });
    expect(check(run, 'onespan-principal')?.fix.join(' ')).toContain('npm run credential -- --target-org emu');
    suite.fixture.emulators.salesforce.setCredentialValues('OneSpan_Sign_API', {
      ApiKey: suite.fixture.emulators.onespan.apiKey,
    });
  });

  it('fails the Named Credential check when its URL is another OneSpan', async () => {
    const { salesforce, onespan } = suite.fixture.emulators;
    salesforce.setNamedCredentialUrl('https://apps.esignlive.com/api');
    try {
      const run = await doctor();
      expect(check(run, 'named-credential')).toMatchObject({
        status: 'fail',
        detail: `its URL is https://apps.esignlive.com/api, but the settings name the OneSpan API ${onespan.apiUrl}`,
      });
      expect(check(run, 'named-credential')?.fix[0]).toContain(`--onespan-url ${onespan.apiUrl}`);
    } finally {
      salesforce.setNamedCredentialUrl(onespan.apiUrl);
    }
  });

  it('fails the Named Credential check when it is not deployed, and skips the two after it', async () => {
    const { salesforce, onespan } = suite.fixture.emulators;
    salesforce.setNamedCredentialUrl(null);
    try {
      const run = await doctor();
      expect(check(run, 'named-credential')).toMatchObject({
        status: 'fail',
        detail: 'the org has no Named Credential OneSpan_Sign_API',
      });
      expect(check(run, 'onespan-principal')?.status).toBe('skip');
      expect(check(run, 'principal-access')?.status).toBe('skip');
    } finally {
      salesforce.setNamedCredentialUrl(onespan.apiUrl);
      salesforce.setCredentialValues('OneSpan_Sign_API', { ApiKey: onespan.apiKey });
    }
  });

  it('fails the access check when no permission set of the Run As user grants the principal', async () => {
    const { salesforce } = suite.fixture.emulators;
    salesforce.setPrincipalAccess('OneSpan_Sign_API', ['Some_Other_Permission_Set']);
    try {
      const run = await doctor();
      expect(check(run, 'principal-access')).toMatchObject({ status: 'fail' });
      expect(check(run, 'principal-access')?.fix[0]).toContain('sf org assign permset --name OSS_Callback_Integration');
    } finally {
      salesforce.setPrincipalAccess('OneSpan_Sign_API', ['OSS_Callback_Integration']);
    }
  });

  it('skips the three checks without --target-org, saying why', async () => {
    const run = await suite.fixture.run('doctor', ['--json']);
    for (const id of ['named-credential', 'onespan-principal', 'principal-access']) {
      expect(check(run, id)).toMatchObject({
        status: 'skip',
        detail: expect.stringContaining('no --target-org given') as string,
      });
    }
  });
});

describe('logged in as the Run As user, who may not read or write Setup', () => {
  let runAs: SfCliSession;

  beforeAll(async () => {
    const { salesforce } = suite.fixture.emulators;
    runAs = await loginSfCli({
      instanceUrl: salesforce.url,
      accessToken: salesforce.issueAccessToken(salesforce.demo.runAsUserId),
      alias: 'emu-run-as',
    });
  }, 120_000);

  afterAll(async () => {
    await runAs?.dispose();
  });

  // The consumer key and secret stay in the environment: only the Setup reads and writes are refused.
  const asRunAs = (command: string, args: string[]) =>
    suite.fixture.run(command, ['--target-org', 'emu-run-as', ...args], {
      home: runAs.home,
      env: { ...runAs.env, HOME: runAs.home } as Record<string, string>,
      timeoutMs: 120_000,
    });

  it('register exits 3, keeps the registration in --json, and says only the key is missing', async () => {
    const { onespan } = suite.fixture.emulators;
    const run = await asRunAs('register', ['--json']);
    expect(run.exitCode).toBe(3);
    expect(run.json?.status).toBe(3);
    expect(run.json?.result).toMatchObject({
      registered: true,
      verified: true,
      status: 'registeredKeyNotStored',
      oneSpanCredential: { stored: false },
    });
    expect(JSON.stringify(run.json?.result)).toContain('npm run credential -- --target-org emu-run-as');
    expect(onespan.connector()?.url).toContain('/services/apexrest/OSS/callback');
  });

  it('doctor maps a plain INSUFFICIENT_ACCESS to an administrator login, not to "report it"', async () => {
    const run = await asRunAs('doctor', ['--json']);
    const named = check(run, 'named-credential');
    expect(named).toMatchObject({ status: 'fail' });
    expect(named?.detail).toContain(
      'Salesforce refused the sf CLI user of emu-run-as access to this (INSUFFICIENT_ACCESS',
    );
    expect(named?.fix.join(' ')).toContain('sf org login web --alias emu-run-as-admin');
    expect(JSON.stringify(checksOf(run))).not.toMatch(/Unexpected error|report it/);
  });
});
