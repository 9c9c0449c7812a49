/**
 * The OneSpan client in both authentication modes, against the OneSpan emulator (which models the
 * account setting) and, for answers the emulator does not give, a bare local server.
 */
import { startOneSpanEmulator } from '../../../../scripts/emulator';
import type { OneSpanEmulator } from '../../../../scripts/emulator/types';
import { oauthTokenUrl, OneSpanAuthorization, tokenLifetimeSeconds } from '../../../../scripts/lib/onespan/auth';
import { OneSpanClient } from '../../../../scripts/lib/onespan/client';
import { SecretValue } from '../../../../scripts/lib/secretValue';
import { secrets } from '../../../../scripts/lib/secrets';
import { startLocalServer } from '../../../helpers/localServer';

const FAST_RETRY = { retries: 1, baseDelayMs: 1, maxRetryAfterMs: 10 };

let emulator: OneSpanEmulator;

beforeEach(async () => {
  emulator = await startOneSpanEmulator({ auth: 'oauth' });
});

afterEach(async () => {
  await emulator.close();
  secrets.clear();
});

const oauthCredentials = () => ({
  mode: 'oauth' as const,
  clientId: emulator.oauth.clientId,
  clientSecret: new SecretValue(emulator.oauth.clientSecret),
});
const tokenPosts = () => emulator.requests().filter((request) => request.path === '/oauth2/token').length;
const connector = { url: 'https://a.my.salesforce.com/services/apexrest/OSS/callback', events: ['PACKAGE_COMPLETE'] };

describe('OneSpanClient in the OAuth 2.0 mode', () => {
  it('gets one token and reuses it for every call of its lifetime', async () => {
    const client = new OneSpanClient(emulator.apiUrl, oauthCredentials(), 2000, FAST_RETRY);
    expect(client.authMode).toBe('oauth');
    await client.registerConnector({ ...connector, key: new SecretValue('a2V5LXZhbHVlLTE=') });
    await expect(client.getConnector()).resolves.toMatchObject(connector);
    await client.getJson('/callback/connectors/salesforceOauth2', 'reading it again');
    expect(tokenPosts()).toBe(1);
  });

  it('fetches one token for requests sent side by side', async () => {
    const client = new OneSpanClient(emulator.apiUrl, oauthCredentials(), 2000, FAST_RETRY);
    await Promise.all([client.getConnector(), client.getConnector(), client.getConnector()]);
    expect(tokenPosts()).toBe(1);
  });

  it('gets a new token when OneSpan ends the old one early, and the call still succeeds', async () => {
    const client = new OneSpanClient(emulator.apiUrl, oauthCredentials(), 2000, FAST_RETRY);
    await client.getConnector();
    emulator.expireTokens();
    await expect(client.getConnector()).resolves.toBeUndefined();
    expect(tokenPosts()).toBe(2);
  });

  it('renews the token a minute before it expires, not later', async () => {
    let now = Date.now();
    const policy = { service: 'OneSpan' as const, timeoutMs: 2000, retry: FAST_RETRY };
    const authorization = new OneSpanAuthorization(emulator.apiUrl, oauthCredentials(), policy, () => now);
    const first = await authorization.header();
    now += (299 - 61) * 1000;
    expect(await authorization.header()).toBe(first);
    now += 2000;
    const renewed = await authorization.header();
    expect(renewed).not.toBe(first);
    expect(renewed).toMatch(/^Bearer eyJ/);
    expect(tokenPosts()).toBe(2);
  });

  it('sends the token request as documented: Basic base64(id:secret), form grant_type=client_credentials', async () => {
    const seen: { auth?: string; type?: string; body: string }[] = [];
    const server = await startLocalServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ auth: request.headers.authorization, type: request.headers['content-type'], body });
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ access_token: 'opaque-token-123', token_type: 'Bearer', expires_in: 299 }));
      });
    });
    try {
      const policy = { service: 'OneSpan' as const, timeoutMs: 2000, retry: FAST_RETRY };
      const auth = new OneSpanAuthorization(
        `${server.url}/api`,
        { mode: 'oauth', clientId: 'client-1', clientSecret: new SecretValue('secret-of-client-1') },
        policy,
      );
      expect(await auth.header()).toBe('Bearer opaque-token-123');
      expect(seen).toEqual([
        {
          auth: `Basic ${Buffer.from('client-1:secret-of-client-1').toString('base64')}`,
          type: 'application/x-www-form-urlencoded',
          body: 'grant_type=client_credentials',
        },
      ]);
      // The token is a secret from the moment it arrives.
      expect(secrets.mask('token opaque-token-123')).toBe('token ****');
    } finally {
      await server.close();
    }
  });

  it('masks the token in the dry-run request and names where it comes from', () => {
    const client = new OneSpanClient(emulator.apiUrl, oauthCredentials(), 2000);
    const described = client.describeRegisterRequest({ ...connector, key: new SecretValue('a2V5LXZhbHVlLTE=') });
    expect(described.headers.Authorization).toBe(`Bearer **** (OAuth 2.0 token from ${emulator.url}/oauth2/token)`);
  });
});

describe('errors of the two modes', () => {
  it('an API key refused by an OAuth-only account is explained as that, with the settings to use', async () => {
    const client = new OneSpanClient(emulator.apiUrl, new SecretValue(emulator.apiKey), 2000, FAST_RETRY);
    const error = await client.getConnector().catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'OneSpanOAuthOnlyError' });
    expect((error as { actions: string[] }).actions[0]).toContain('ONESPAN_CLIENT_ID and ONESPAN_CLIENT_SECRET');
  });

  it('the same account on API keys takes the key, and a wrong key stays the API-key error', async () => {
    emulator.setAuthMode('apiKey');
    await expect(
      new OneSpanClient(emulator.apiUrl, new SecretValue(emulator.apiKey), 2000).getConnector(),
    ).resolves.toBeUndefined();
    const wrong = new OneSpanClient(emulator.apiUrl, new SecretValue('d3Jvbmc6a2V5'), 2000);
    await expect(wrong.getConnector()).rejects.toMatchObject({ code: 'OneSpanAuthError' });
  });

  it('wrong OAuth credentials name the token endpoint and the settings', async () => {
    const client = new OneSpanClient(
      emulator.apiUrl,
      { mode: 'oauth', clientId: emulator.oauth.clientId, clientSecret: new SecretValue('not-the-right-secret') },
      2000,
      FAST_RETRY,
    );
    const error = await client.getConnector().catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'OneSpanOAuthError' });
    expect((error as Error).message).toContain(`${emulator.url}/oauth2/token (HTTP 401: invalid_client`);
  });

  it('a host without the token endpoint says the token URL is derived from the API URL', async () => {
    const server = await startLocalServer((_request, response) => {
      response.writeHead(404, { 'Content-Type': 'text/html' });
      response.end('<html>not found</html>');
    });
    try {
      const client = new OneSpanClient(`${server.url}/api`, oauthCredentials(), 2000, FAST_RETRY);
      const error = await client.getConnector().catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: 'OneSpanTokenEndpointError' });
      expect((error as { actions: string[] }).actions[0]).toContain('derived from ONESPAN_API_URL');
    } finally {
      await server.close();
    }
  });
});

describe('token helpers', () => {
  it('puts the token endpoint beside /api on the same host', () => {
    expect(oauthTokenUrl('https://apps.esignlive.com/api')).toBe('https://apps.esignlive.com/oauth2/token');
    expect(oauthTokenUrl('https://sandbox.esignlive.com/api')).toBe('https://sandbox.esignlive.com/oauth2/token');
  });

  it('takes the lifetime from expires_in, else the JWT exp, else 299 s', () => {
    const now = 1_700_000_000_000;
    const jwt = (exp: number) => ['e30', Buffer.from(JSON.stringify({ exp })).toString('base64url'), 'sig'].join('.');
    expect(tokenLifetimeSeconds({ expires_in: 120 }, 'opaque', now)).toBe(120);
    expect(tokenLifetimeSeconds({ expires_in: '90' }, 'opaque', now)).toBe(90);
    expect(tokenLifetimeSeconds({}, jwt(now / 1000 + 200), now)).toBe(200);
    expect(tokenLifetimeSeconds({ expires_in: 0 }, 'opaque', now)).toBe(299);
    expect(tokenLifetimeSeconds({}, 'not.a-jwt.x', now)).toBe(299);
  });
});
