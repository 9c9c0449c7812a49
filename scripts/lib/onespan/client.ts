/**
 * The one OneSpan Sign API client: authorisation (the API key as OneSpan shows it, or an OAuth 2.0
 * token, see ./auth), JSON both ways, the timeout and retry policy, and the mapping of OneSpan's error
 * bodies. Callback connectors (register/read), packages (create/delete) for tests, and `send`/`getJson`
 * for any other OneSpan resource, so every command inherits the same authorisation; the package listing
 * reconcile pages through.
 */
import { OssError } from '../errors';
import {
  defaultRetryPolicy,
  HttpRequest,
  HttpResponse,
  isRetryableStatus,
  parseJsonBody,
  send,
  ServicePolicy,
  unavailableError,
} from '../http/request';
import { createError } from '../messages';
import { oneSpanMessages } from '../messages/onespan';
import { SecretValue } from '../secretValue';
import { OneSpanAuthorization, OneSpanCredentials } from './auth';

/** The connector name of the Salesforce OAuth callback (onespan.md §1.2; camel case, lower-case "auth"). */
export const SALESFORCE_CONNECTOR = 'salesforceOauth2';

export interface RegisteredConnector {
  url: string;
  events: string[];
  /** Absent when OneSpan does not echo the key (whether it does is unconfirmed). */
  key?: SecretValue;
}

export interface ConnectorRegistration {
  url: string;
  events: readonly string[];
  key: SecretValue;
}

export interface OneSpanErrorBody {
  code?: number;
  messageKey?: string;
  message?: string;
  technical?: string;
  name?: string;
}

/** "message (messageKey) technical", from whatever parts the body has. */
export function describeOneSpanError(status: number, body: string): string {
  let parsed: OneSpanErrorBody = {};
  try {
    const value: unknown = JSON.parse(body);
    parsed = typeof value === 'object' && value !== null ? (value as OneSpanErrorBody) : {};
  } catch {
    return body.trim() === '' ? `HTTP ${status} with an empty body` : `HTTP ${status}: ${body.trim().slice(0, 200)}`;
  }
  const parts = [parsed.message ?? parsed.name ?? `HTTP ${status}`];
  if (parsed.messageKey) {
    parts.push(`(${parsed.messageKey})`);
  }
  if (parsed.technical && parsed.technical !== parsed.message) {
    parts.push(`- ${parsed.technical}`);
  }
  return parts.join(' ');
}

/**
 * Whether a refusal says the account takes OAuth 2.0 client credentials only. OneSpan's exact wording
 * is unconfirmed (onespan.md §5 documents only the shape), so any mention of OAuth or client
 * credentials in the message, key or technical text counts.
 */
export function mentionsOAuthOnly(body: string): boolean {
  return /oauth|client[\s_-]?credentials/i.test(describeOneSpanError(0, body));
}

/**
 * OneSpan's own "not found" error (`{"messageKey":"error.notFound..."}`). The exact key for an unregistered connector
 * is unconfirmed, so any `error.notFound` key counts, and so does `{code: 404, message}` without a key; the Apex health view reads a 404 the same way.
 */
export function isOneSpanNotFound(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { messageKey?: unknown; code?: unknown; message?: unknown } | null;
    if (typeof parsed?.messageKey === 'string') return parsed.messageKey.startsWith('error.notFound');
    // messageKey is optional in OneSpan's error model (onespan.md §5): its {code, message} form counts too.
    return parsed?.code === 404 && typeof parsed.message === 'string';
  } catch {
    return false;
  }
}

/**
 * Maps an error answer to its explanation; `apiUrl` is named in fixes about the environment, `mode`
 * (how the refused request was authorised) picks the fix of a 401.
 */
export function oneSpanError(
  apiUrl: string,
  request: HttpRequest,
  response: HttpResponse,
  mode: OneSpanCredentials['mode'] = 'apiKey',
): OssError {
  const description = describeOneSpanError(response.status, response.body);
  const data = { service: 'OneSpan', status: response.status };
  if (mode === 'apiKey' && (response.status === 401 || response.status === 403) && mentionsOAuthOnly(response.body)) {
    return createError(oneSpanMessages.oauthOnly, [request.what, response.status, description], { data });
  }
  switch (response.status) {
    case 401:
      return mode === 'oauth'
        ? createError(oneSpanMessages.tokenRefused, [request.what, `: ${description}`], { actionArgs: [apiUrl], data })
        : createError(oneSpanMessages.unauthorized, [request.what, `: ${description}`], {
            actionArgs: [apiUrl],
            data,
          });
    case 403:
      return createError(oneSpanMessages.forbidden, [request.what, `: ${description}`], { data });
    case 400:
    case 422:
      return createError(oneSpanMessages.validation, [request.what, description], { data });
    case 404:
      return createError(oneSpanMessages.notFound, [request.what, description], { actionArgs: [apiUrl], data });
    default:
      return isRetryableStatus(response.status)
        ? unavailableError('OneSpan', request, response)
        : createError(oneSpanMessages.apiError, [response.status, request.what, description], { data });
  }
}

/** One page of GET /packages: `count` is the total matching, `results` this page (documents.md A4). */
export interface PackagePage {
  count: number;
  results: Record<string, unknown>[];
}

export interface PackageListQuery {
  status: string;
  /** 1-based, as the Java and .NET SDKs page. */
  from: number;
  /** Inclusive. */
  to: number;
  /** Extra query parameters (the date filter), sent as given. */
  extra?: Readonly<Record<string, string>>;
}

export interface DescribedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface SendOptions {
  /** Whether sending it twice does no harm (reads, replacing POSTs); only those are retried. */
  idempotent: boolean;
  /** Sent as JSON. */
  body?: unknown;
}

export class OneSpanClient {
  private readonly policy: ServicePolicy;
  private readonly authorization: OneSpanAuthorization;

  /** `credentials`: an API key (as OneSpan shows it) or either mode of ./auth. */
  public constructor(
    public readonly apiUrl: string,
    credentials: OneSpanCredentials | SecretValue,
    timeoutMs: number,
    retry = defaultRetryPolicy(),
  ) {
    this.policy = { service: 'OneSpan', timeoutMs, retry };
    const resolved: OneSpanCredentials =
      credentials instanceof SecretValue ? { mode: 'apiKey', apiKey: credentials } : credentials;
    this.authorization = new OneSpanAuthorization(apiUrl, resolved, this.policy);
  }

  /** 'apiKey' or 'oauth': how this client authenticates. */
  public get authMode(): OneSpanCredentials['mode'] {
    return this.authorization.mode;
  }

  /**
   * An authorised request to any OneSpan API resource (`path` below the API base, e.g.
   * `/packages/{id}`), with the timeout, retries and token handling of every other call. The answer
   * comes back as it is, error statuses included; `error()` explains one.
   */
  public async send(
    method: HttpRequest['method'],
    path: string,
    what: string,
    options: SendOptions,
  ): Promise<HttpResponse> {
    return (await this.exchange(method, `${this.apiUrl}${path}`, what, options.idempotent, options.body)).response;
  }

  /** GET of a JSON object below the API base; a status other than 2xx throws the explained error. */
  public async getJson<T>(path: string, what: string): Promise<T> {
    const { request, response } = await this.exchange('GET', `${this.apiUrl}${path}`, what, true);
    return this.json<T>(request, response);
  }

  /** The explained error of an answer `send` returned. */
  public error(method: HttpRequest['method'], path: string, what: string, response: HttpResponse): OssError {
    return oneSpanError(
      this.apiUrl,
      { method, url: `${this.apiUrl}${path}`, what, idempotent: false },
      response,
      this.authMode,
    );
  }

  public connectorUrl(origin = SALESFORCE_CONNECTOR): string {
    return `${this.apiUrl}/callback/connectors/${encodeURIComponent(origin)}`;
  }

  /**
   * The registration, or undefined when none exists: a 404 (the spec), or a 200 whose url and events
   * are both empty or null (OneSpan's SDK models default to empty values, onespan.md §9). `signal` ends
   * the read (and its retries) when its answer is no longer wanted.
   */
  public async getConnector(
    origin = SALESFORCE_CONNECTOR,
    signal?: AbortSignal,
  ): Promise<RegisteredConnector | undefined> {
    const { request, response } = await this.exchange(
      'GET',
      this.connectorUrl(origin),
      'reading the callback registration',
      true,
      undefined,
      undefined,
      signal,
    );
    if (response.status === 404) {
      if (isOneSpanNotFound(response.body)) return undefined;
      // Not OneSpan saying "no such connector": a wrong API URL (a proxy's or web server's 404) must not read as
      // "nothing registered", or register would take the answer as a clean slate.
      throw oneSpanError(this.apiUrl, request, response, this.authMode);
    }
    const body = this.json<{ url?: unknown; events?: unknown; key?: unknown }>(request, response);
    const url = typeof body.url === 'string' ? body.url : '';
    const events = Array.isArray(body.events) ? body.events.filter((event) => event !== null).map(String) : [];
    if (url.trim() === '' && events.length === 0) {
      return undefined;
    }
    const key = typeof body.key === 'string' && body.key !== '' ? new SecretValue(body.key) : undefined;
    return { url, events, key };
  }

  /** POST replaces the whole registration, so repeating it is harmless (and retried). */
  public async registerConnector(registration: ConnectorRegistration, origin = SALESFORCE_CONNECTOR): Promise<void> {
    const { request, response } = await this.exchange(
      'POST',
      this.connectorUrl(origin),
      'registering the callback',
      true,
      {
        url: registration.url,
        events: registration.events,
        key: registration.key.reveal(),
      },
    );
    if (response.status < 200 || response.status >= 300) {
      throw oneSpanError(this.apiUrl, request, response, this.authMode);
    }
  }

  /** What registerConnector would send, with the API key and callback key masked (for --dry-run). */
  public describeRegisterRequest(registration: ConnectorRegistration, origin = SALESFORCE_CONNECTOR): DescribedRequest {
    return {
      method: 'POST',
      url: this.connectorUrl(origin),
      headers: {
        Authorization: this.authorization.describeHeader(),
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: { url: registration.url, events: registration.events, key: String(registration.key) },
    };
  }

  /** Creates a package; never retried, because a second POST would create a second package. */
  public async createPackage(payload: Record<string, unknown>): Promise<{ id: string }> {
    const { request, response } = await this.exchange(
      'POST',
      `${this.apiUrl}/packages`,
      'creating a package',
      false,
      payload,
    );
    const body = this.json<{ id?: unknown }>(request, response);
    if (typeof body.id !== 'string') {
      throw createError(oneSpanMessages.apiError, [200, request.what, 'the answer has no package id'], {
        data: { service: 'OneSpan' },
      });
    }
    return { id: body.id };
  }

  /** GET /api/packages/{id}: the transaction with its documents and `data` (documents.md A1). */
  public async getPackage(packageId: string): Promise<Record<string, unknown>> {
    return this.getJson<Record<string, unknown>>(
      `/packages/${encodeURIComponent(packageId)}`,
      `reading the transaction ${packageId}`,
    );
  }

  /**
   * A file of a transaction (documents.md A2, A3): `documents/{id}/pdf` (the signed PDF),
   * `documents/zip`, or `evidence/summary`. Held in memory whole: the caller handles one at a time.
   */
  public async downloadFile(packageId: string, path: string, what: string): Promise<Buffer> {
    const { request, response } = await this.exchange(
      'GET',
      `${this.apiUrl}/packages/${encodeURIComponent(packageId)}/${path}`,
      what,
      true,
      undefined,
      // The SDK asks the PDF endpoint for octet-stream (documents.md A2); the others answer PDF or zip.
      path.endsWith('/pdf') ? 'application/octet-stream' : '*/*',
    );
    if (response.status < 200 || response.status >= 300 || !response.bytes) {
      throw oneSpanError(this.apiUrl, request, response, this.authMode);
    }
    return response.bytes;
  }

  public async deletePackage(packageId: string): Promise<void> {
    const { request, response } = await this.exchange(
      'DELETE',
      `${this.apiUrl}/packages/${encodeURIComponent(packageId)}`,
      'deleting the package',
      true,
    );
    if (response.status < 200 || response.status >= 300) {
      throw oneSpanError(this.apiUrl, request, response, this.authMode);
    }
  }

  /** One page of the account's packages in a status; safe to repeat, so retried like any GET. */
  public async listPackages(query: PackageListQuery): Promise<PackagePage> {
    const params = new URLSearchParams({ query: query.status, from: String(query.from), to: String(query.to) });
    for (const [name, value] of Object.entries(query.extra ?? {})) {
      params.set(name, value);
    }
    const what = `listing ${query.status} packages ${query.from}-${query.to}`;
    const body = await this.getJson<{ count?: unknown; results?: unknown }>(`/packages?${params.toString()}`, what);
    if (typeof body.count !== 'number' || !Array.isArray(body.results)) {
      throw createError(oneSpanMessages.apiError, [200, what, 'the answer has no count and results'], {
        data: { service: 'OneSpan' },
      });
    }
    return {
      count: body.count,
      results: body.results.filter(
        (entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null,
      ),
    };
  }

  /**
   * Sends with the current authorisation. In the OAuth mode a 401 gets one more try with a fresh token,
   * since a token can be revoked before the lifetime it was issued with.
   */
  private async exchange(
    method: HttpRequest['method'],
    url: string,
    what: string,
    idempotent: boolean,
    body?: unknown,
    /** A download: the Accept header to send; the answer is kept as bytes. */
    download?: string,
    signal?: AbortSignal,
  ): Promise<{ request: HttpRequest; response: HttpResponse }> {
    const build = async (): Promise<HttpRequest> => ({
      method,
      url,
      what,
      idempotent,
      ...(download ? { binary: true } : {}),
      signal,
      headers: {
        Authorization: await this.authorization.header(),
        Accept: download ?? 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let request = await build();
    let response = await send(this.policy, request);
    if (response.status === 401 && this.authorization.mode === 'oauth') {
      this.authorization.invalidate();
      request = await build();
      response = await send(this.policy, request);
    }
    return { request, response };
  }

  private json<T>(request: HttpRequest, response: HttpResponse): T {
    if (response.status < 200 || response.status >= 300) {
      throw oneSpanError(this.apiUrl, request, response, this.authMode);
    }
    const body = parseJsonBody<unknown>('OneSpan', request, response);
    if (typeof body !== 'object' || body === null) {
      throw createError(oneSpanMessages.apiError, [response.status, request.what, 'the answer is not a JSON object'], {
        data: { service: 'OneSpan' },
      });
    }
    return body as T;
  }
}
