/**
 * The one OneSpan Sign API client: `Authorization: Basic <apiKey>` with the key exactly as OneSpan
 * shows it (it is already base64), JSON both ways, the timeout and retry policy, and the mapping of
 * OneSpan's error bodies. Callback connectors (register/read) and packages (create/delete) for tests.
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

/** Maps an error answer to its explanation; `apiUrl` is named in fixes about the environment. */
export function oneSpanError(apiUrl: string, request: HttpRequest, response: HttpResponse): OssError {
  const description = describeOneSpanError(response.status, response.body);
  const data = { service: 'OneSpan', status: response.status };
  switch (response.status) {
    case 401:
      return createError(oneSpanMessages.unauthorized, [request.what, `: ${description}`], {
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

export interface DescribedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export class OneSpanClient {
  private readonly policy: ServicePolicy;

  public constructor(
    public readonly apiUrl: string,
    private readonly apiKey: SecretValue,
    timeoutMs: number,
    retry = defaultRetryPolicy(),
  ) {
    this.policy = { service: 'OneSpan', timeoutMs, retry };
  }

  public connectorUrl(origin = SALESFORCE_CONNECTOR): string {
    return `${this.apiUrl}/callback/connectors/${encodeURIComponent(origin)}`;
  }

  /** The registration, or undefined when none exists (404). */
  public async getConnector(origin = SALESFORCE_CONNECTOR): Promise<RegisteredConnector | undefined> {
    const request = this.request('GET', this.connectorUrl(origin), 'reading the callback registration', true);
    const response = await send(this.policy, request);
    if (response.status === 404) {
      return undefined;
    }
    const body = this.json<{ url?: unknown; events?: unknown; key?: unknown }>(request, response);
    const key = typeof body.key === 'string' && body.key !== '' ? new SecretValue(body.key) : undefined;
    return {
      url: typeof body.url === 'string' ? body.url : '',
      events: Array.isArray(body.events) ? body.events.map(String) : [],
      key,
    };
  }

  /** POST replaces the whole registration, so repeating it is harmless (and retried). */
  public async registerConnector(registration: ConnectorRegistration, origin = SALESFORCE_CONNECTOR): Promise<void> {
    const request = this.request('POST', this.connectorUrl(origin), 'registering the callback', true, {
      url: registration.url,
      events: registration.events,
      key: registration.key.reveal(),
    });
    const response = await send(this.policy, request);
    if (response.status < 200 || response.status >= 300) {
      throw oneSpanError(this.apiUrl, request, response);
    }
  }

  /** What registerConnector would send, with the API key and callback key masked (for --dry-run). */
  public describeRegisterRequest(registration: ConnectorRegistration, origin = SALESFORCE_CONNECTOR): DescribedRequest {
    return {
      method: 'POST',
      url: this.connectorUrl(origin),
      headers: {
        Authorization: `Basic ${this.apiKey}`,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: { url: registration.url, events: registration.events, key: String(registration.key) },
    };
  }

  /** Creates a package; never retried, because a second POST would create a second package. */
  public async createPackage(payload: Record<string, unknown>): Promise<{ id: string }> {
    const request = this.request('POST', `${this.apiUrl}/packages`, 'creating a package', false, payload);
    const body = this.json<{ id?: unknown }>(request, await send(this.policy, request));
    if (typeof body.id !== 'string') {
      throw createError(oneSpanMessages.apiError, [200, request.what, 'the answer has no package id'], {
        data: { service: 'OneSpan' },
      });
    }
    return { id: body.id };
  }

  public async deletePackage(packageId: string): Promise<void> {
    const request = this.request(
      'DELETE',
      `${this.apiUrl}/packages/${encodeURIComponent(packageId)}`,
      'deleting the package',
      true,
    );
    const response = await send(this.policy, request);
    if (response.status < 200 || response.status >= 300) {
      throw oneSpanError(this.apiUrl, request, response);
    }
  }

  private request(
    method: HttpRequest['method'],
    url: string,
    what: string,
    idempotent: boolean,
    body?: unknown,
  ): HttpRequest {
    return {
      method,
      url,
      what,
      idempotent,
      headers: {
        Authorization: `Basic ${this.apiKey.reveal()}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    };
  }

  private json<T>(request: HttpRequest, response: HttpResponse): T {
    if (response.status < 200 || response.status >= 300) {
      throw oneSpanError(this.apiUrl, request, response);
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
