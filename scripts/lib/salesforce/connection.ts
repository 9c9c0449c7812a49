/**
 * Salesforce through jsforce 3: its OAuth2 for the client-credentials grant, its Connection for SOQL
 * and Apex REST, its parsing of the REST error answer. jsforce speaks the protocol (token form, URLs,
 * API version, Bearer header, `[{errorCode, message}]` → HttpApiError); the bytes travel over the
 * project's transport (http/request.ts), the one the OneSpan client uses too, because jsforce's own
 * retry loop (node-fetch, request.ts in jsforce) is wrong for a CLI that explains every failure:
 * - it never repeats a POST, so the token request, which is safe to repeat, would fail on the first
 *   503 of a maintenance window;
 * - it repeats a GET answered 500 five times (15.5 s of back-off), and a 500 from Apex REST is an
 *   APEX_ERROR that answers the same every time;
 * - it ignores Retry-After, and its timeout covers all attempts together (30 min by default, with a
 *   message that says "10 minutes"), so `--timeout` could not mean "per attempt".
 * Every call gets its own transport labelled with what it is, so errors name the request and the
 * attempts, and the answer's status is at hand where jsforce's errors do not carry it.
 *
 * jsforce is loaded on the first Salesforce call, so `--help` and settings errors never pay it; and only its core
 * (`jsforce/lib/core`: Connection, OAuth2, Query), not the Bulk, Metadata, SOAP, Streaming, Tooling, Analytics and
 * Chatter APIs that `jsforce` itself registers and no command uses, which every command's first Salesforce call
 * would otherwise load (BENCHMARKS.md, "jsforce at start-up").
 */
import { PassThrough } from 'node:stream';
import type {
  Connection,
  HttpRequest as JsforceRequest,
  HttpResponse as JsforceResponse,
  OAuth2,
} from 'jsforce/lib/core';
import { OssError } from '../errors';
import {
  defaultRetryPolicy,
  HttpRequest,
  HttpResponse,
  isRetryableStatus,
  parseJsonBody,
  RetryPolicy,
  send,
  ServicePolicy,
  unavailableError,
} from '../http/request';
import { createError } from '../messages';
import { salesforceMessages } from '../messages/salesforce';
import { SecretValue } from '../secretValue';

/** The REST API version of the token-based calls; Winter '25, served by every current org. */
export const SALESFORCE_API_VERSION = '62.0';

export interface SalesforceApiErrorData {
  service: 'Salesforce';
  status: number;
  errorCode: string;
  message: string;
}

/** A Salesforce error as {errorCode, message}, whichever client raised it. */
export interface RestFailure {
  errorCode: string;
  message: string;
}

export interface SalesforceCall {
  /** What this request is, for messages: "the callback URL probe"; or named from the request itself. */
  what: string | ((request: JsforceRequest) => string);
  /**
   * Whether a request may be sent again after a network failure or a 429/502/503/504 (default: yes,
   * for every method). A connection that creates records says no for POST: a lost answer must not
   * become a second record.
   */
  idempotent?: (method: string) => boolean;
  /** A success answer must be JSON: anything else is explained before jsforce parses it. */
  expectJson?: boolean;
  /** Answers that mean "the service is unavailable" rather than an API error (default: none here). */
  isUnavailable?: (response: HttpResponse) => boolean;
}

/**
 * jsforce's transport contract (`httpRequest` returning a promise with `stream()`) over `send`. By
 * default every request is safe to repeat: the token creates nothing, reads change nothing, and a
 * replayed callback is stored once by the receiver's dedupe key. Bodies (a key, a file) go to the wire
 * only: this transport never logs, unlike @salesforce/core's Connection.request.
 */
export class CallTransport {
  /** The last request sent and its answer, after retries. */
  public last?: { request: HttpRequest; response: HttpResponse };
  /** How many answers arrived. */
  public answers = 0;

  public constructor(
    private readonly policy: ServicePolicy,
    public readonly call: SalesforceCall,
  ) {}

  public httpRequest(request: JsforceRequest): Promise<JsforceResponse> & { stream(): PassThrough } {
    return Object.assign(this.exchange(request), { stream: () => new PassThrough() });
  }

  private async exchange(jsforceRequest: JsforceRequest): Promise<JsforceResponse> {
    // fetch computes the length itself; jsforce's own value would only risk a mismatch.
    const headers = Object.fromEntries(
      Object.entries(jsforceRequest.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-length'),
    );
    const body = jsforceRequest.body;
    const request: HttpRequest = {
      method: jsforceRequest.method as HttpRequest['method'],
      url: jsforceRequest.url,
      headers: { Accept: 'application/json', ...headers },
      body: typeof body === 'string' || Buffer.isBuffer(body) ? body : undefined,
      what: typeof this.call.what === 'string' ? this.call.what : this.call.what(jsforceRequest),
      idempotent: this.call.idempotent?.(jsforceRequest.method) ?? true,
    };
    const response = await send(this.policy, request);
    this.last = { request, response };
    this.answers++;
    if (this.call.isUnavailable?.(response)) {
      throw unavailableError('Salesforce', request, response);
    }
    if (this.call.expectJson && response.status >= 200 && response.status < 300) {
      parseJsonBody('Salesforce', request, response);
    }
    return {
      statusCode: response.status,
      headers: headerRecord(response),
      body: response.body,
    };
  }
}

function headerRecord(response: HttpResponse): Record<string, string> {
  const record: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

/** A token that can be replaced by a new one when Salesforce says the session expired. */
export interface RenewableToken {
  readonly accessToken: SecretValue;
  renew(): Promise<SecretValue>;
}

type RefreshFn = (connection: unknown, callback: (error: Error | null, accessToken?: string) => void) => void;

/**
 * jsforce's refresh hook: on a 401 it asks for a new token, then sends the request again; and again
 * after each 401 that follows. A session refused right after a renewal is not an expiry (the user lost
 * API access, the app was blocked), so the second 401 in a row ends with Salesforce's own error.
 */
function renewOncePerExpiry(transport: CallTransport, renew: () => Promise<SecretValue>): RefreshFn {
  let answersAtRenewal = -1;
  return (_connection, callback) => {
    if (transport.answers === answersAtRenewal + 1) {
      const failure = sessionFailure(transport.last?.response.body ?? '');
      callback(Object.assign(new Error(failure.message), { name: failure.errorCode, errorCode: failure.errorCode }));
      return;
    }
    answersAtRenewal = transport.answers;
    renew().then(
      (token) => callback(null, token.reveal()),
      (error: Error) => callback(error),
    );
  };
}

type Jsforce = typeof import('jsforce/lib/core');
let jsforceModule: Promise<Jsforce> | undefined;

function loadJsforce(): Promise<Jsforce> {
  jsforceModule ??= import('jsforce/lib/core');
  return jsforceModule;
}

/** The Salesforce side of the services: creates one labelled jsforce client per call. */
export class SalesforceApi {
  private readonly policy: ServicePolicy;

  public constructor(timeoutMs: number, retry: RetryPolicy = defaultRetryPolicy()) {
    this.policy = { service: 'Salesforce', timeoutMs, retry };
  }

  public transport(call: SalesforceCall): CallTransport {
    return new CallTransport(this.policy, call);
  }

  /** jsforce's OAuth2 for a My Domain login URL, sending through `transport`. */
  public async oauth2(
    loginUrl: string,
    clientId: string,
    clientSecret: SecretValue,
    transport: CallTransport,
  ): Promise<OAuth2> {
    const { OAuth2: OAuth2Class } = await loadJsforce();
    const oauth2 = new OAuth2Class({ loginUrl, clientId, clientSecret: clientSecret.reveal() });
    oauth2._transport = transport as unknown as OAuth2['_transport'];
    return oauth2;
  }

  /** The timeout of each request, for messages. */
  public get timeoutMs(): number {
    return this.policy.timeoutMs;
  }

  /**
   * A connection as an org's user (an sf CLI org, the demo's administrator): each request named from
   * its method and path, a POST (a record created) never sent twice, and `refresh` asked for a new
   * access token when Salesforce answers that the session expired (jsforce then sends the request
   * again with it).
   */
  public async userConnection(options: {
    instanceUrl: string;
    accessToken: SecretValue;
    version: string;
    label: string;
    refresh?: () => Promise<SecretValue>;
  }): Promise<Connection> {
    const { Connection: ConnectionClass } = await loadJsforce();
    const transport = this.transport({
      what: (request) => `${request.method} ${new URL(request.url).pathname} on ${options.label}`,
      idempotent: (method) => method !== 'POST',
    });
    const refresh = options.refresh;
    const refreshFn = refresh ? renewOncePerExpiry(transport, refresh) : undefined;
    const connection = new ConnectionClass({
      instanceUrl: options.instanceUrl,
      accessToken: options.accessToken.reveal(),
      version: options.version,
      ...(refreshFn ? { refreshFn } : {}),
    });
    connection._transport = transport as unknown as Connection['_transport'];
    return connection;
  }

  /**
   * A connection with the token only: no OAuth client, so jsforce does not try to "refresh" a 401
   * (there is no refresh token in this flow) and the 401 stays INVALID_SESSION_ID.
   */
  public async connection(
    instanceUrl: string,
    accessToken: SecretValue | RenewableToken,
    transport: CallTransport,
  ): Promise<Connection> {
    const { Connection: ConnectionClass } = await loadJsforce();
    const renewable = accessToken instanceof SecretValue ? undefined : accessToken;
    const connection = new ConnectionClass({
      instanceUrl,
      accessToken: (renewable?.accessToken ?? (accessToken as SecretValue)).reveal(),
      version: SALESFORCE_API_VERSION,
      // A client-credentials token has no refresh token: a new one is minted instead (a long reconcile).
      ...(renewable ? { refreshFn: renewOncePerExpiry(transport, () => renewable.renew()) } : {}),
    });
    connection._transport = transport as unknown as Connection['_transport'];
    return connection;
  }
}

/** The Salesforce error of a 401 answer's body ([{errorCode, message}]), INVALID_SESSION_ID if unreadable. */
function sessionFailure(body: string): RestFailure {
  try {
    const [first] = JSON.parse(body) as Partial<RestFailure>[];
    if (typeof first?.errorCode === 'string') {
      return { errorCode: first.errorCode, message: String(first.message ?? '') };
    }
  } catch {
    // not JSON: named below
  }
  return { errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' };
}

/** An answer that is not a Salesforce error: named by its status, with the start of its body. */
export function answerFailure(status: number, body: string): RestFailure {
  return { errorCode: `HTTP_${status}`, message: body.trim().slice(0, 200) || '(empty body)' };
}

/**
 * jsforce's error (HttpApiError: errorCode + message; OAuth: name + message) or @salesforce/core's, as
 * {errorCode, message}. An answer that was not a Salesforce error is `HTTP_<status>` with the start of
 * its body (`rawBody`, when the transport has it), as the project has always named it.
 */
export function restFailure(error: unknown, rawBody?: string): RestFailure {
  const failure = error as { errorCode?: unknown; name?: unknown; message?: unknown; data?: unknown };
  if (failure.errorCode === 'MULTIPLE_API_ERRORS' && Array.isArray(failure.data) && failure.data.length > 0) {
    return restFailure(failure.data[0]);
  }
  const code = typeof failure.errorCode === 'string' ? failure.errorCode : failure.name;
  const errorCode = typeof code === 'string' && code !== '' ? code.replace(/^ERROR_HTTP_/, 'HTTP_') : 'Error';
  if (errorCode.startsWith('HTTP_') && rawBody !== undefined) {
    return { ...answerFailure(0, rawBody), errorCode };
  }
  return { errorCode, message: typeof failure.message === 'string' ? failure.message : String(error) };
}

/** The Salesforce error code of an error raised here, if it is one. */
export function salesforceErrorCode(error: unknown): string | undefined {
  return error instanceof OssError ? (error.data as Partial<SalesforceApiErrorData> | undefined)?.errorCode : undefined;
}

/**
 * Maps what a REST call threw: the transport's own errors pass as they are; a 401, a transient status
 * without a Salesforce error body, or any other REST error becomes the project's error for it.
 */
export function restApiError(error: unknown, transport: CallTransport): OssError {
  if (error instanceof OssError || !transport.last) {
    return OssError.wrap(error);
  }
  const { request, response } = transport.last;
  const failure = restFailure(error, response.body);
  const data: SalesforceApiErrorData = { service: 'Salesforce', status: response.status, ...failure };
  if (response.status === 401) {
    return createError(salesforceMessages.sessionInvalid, [request.what, failure.errorCode, failure.message], {
      data,
    });
  }
  if (isRetryableStatus(response.status) && failure.errorCode.startsWith('HTTP_')) {
    return unavailableError('Salesforce', request, response);
  }
  return createError(salesforceMessages.apiError, [response.status, request.what, failure.message, failure.errorCode], {
    data,
  });
}
