import { inspect } from 'node:util';
import { OssError } from '../../../scripts/lib/errors';
import { secrets } from '../../../scripts/lib/secrets';
import { rejectSecretFlags, resolveSettings, SettingsFlags } from '../../../scripts/lib/settings';
import { checkMyDomainUrl, checkOneSpanApiUrl } from '../../../scripts/lib/urlRules';

const SECRET = 'consumer-secret-123456';
const API_KEY = 'YXBpOmtleS12YWx1ZS0xMjM0NTY=';

const validEnv = {
  SF_INSTANCE_URL: 'https://acme.my.salesforce.com',
  SF_CLIENT_ID: '3MVG9-consumer-key',
  SF_CLIENT_SECRET: SECRET,
  ONESPAN_API_URL: 'https://sandbox.esignlive.com/api',
  ONESPAN_API_KEY: API_KEY,
};

function settingsError(
  flags: SettingsFlags,
  env: Record<string, string | undefined> = validEnv,
  dotenv = {},
): OssError {
  try {
    resolveSettings({ flags, env, dotenv });
  } catch (error) {
    expect(error).toBeInstanceOf(OssError);
    return error as OssError;
  }
  throw new Error('expected InvalidSettingsError');
}

afterEach(() => secrets.clear());

describe('resolveSettings', () => {
  it('builds settings from the environment with the documented defaults', () => {
    const settings = resolveSettings({ flags: {}, env: validEnv });
    expect(settings).toMatchObject({
      instanceUrl: 'https://acme.my.salesforce.com',
      clientId: '3MVG9-consumer-key',
      onespanApiUrl: 'https://sandbox.esignlive.com/api',
      events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
      namespace: undefined,
      dryRun: false,
      timeoutMs: 15000,
    });
    expect(settings.clientSecret.reveal()).toBe(SECRET);
    expect(settings.onespanAuth).toMatchObject({ mode: 'apiKey' });
    expect(settings.onespanAuth.mode === 'apiKey' && settings.onespanAuth.apiKey.reveal()).toBe(API_KEY);
  });

  describe('OneSpan authentication: exactly one of the API key and the OAuth 2.0 client', () => {
    const { ONESPAN_API_KEY: _key, ...withoutKey } = validEnv;
    const OAUTH_SECRET = 'oauth-client-secret-987654';

    it('takes ONESPAN_CLIENT_ID + ONESPAN_CLIENT_SECRET instead of ONESPAN_API_KEY, secret masked', () => {
      const settings = resolveSettings({
        flags: {},
        env: { ...withoutKey, ONESPAN_CLIENT_ID: 'oss-client-1', ONESPAN_CLIENT_SECRET: OAUTH_SECRET },
      });
      expect(settings.onespanAuth).toMatchObject({ mode: 'oauth', clientId: 'oss-client-1' });
      expect(settings.onespanAuth.mode === 'oauth' && settings.onespanAuth.clientSecret.reveal()).toBe(OAUTH_SECRET);
      expect(inspect(settings, { depth: 5 })).not.toContain(OAUTH_SECRET);
      expect(JSON.stringify(settings)).not.toContain(OAUTH_SECRET);
      expect(secrets.mask(OAUTH_SECRET)).toBe('****');
    });

    it.each([
      [
        'both modes',
        { ...validEnv, ONESPAN_CLIENT_ID: 'oss-client-1', ONESPAN_CLIENT_SECRET: OAUTH_SECRET },
        'ONESPAN_API_KEY (environment only): is set together with ONESPAN_CLIENT_ID / ONESPAN_CLIENT_SECRET',
        'unset the other',
      ],
      [
        'the API key and a client id only',
        { ...validEnv, ONESPAN_CLIENT_ID: 'oss-client-1' },
        'ONESPAN_API_KEY (environment only): is set together with',
        'unset the other',
      ],
      [
        'a client id without its secret',
        { ...withoutKey, ONESPAN_CLIENT_ID: 'oss-client-1' },
        'ONESPAN_CLIENT_SECRET (environment only): is not set, but ONESPAN_CLIENT_ID is',
        'Set ONESPAN_CLIENT_SECRET',
      ],
      [
        'a client secret without its id',
        { ...withoutKey, ONESPAN_CLIENT_SECRET: OAUTH_SECRET },
        'ONESPAN_CLIENT_ID (environment only): is not set, but ONESPAN_CLIENT_SECRET is',
        'Set ONESPAN_CLIENT_ID',
      ],
      [
        'an "id:secret" pasted as the client id',
        { ...withoutKey, ONESPAN_CLIENT_ID: 'oss-client-1:abc', ONESPAN_CLIENT_SECRET: OAUTH_SECRET },
        'ONESPAN_CLIENT_ID (environment only): contains ":"',
        'the client id alone',
      ],
      [
        'neither',
        withoutKey,
        'ONESPAN_API_KEY (environment only): is not set',
        'sets ONESPAN_CLIENT_ID and ONESPAN_CLIENT_SECRET instead',
      ],
    ])('refuses %s, naming the settings and the fix', (_label, env, problem, fix) => {
      const error = settingsError({}, env);
      expect(error.code).toBe('InvalidSettingsError');
      expect(error.message).toContain(problem);
      expect(error.actions.join('\n')).toContain(fix);
      expect(error.message + error.actions.join('')).not.toContain(OAUTH_SECRET);
    });
  });

  it('lets flags win over the environment, and the environment over .env', () => {
    const settings = resolveSettings({
      flags: { clientId: 'from-flag', events: 'PACKAGE_DECLINE' },
      env: { ...validEnv, ONESPAN_EVENTS: 'PACKAGE_TRASH' },
      dotenv: {
        SF_CLIENT_ID: 'from-dotenv',
        ONESPAN_EVENTS: 'PACKAGE_ARCHIVE',
        SF_INSTANCE_URL: 'https://other.my.salesforce.com',
      },
    });
    expect(settings.clientId).toBe('from-flag');
    expect(settings.events).toEqual(['PACKAGE_DECLINE']);
    expect(settings.instanceUrl).toBe('https://acme.my.salesforce.com');
  });

  it('takes values missing from the environment from .env, including secrets', () => {
    const { SF_CLIENT_SECRET: _secret, ...withoutSecret } = validEnv;
    const settings = resolveSettings({
      flags: {},
      env: { ...withoutSecret, SF_CLIENT_SECRET: '' },
      dotenv: { SF_CLIENT_SECRET: 'dotenv-secret-1' },
    });
    expect(settings.clientSecret.reveal()).toBe('dotenv-secret-1');
  });

  it('masks secrets in the string, JSON and inspect forms of the settings', () => {
    const settings = resolveSettings({ flags: {}, env: validEnv });
    for (const text of [JSON.stringify(settings), String(settings.clientSecret), inspect(settings, { depth: 5 })]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(API_KEY);
    }
    expect(JSON.stringify(settings)).toContain('****');
  });

  it('registers secrets with the renderer as soon as they are read, even when validation fails', () => {
    settingsError({ instanceUrl: 'not a url' });
    expect(secrets.mask(`x ${SECRET} ${API_KEY}`)).toBe('x **** ****');
  });

  it('maps --onespan-env regions to their API bases and refuses it together with --onespan-url', () => {
    expect(resolveSettings({ flags: { onespanEnv: 'eu' }, env: validEnv }).onespanApiUrl).toBe(
      'https://apps.esignlive.eu/api',
    );
    expect(resolveSettings({ flags: { onespanEnv: 'us-gov-sandbox' }, env: validEnv }).onespanApiUrl).toBe(
      'https://signer-sandbox-gov.esignlive.com/api',
    );
    expect(settingsError({ onespanEnv: 'us', onespanUrl: 'https://apps.esignlive.com/api' }).message).toContain(
      'both --onespan-env and --onespan-url are given',
    );
    const unknown = settingsError({ onespanEnv: 'mars' });
    expect(unknown.message).toContain('"mars" is not a known OneSpan environment');
    expect(unknown.actions.join('\n')).toContain('us-sandbox, us, us1-sandbox');
  });

  it.each([
    ['a line break', `${API_KEY}\n`],
    ['a space inside', 'YXBpOmtl eS12YWx1ZQ=='],
    ['a non-ASCII character', 'YXBpOmtleS12YWx1ZS0xMjM0NTY=é'],
  ])('refuses an API key with %s before any request, without showing the key', (_what, apiKey) => {
    const error = settingsError({}, { ...validEnv, ONESPAN_API_KEY: apiKey });
    expect(error.message).toContain(
      'ONESPAN_API_KEY (environment only): holds white space, a line break or a non-ASCII',
    );
    expect(error.actions.join('\n')).toContain('Admin → API Access');
    expect(`${error.message}\n${error.actions.join('\n')}`).not.toContain(apiKey.trim());
  });

  it('reports every problem together, each naming its setting, with one fix per problem', () => {
    const error = settingsError(
      { instanceUrl: 'https://login.salesforce.com', events: 'PACKAGE_COMPLET', namespace: '1bad', timeout: 'soon' },
      {},
    );
    expect(error.code).toBe('InvalidSettingsError');
    expect(error.exitCode).toBe(2);
    const expected = [
      '--instance-url / SF_INSTANCE_URL: "https://login.salesforce.com" is a generic login host',
      '--client-id / SF_CLIENT_ID: is not set',
      'SF_CLIENT_SECRET (environment only): is not set',
      '--onespan-url / ONESPAN_API_URL (or --onespan-env): is not set',
      'ONESPAN_API_KEY (environment only): is not set',
      '--events / ONESPAN_EVENTS: "PACKAGE_COMPLET" is not a OneSpan event name; the closest is PACKAGE_COMPLETE',
      '--namespace: "1bad" is not a namespace prefix',
      '--timeout: "soon" is not a whole number of milliseconds',
    ];
    expected.forEach((line) => expect(error.message).toContain(line));
    expect(error.message).toContain('8 problem(s)');
    expect(error.actions).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Consumer Key and Secret'),
        expect.stringContaining('Admin → API Access'),
        expect.stringContaining('Setup → My Domain'),
        expect.stringContaining('--onespan-env <region>'),
        expect.stringContaining('PACKAGE_COMPLETE'),
      ]),
    );
    expect((error.data as { problems: unknown[] }).problems).toHaveLength(8);
  });

  it('requires the instance URL only when there is no target org', () => {
    const { SF_INSTANCE_URL: _url, ...env } = validEnv;
    expect(settingsError({}, env).message).toContain('there is no --target-org to take it from');
    const settings = resolveSettings({ flags: { targetOrg: 'myorg' }, env });
    expect(settings.targetOrg).toBe('myorg');
    expect(settings.instanceUrl).toBeUndefined();
    expect(resolveSettings({ flags: {}, env: { ...env, SF_TARGET_ORG: 'fromenv' } }).targetOrg).toBe('fromenv');
  });

  describe('events', () => {
    it.each([
      ['package_complete', '"package_complete" is not in upper case', 'PACKAGE_COMPLETE'],
      ['PACKAGE_COMPLETE, PACKAGE_CREATE', '" PACKAGE_CREATE" contains spaces', 'PACKAGE_COMPLETE,PACKAGE_CREATE'],
      ['PACKAGE CREATE', '"PACKAGE CREATE" contains spaces', 'PACKAGE_CREATE'],
      ['PACKAGE_CREATE,PACKAGE_CREATE', 'PACKAGE_CREATE is listed more than once', 'PACKAGE_CREATE'],
      ['PACKAGE_CREATE,', 'has an empty entry (a stray comma)', 'PACKAGE_CREATE'],
      ['PACKAGE_READY_FOR_COMPLETION', 'the closest is PACKAGE_READY_FOR_COMPLETE', 'PACKAGE_READY_FOR_COMPLETE'],
      [',', 'lists no events', 'PACKAGE_COMPLETE,PACKAGE_CREATE'],
      [
        'PACKAGE_COMPLETE,PACKAGE_OPT_OUT',
        'PACKAGE_OPT_OUT is no longer a OneSpan event: OneSpan removed it for backend 11.49',
        'PACKAGE_COMPLETE',
      ],
      ['PACKAGE_OPT_OUT', 'PACKAGE_OPT_OUT is no longer a OneSpan event', 'PACKAGE_COMPLETE,PACKAGE_CREATE'],
    ])('refuses %j and names the fix', (events, problem, fix) => {
      const error = settingsError({ events });
      expect(error.message).toContain(problem);
      expect(error.actions.some((action) => action.endsWith(`${fix}.`))).toBe(true);
    });

    it('accepts an exact list in the order given', () => {
      expect(resolveSettings({ flags: { events: 'DOCUMENT_SIGNED,PACKAGE_COMPLETE' }, env: validEnv }).events).toEqual([
        'DOCUMENT_SIGNED',
        'PACKAGE_COMPLETE',
      ]);
    });
  });

  describe('namespace', () => {
    it('keeps an empty namespace as "no namespace" and a valid prefix as given', () => {
      expect(resolveSettings({ flags: { namespace: '' }, env: validEnv }).namespace).toBe('');
      expect(resolveSettings({ flags: { namespace: 'ONSS' }, env: validEnv }).namespace).toBe('ONSS');
      expect(resolveSettings({ flags: { namespace: 'a23456789012345' }, env: validEnv }).namespace).toBe(
        'a23456789012345',
      );
    });

    it.each([
      ['ONSS__', '"ONSS__" contains "__"', 'Pass --namespace ONSS.'],
      ['a234567890123456', 'is not a namespace prefix', '--namespace with the NamespacePrefix'],
      ['9lives', 'is not a namespace prefix', '--namespace with the NamespacePrefix'],
      ['my-ns', 'is not a namespace prefix', '--namespace with the NamespacePrefix'],
    ])('refuses %j', (namespace, problem, fix) => {
      const error = settingsError({ namespace });
      expect(error.message).toContain(problem);
      expect(error.actions.join('\n')).toContain(fix);
    });
  });

  it.each(['0', '99', '600001', '1.5', '-3'])('refuses --timeout %j', (timeout) => {
    expect(settingsError({ timeout }).message).toContain(
      'is not a whole number of milliseconds between 100 and 600000',
    );
  });

  it('accepts --timeout in range', () => {
    expect(resolveSettings({ flags: { timeout: '2500' }, env: validEnv }).timeoutMs).toBe(2500);
  });
});

describe('checkMyDomainUrl', () => {
  const setting = '--instance-url / SF_INSTANCE_URL';

  it.each([
    ['https://acme.my.salesforce.com', 'https://acme.my.salesforce.com'],
    ['https://acme.my.salesforce.com/', 'https://acme.my.salesforce.com'],
    ['  https://ACME.my.salesforce.com  ', 'https://acme.my.salesforce.com'],
    ['https://acme--uat.sandbox.my.salesforce.com', 'https://acme--uat.sandbox.my.salesforce.com'],
    ['http://127.0.0.1:4321', 'http://127.0.0.1:4321'],
    ['http://localhost:4321/', 'http://localhost:4321'],
    ['http://[::1]:4321', 'http://[::1]:4321'],
  ])('accepts %j as %j', (raw, origin) => {
    expect(checkMyDomainUrl(raw, setting)).toEqual({ ok: true, value: origin });
  });

  it.each([
    ['', 'empty', 'is empty', 'Give --instance-url'],
    ['acme.my.salesforce.com', 'noScheme', 'has no scheme', 'https://acme.my.salesforce.com.'],
    [
      'https://https://acme.my.salesforce.com',
      'schemeMisplaced',
      'scheme in the wrong place',
      'https://acme.my.salesforce.com.',
    ],
    [
      'acme.my.salesforce.com/https://',
      'schemeMisplaced',
      'scheme in the wrong place',
      'https://acme.my.salesforce.com.',
    ],
    [
      'https:/acme.my.salesforce.com',
      'schemeMisplaced',
      'scheme in the wrong place',
      'https://acme.my.salesforce.com.',
    ],
    ['ftp://acme.my.salesforce.com', 'unsupportedScheme', 'uses ftp:', 'https://acme.my.salesforce.com.'],
    ['http://acme.my.salesforce.com', 'httpsRequired', 'https:// is required', 'https://acme.my.salesforce.com.'],
    ['http://acme.lightning.force.com/x', 'httpsRequired', 'https:// is required', 'https://acme.my.salesforce.com.'],
    ['https://user:pw@acme.my.salesforce.com', 'credentialsInUrl', 'user name or password', 'Remove the credentials'],
    [
      'https://acme.my.salesforce.com/services/apexrest/OSS/callback',
      'pathNotAllowed',
      'has a path',
      'https://acme.my.salesforce.com.',
    ],
    ['https://acme.my.salesforce.com?x=1', 'pathNotAllowed', 'has a path', 'https://acme.my.salesforce.com.'],
    ['https://acme.my.salesforce.com#top', 'pathNotAllowed', 'has a path', 'https://acme.my.salesforce.com.'],
    ['https://login.salesforce.com', 'genericLoginHost', 'generic login host', 'Setup → My Domain'],
    ['https://test.salesforce.com/', 'genericLoginHost', 'generic login host', 'Setup → My Domain'],
    [
      'https://acme.lightning.force.com',
      'notMyDomainHost',
      'Lightning Experience domain',
      'https://acme.my.salesforce.com.',
    ],
    ['https://acme.my.salesforce-setup.com', 'notMyDomainHost', 'Setup domain', 'https://acme.my.salesforce.com.'],
    ['https://exa mple.com', 'notAUrl', 'is not a URL', 'https://yourcompany.my.salesforce.com'],
  ])('refuses %j (%s)', (raw, key, problem, fix) => {
    const check = checkMyDomainUrl(raw, setting);
    if (check.ok) {
      throw new Error(`accepted ${raw}`);
    }
    expect(check.problem.key).toBe(key);
    expect(check.problem.setting).toBe(setting);
    expect(check.problem.problem).toContain(problem);
    expect(check.problem.fix).toContain(fix);
  });
});

describe('checkOneSpanApiUrl', () => {
  it.each([
    ['https://sandbox.esignlive.com/api', 'https://sandbox.esignlive.com/api'],
    ['https://sandbox.esignlive.com/api/', 'https://sandbox.esignlive.com/api'],
    ['https://sandbox.esignlive.com', 'https://sandbox.esignlive.com/api'],
    ['http://127.0.0.1:9000/api', 'http://127.0.0.1:9000/api'],
  ])('accepts %j as %j', (raw, value) => {
    expect(checkOneSpanApiUrl(raw, 'x')).toEqual({ ok: true, value });
  });

  it.each([
    ['https://sandbox.esignlive.com/api/callback', 'oneSpanPath', 'https://sandbox.esignlive.com/api.'],
    ['https://sandbox.esignlive.com/api?x', 'oneSpanPath', 'https://sandbox.esignlive.com/api.'],
    ['http://sandbox.esignlive.com/api', 'httpsRequired', 'https://sandbox.esignlive.com/api.'],
    ['sandbox.esignlive.com/api', 'noScheme', 'https://sandbox.esignlive.com/api.'],
  ])('refuses %j (%s)', (raw, key, fix) => {
    const check = checkOneSpanApiUrl(raw, 'x');
    if (check.ok) {
      throw new Error(`accepted ${raw}`);
    }
    expect(check.problem.key).toBe(key);
    expect(check.problem.fix).toContain(fix);
  });
});

describe('rejectSecretFlags', () => {
  it.each([
    [['--client-secret', 'typed-secret-1'], 'SF_CLIENT_SECRET'],
    [['--client-secret=typed-secret-1'], 'SF_CLIENT_SECRET'],
    [['--api-key', 'typed-secret-1'], 'ONESPAN_API_KEY'],
    [['--onespan-client-secret', 'typed-secret-1'], 'ONESPAN_CLIENT_SECRET'],
  ])('refuses %j as a FlagError naming %s, and masks the typed value', (argv, env) => {
    let caught: unknown;
    try {
      rejectSecretFlags(argv);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OssError);
    expect((caught as OssError).code).toBe('FlagError');
    expect((caught as OssError).exitCode).toBe(2);
    expect((caught as OssError).message).toContain(env);
    expect(secrets.mask('typed-secret-1')).toBe('****');
  });

  it('lets other flags through', () => {
    expect(() => rejectSecretFlags(['--client-id', 'x', '--json'])).not.toThrow();
  });
});
