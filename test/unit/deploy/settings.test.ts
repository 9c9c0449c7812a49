import { OssError } from '../../../scripts/lib/errors';
import {
  checkConnectedAppCredentials,
  oneSpanReplacementEnv,
  resolveContactEmail,
  resolveOneSpanTarget,
  resolveRunAsUsername,
} from '../../../scripts/lib/deploy/settings';

function thrown(action: () => unknown): OssError {
  try {
    action();
  } catch (error) {
    if (error instanceof OssError) return error;
    throw error;
  }
  throw new Error('expected an OssError');
}

const scratch = { username: 'org@acme.com', isScratch: true };
const sandbox = { username: 'org@acme.com', isScratch: false };

describe('resolveRunAsUsername', () => {
  it('prefers the flag, then OSS_RUN_AS_USERNAME, then (scratch org) the target org user, and says which', () => {
    const env = { OSS_RUN_AS_USERNAME: 'env@acme.com' };
    expect(resolveRunAsUsername('flag@acme.com', env, sandbox)).toEqual({
      value: 'flag@acme.com',
      source: 'flag',
      origin: '--run-as-username',
    });
    expect(resolveRunAsUsername(undefined, env, sandbox)).toEqual({
      value: 'env@acme.com',
      source: 'environment',
      origin: 'OSS_RUN_AS_USERNAME',
    });
    expect(resolveRunAsUsername('  ', { OSS_RUN_AS_USERNAME: '' }, scratch)).toEqual({
      value: 'org@acme.com',
      source: 'target-org',
      origin: 'the target org',
    });
  });

  it.each([
    ['a display name', 'Integration User'],
    ['no domain', 'integration'],
    ['XML that would break the policy file', 'a<b>@acme.com'],
    ['an ampersand', 'r&d@acme.com'],
  ])('refuses %s and names where it came from', (_label, value) => {
    const error = thrown(() => resolveRunAsUsername(undefined, { OSS_RUN_AS_USERNAME: value }, scratch));
    expect(error.code).toBe('InvalidRunAsUsernameError');
    expect(error.message).toContain('OSS_RUN_AS_USERNAME');
  });

  it("refuses to default to the org's own user outside a scratch org, with the integration user fix", () => {
    const error = thrown(() => resolveRunAsUsername(undefined, { OSS_RUN_AS_USERNAME: ' ' }, sandbox));
    expect(error.code).toBe('RunAsUsernameRequiredError');
    expect(error.message).toContain('--run-as-username');
    expect(error.actions.join(' ')).toContain('"Minimum Access - API Only Integrations"');
    expect(error.actions.join(' ')).toContain('"Salesforce Integration"');
  });
});

describe('resolveContactEmail', () => {
  it('falls back to the target org username', () => {
    expect(resolveContactEmail(undefined, {}, 'admin@acme.com')).toMatchObject({
      value: 'admin@acme.com',
      source: 'target-org',
    });
    expect(resolveContactEmail(undefined, { OSS_CONTACT_EMAIL: 'ops@acme.com' }, 'x@y.z').value).toBe('ops@acme.com');
  });

  it('refuses something that is not an address', () => {
    expect(thrown(() => resolveContactEmail('ops team', {}, 'admin@acme.com')).code).toBe('InvalidContactEmailError');
  });
});

describe('checkConnectedAppCredentials', () => {
  const key = 'OSS0123456789abcdef';
  const secret = 'A'.repeat(64);

  it('accepts a chosen key and secret of 8-256 letters and digits', () => {
    expect(() => checkConnectedAppCredentials({ SF_CLIENT_ID: key, SF_CLIENT_SECRET: secret })).not.toThrow();
  });

  it('names every unset variable', () => {
    const error = thrown(() => checkConnectedAppCredentials({}));
    expect(error.code).toBe('MissingConnectedAppCredentialsError');
    expect(error.message).toContain('not set: SF_CLIENT_ID, SF_CLIENT_SECRET');
  });

  it('refuses a malformed secret without ever repeating it', () => {
    const badSecret = 'short!&';
    const error = thrown(() => checkConnectedAppCredentials({ SF_CLIENT_ID: key, SF_CLIENT_SECRET: badSecret }));
    expect(error.code).toBe('InvalidConnectedAppCredentialError');
    expect(error.message).toContain('SF_CLIENT_SECRET');
    expect(JSON.stringify({ message: error.message, actions: error.actions })).not.toContain(badSecret);
  });

  it('refuses a key longer than 256 characters', () => {
    expect(
      thrown(() => checkConnectedAppCredentials({ SF_CLIENT_ID: 'k'.repeat(257), SF_CLIENT_SECRET: secret })).message,
    ).toContain('SF_CLIENT_ID');
  });
});

describe('resolveOneSpanTarget (the Named Credential of the archiving handler)', () => {
  it('takes --onespan-env, then --onespan-url, then ONESPAN_API_URL, like the other commands', () => {
    expect(
      resolveOneSpanTarget({ onespanEnv: 'CA-Sandbox' }, { ONESPAN_API_URL: 'https://apps.esignlive.eu/api' }),
    ).toMatchObject({ apiUrl: 'https://sandbox.e-signlive.ca/api', origin: '--onespan-env', defaulted: false });
    expect(resolveOneSpanTarget({ onespanUrl: 'https://apps.esignlive.com/api/' }, {})).toMatchObject({
      apiUrl: 'https://apps.esignlive.com/api',
      origin: '--onespan-url',
    });
    expect(resolveOneSpanTarget({}, { ONESPAN_API_URL: 'https://apps.esignlive.eu/api' })).toMatchObject({
      apiUrl: 'https://apps.esignlive.eu/api',
      tokenUrl: 'https://apps.esignlive.eu/oauth2/token',
      origin: 'ONESPAN_API_URL',
    });
  });

  it('falls back to the US sandbox and says it defaulted, so the deploy can warn', () => {
    expect(resolveOneSpanTarget({}, {})).toMatchObject({
      apiUrl: 'https://sandbox.esignlive.com/api',
      defaulted: true,
      origin: 'default',
    });
  });

  it('chooses the External Credential and header by mode: API key, or OAuth when ONESPAN_CLIENT_ID is set', () => {
    expect(oneSpanReplacementEnv(resolveOneSpanTarget({ onespanEnv: 'us' }, {}))).toEqual({
      OSS_ONESPAN_API_URL: 'https://apps.esignlive.com/api',
      OSS_ONESPAN_TOKEN_URL: 'https://apps.esignlive.com/oauth2/token',
      OSS_ONESPAN_EXTERNAL_CREDENTIAL: 'OneSpan_Sign_API',
      OSS_ONESPAN_GENERATE_AUTH_HEADER: 'false',
    });
    expect(
      oneSpanReplacementEnv(resolveOneSpanTarget({ onespanEnv: 'us' }, { ONESPAN_CLIENT_ID: 'client-1' })),
    ).toMatchObject({
      OSS_ONESPAN_EXTERNAL_CREDENTIAL: 'OneSpan_Sign_API_OAuth',
      OSS_ONESPAN_GENERATE_AUTH_HEADER: 'true',
    });
  });

  it('refuses an unknown region, both flags, or a URL that is not the OneSpan API, naming the setting', () => {
    expect(thrown(() => resolveOneSpanTarget({ onespanEnv: 'mars' }, {})).message).toContain('--onespan-env');
    expect(
      thrown(() => resolveOneSpanTarget({ onespanEnv: 'us', onespanUrl: 'https://apps.esignlive.com/api' }, {}))
        .message,
    ).toContain('--onespan-url');
    expect(thrown(() => resolveOneSpanTarget({}, { ONESPAN_API_URL: 'ftp://example.com' })).message).toContain(
      'ONESPAN_API_URL',
    );
  });
});
