/**
 * The account's API authentication setting (onespan.md §4.2, §9; documents.md A5): exactly one mode is
 * active. In the API-key mode `/api` takes `Authorization: Basic <apiKey>`; in the OAuth mode it takes
 * `Bearer <token>` from `POST /oauth2/token` (Basic base64(clientId:clientSecret), form body
 * `grant_type=client_credentials`, answer `{access_token, token_type, scope, expires_in}`, 299 s) and
 * refuses API keys.
 *
 * Followed: the token request and answer as documented; tokens are JWTs with `exp` (the Java SDK reads
 * it); the lifetime of 299 s; `error.unauthorised.sessionExpired` for an expired token (seen in a real
 * OneSpan error). Unconfirmed choices: the token endpoint on the same host as `/api` (documented for
 * production only); the RFC 6749 error body `{error, error_description}` of the token endpoint and its
 * refusal of the OAuth flow while the account is on API keys; the messageKey and text refusing an API
 * key in the OAuth mode (in OneSpan's documented error shape, mentioning OAuth as the admin setting does).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { json, type IncomingRequest, type OutgoingResponse } from '../http';
import { ossError } from './errors';

export type OneSpanAuthMode = 'apiKey' | 'oauth';

export const DEFAULT_TOKEN_LIFETIME_S = 299;

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export class OneSpanAuthSetting {
  public readonly clientId: string;
  public readonly clientSecret: string;
  private readonly tokens = new Map<string, number>();

  public constructor(
    public mode: OneSpanAuthMode,
    public readonly apiKey: string,
    private readonly tokenLifetimeS: number,
    credentials: { clientId?: string; clientSecret?: string } = {},
  ) {
    this.clientId = credentials.clientId ?? `oss-client-${randomUUID()}`;
    this.clientSecret = credentials.clientSecret ?? randomBytes(24).toString('hex');
  }

  /** `POST /oauth2/token`. */
  public issueToken(request: IncomingRequest): OutgoingResponse {
    if (request.method !== 'POST') {
      return oauthError(405, 'invalid_request', 'The token endpoint takes POST.');
    }
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      return oauthError(401, 'invalid_client', 'Client authentication failed.');
    }
    if (this.mode !== 'oauth') {
      return oauthError(
        401,
        'unauthorized_client',
        'OAuth 2.0 client credentials are not enabled for this account; it authenticates API calls with its API key.',
      );
    }
    const form = new URLSearchParams(request.body);
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return oauthError(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported.');
    }
    const now = Date.now();
    const exp = Math.floor(now / 1000) + this.tokenLifetimeS;
    const token = [
      base64url({ alg: 'RS256', typ: 'JWT' }),
      base64url({ sub: this.clientId, exp, jti: randomUUID() }),
      randomBytes(32).toString('base64url'),
    ].join('.');
    this.tokens.set(token, now + this.tokenLifetimeS * 1000);
    return json(200, { access_token: token, token_type: 'Bearer', scope: 'api', expires_in: this.tokenLifetimeS });
  }

  /** undefined when the request may use `/api`, else OneSpan's 401. */
  public refusal(authorization: string | undefined): OutgoingResponse | undefined {
    if (this.mode === 'apiKey') {
      return authorization === `Basic ${this.apiKey}` ? undefined : noSession();
    }
    if (authorization?.startsWith('Basic ')) {
      return ossError(
        401,
        'error.unauthorised.apiKeyNotAllowed',
        'API key authentication is not allowed: this account authenticates API calls with OAuth 2.0 client credentials.',
      );
    }
    const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
    const expiresAt = token === undefined ? undefined : this.tokens.get(token);
    if (expiresAt === undefined) {
      return noSession();
    }
    return expiresAt > Date.now()
      ? undefined
      : ossError(401, 'error.unauthorised.sessionExpired', 'Session is expired');
  }

  /** Ends every token issued so far, as if their lifetime had passed. */
  public expireTokens(): void {
    for (const token of this.tokens.keys()) {
      this.tokens.set(token, 0);
    }
  }
}

function noSession(): OutgoingResponse {
  return ossError(
    401,
    'error.unauthorised.noSession',
    'You are not authorised to access this resource. Check the API key.',
    'No valid session or API key.',
  );
}

function oauthError(status: number, error: string, description: string): OutgoingResponse {
  return json(status, { error, error_description: description });
}
