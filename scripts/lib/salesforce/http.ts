/**
 * The one Salesforce HTTP client: timeout, retries and the REST error shape (a JSON array of
 * {errorCode, message}) in one place. Token, namespace query and probe go through it.
 */
import { OssError } from '../errors';
import { createError } from '../messages';
import { salesforceMessages } from '../messages/salesforce';
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
import { SecretValue } from '../secretValue';

/** The REST API version of the token-based query; Winter '25, served by every current org. */
export const SALESFORCE_API_VERSION = '62.0';

export interface SalesforceRestError {
  errorCode: string;
  message: string;
}

export interface SalesforceApiErrorData {
  service: 'Salesforce';
  status: number;
  errorCode: string;
  message: string;
}

/** Reads the REST error array; a body of another shape yields one entry describing the status. */
export function parseRestErrors(status: number, body: string): SalesforceRestError[] {
  try {
    const parsed: unknown = JSON.parse(body);
    const entries = Array.isArray(parsed) ? parsed : [parsed];
    const errors = entries
      .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
      .filter((entry) => typeof entry.errorCode === 'string')
      .map((entry) => ({ errorCode: String(entry.errorCode), message: String(entry.message ?? '') }));
    if (errors.length > 0) {
      return errors;
    }
  } catch {
    // Not JSON: described below by status.
  }
  return [{ errorCode: `HTTP_${status}`, message: body.trim().slice(0, 200) || '(empty body)' }];
}

/** The Salesforce error code of an error raised by this client, if it is one. */
export function salesforceErrorCode(error: unknown): string | undefined {
  return error instanceof OssError ? (error.data as Partial<SalesforceApiErrorData> | undefined)?.errorCode : undefined;
}

export class SalesforceClient {
  private readonly policy: ServicePolicy;

  public constructor(timeoutMs: number, retry = defaultRetryPolicy()) {
    this.policy = { service: 'Salesforce', timeoutMs, retry };
  }

  /** The token request is safe to repeat: it creates nothing OneSpan relies on. */
  public async postForm(url: string, form: URLSearchParams, what: string): Promise<HttpResponse> {
    return send(this.policy, {
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: form.toString(),
      what,
      idempotent: true,
    });
  }

  public async get(
    url: string,
    accessToken: SecretValue,
    what: string,
  ): Promise<{ request: HttpRequest; response: HttpResponse }> {
    const request: HttpRequest = {
      method: 'GET',
      url,
      headers: { Authorization: `Bearer ${accessToken.reveal()}`, Accept: 'application/json' },
      what,
      idempotent: true,
    };
    return { request, response: await send(this.policy, request) };
  }

  /**
   * POST of a JSON body with the token, for re-delivering callback payloads. Repeating it is harmless
   * because the receiver stores an event once (its dedupe key), so it is retried like a GET.
   */
  public async postJson(
    url: string,
    accessToken: SecretValue,
    body: string,
    what: string,
  ): Promise<{ request: HttpRequest; response: HttpResponse }> {
    const request: HttpRequest = {
      method: 'POST',
      url,
      headers: {
        Authorization: `Bearer ${accessToken.reveal()}`,
        'Content-Type': 'application/json; charset=utf-8',
        Accept: 'application/json',
      },
      body,
      what,
      idempotent: true,
    };
    return { request, response: await send(this.policy, request) };
  }

  /** GET returning parsed JSON; any non-2xx becomes an error carrying the Salesforce errorCode. */
  public async getJson<T>(url: string, accessToken: SecretValue, what: string): Promise<T> {
    const { request, response } = await this.get(url, accessToken, what);
    if (response.status >= 200 && response.status < 300) {
      return parseJsonBody<T>('Salesforce', request, response);
    }
    throw restApiError(request, response);
  }
}

/** Maps a REST error answer: 401 INVALID_SESSION_ID, retryable statuses, or the first error entry. */
export function restApiError(request: HttpRequest, response: HttpResponse): OssError {
  const [first] = parseRestErrors(response.status, response.body);
  const data: SalesforceApiErrorData = { service: 'Salesforce', status: response.status, ...first };
  if (response.status === 401) {
    return createError(salesforceMessages.sessionInvalid, [request.what, first.errorCode, first.message], { data });
  }
  if (isRetryableStatus(response.status) && first.errorCode.startsWith('HTTP_')) {
    return unavailableError('Salesforce', request, response);
  }
  return createError(salesforceMessages.apiError, [response.status, request.what, first.message, first.errorCode], {
    data,
  });
}
