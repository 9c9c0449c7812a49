/**
 * How the tool proves itself to the OneSpan API. An account authenticates API calls in exactly one way
 * (onespan.md §4.2, §9; documents.md A5): with its API key, or — when "OAuth 2.0 Client Credentials"
 * is selected under Admin → API Access — with short-lived tokens from OneSpan's OAuth 2.0
 * client-credentials endpoint, and then API keys are refused. Both modes are supported here, so every
 * command that talks to OneSpan (through OneSpanClient) works for either kind of account.
 *
 * Not supported: the Client App token (`POST {webBase}/apitoken/clientApp/accessToken`). It only works
 * on accounts that authenticate with API keys (the same setting refuses API tokens in the OAuth mode),
 * whose API key this tool can use directly, so it would add a third secret without reaching any
 * account the other two modes do not.
 */
import { OssError } from '../errors';
import { HttpRequest, HttpResponse, parseJsonBody, send, ServicePolicy } from '../http/request';
import { createError } from '../messages';
import { oneSpanMessages } from '../messages/onespan';
import { SecretValue } from '../secretValue';
import { secrets } from '../secrets';

export type OneSpanCredentials =
  | { readonly mode: 'apiKey'; readonly apiKey: SecretValue }
  | { readonly mode: 'oauth'; readonly clientId: string; readonly clientSecret: SecretValue };

/**
 * The token endpoint sits beside `/api` on the same host (documents.md A5 shows
 * `https://apps.esignlive.com/oauth2/token` for production). OneSpan documents no sandbox host for it,
 * so it is derived from the API URL the user gave for every environment: unconfirmed for sandboxes.
 */
export function oauthTokenUrl(apiUrl: string): string {
  return `${new URL(apiUrl).origin}/oauth2/token`;
}

/** OneSpan's tokens live 299 s (documents.md A5); used when the answer gives no lifetime at all. */
const DEFAULT_LIFETIME_S = 299;
/** Renewed this long before it expires, as OneSpan's Java SDK does, so no request carries a dying token. */
const RENEW_MARGIN_MS = 60_000;

interface TokenAnswer {
  access_token?: unknown;
  token_type?: unknown;
  scope?: unknown;
  expires_in?: unknown;
}

interface CachedToken {
  value: SecretValue;
  expiresAt: number;
}

/** Seconds until `exp` of a JWT, when the token is one and has it (OneSpan's are JWTs). */
function jwtLifetimeSeconds(token: string, nowMs: number): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) {
    return undefined;
  }
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const exp = (claims as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp - nowMs / 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The lifetime the answer states (expires_in, else the JWT's exp), else OneSpan's documented 299 s. */
export function tokenLifetimeSeconds(answer: TokenAnswer, token: string, nowMs: number): number {
  const stated = Number(answer.expires_in);
  if (answer.expires_in !== undefined && answer.expires_in !== null && Number.isFinite(stated) && stated > 0) {
    return stated;
  }
  return jwtLifetimeSeconds(token, nowMs) ?? DEFAULT_LIFETIME_S;
}

/**
 * The Authorization header of OneSpan API calls: `Basic <apiKey>` as OneSpan shows the key, or
 * `Bearer <token>` with the token fetched once and reused for its lifetime (one fetch at a time, even
 * when requests run side by side).
 */
export class OneSpanAuthorization {
  private cached?: CachedToken;
  private pending?: Promise<CachedToken>;

  public constructor(
    private readonly apiUrl: string,
    public readonly credentials: OneSpanCredentials,
    private readonly policy: ServicePolicy,
    private readonly now: () => number = Date.now,
  ) {}

  public get mode(): OneSpanCredentials['mode'] {
    return this.credentials.mode;
  }

  /** The header value to send; in the OAuth mode this may fetch a token first. */
  public async header(): Promise<string> {
    if (this.credentials.mode === 'apiKey') {
      return `Basic ${this.credentials.apiKey.reveal()}`;
    }
    const token = await this.token();
    return `Bearer ${token.value.reveal()}`;
  }

  /** The header with its secret masked, for --dry-run. */
  public describeHeader(): string {
    return this.credentials.mode === 'apiKey'
      ? `Basic ${String(this.credentials.apiKey)}`
      : `Bearer **** (OAuth 2.0 token from ${oauthTokenUrl(this.apiUrl)})`;
  }

  /** Forgets the token, after OneSpan refused it before its time (revoked, or the clock is off). */
  public invalidate(): void {
    this.cached = undefined;
  }

  private async token(): Promise<CachedToken> {
    if (this.cached && this.cached.expiresAt - RENEW_MARGIN_MS > this.now()) {
      return this.cached;
    }
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    this.cached = await this.pending;
    return this.cached;
  }

  private async fetchToken(): Promise<CachedToken> {
    if (this.credentials.mode !== 'oauth') {
      throw new Error('fetchToken is only for the OAuth mode');
    }
    const { clientId, clientSecret } = this.credentials;
    const basic = Buffer.from(`${clientId}:${clientSecret.reveal()}`, 'utf8').toString('base64');
    secrets.add(basic);
    const tokenUrl = oauthTokenUrl(this.apiUrl);
    const request: HttpRequest = {
      method: 'POST',
      url: tokenUrl,
      what: 'the OAuth 2.0 token request',
      // Asking again for a token creates nothing, so it is retried like a read.
      idempotent: true,
      headers: {
        Authorization: `Basic ${basic}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    };
    const response = await send(this.policy, request);
    if (response.status < 200 || response.status >= 300) {
      throw tokenError(tokenUrl, response);
    }
    const answer = parseJsonBody<TokenAnswer>('OneSpan', request, response);
    const accessToken = typeof answer?.access_token === 'string' ? answer.access_token : '';
    if (accessToken === '') {
      throw createError(oneSpanMessages.apiError, [response.status, request.what, 'the answer has no access_token'], {
        data: { service: 'OneSpan', status: response.status },
      });
    }
    const value = new SecretValue(accessToken);
    const startedAt = this.now();
    return { value, expiresAt: startedAt + tokenLifetimeSeconds(answer, accessToken, startedAt) * 1000 };
  }
}

/** OAuth errors are `{error, error_description}` (RFC 6749); OneSpan's own shape is also read. */
function tokenError(tokenUrl: string, response: HttpResponse): OssError {
  let detail = response.body.trim().slice(0, 200) || 'an empty body';
  try {
    const body = JSON.parse(response.body) as Record<string, unknown>;
    const parts = [body.error, body.error_description, body.message, body.messageKey].filter(
      (part): part is string => typeof part === 'string' && part !== '',
    );
    if (parts.length > 0) {
      detail = parts.join(': ');
    }
  } catch {
    // Not JSON: the trimmed text above says what came back.
  }
  const data = { service: 'OneSpan', status: response.status };
  if (response.status === 404) {
    return createError(oneSpanMessages.tokenEndpointNotFound, [tokenUrl, detail], { actionArgs: [tokenUrl], data });
  }
  if (response.status >= 400 && response.status < 500) {
    return createError(oneSpanMessages.oauthRefused, [tokenUrl, response.status, detail], { data });
  }
  return createError(oneSpanMessages.apiError, [response.status, 'the OAuth 2.0 token request', detail], { data });
}
