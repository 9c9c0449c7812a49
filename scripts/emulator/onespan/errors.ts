/**
 * OneSpan Sign's error body (onespan.md §5): {code, messageKey, message, technical, name} where code
 * mirrors the HTTP status, messageKey is "error.<category>.<detail>" (British "unauthorised") and
 * name is the reason phrase. The category prefixes are seen in OneSpan's SDKs and tests; the exact
 * keys and texts the emulator uses for its cases are our choice (unconfirmed).
 */
import { STATUS_CODES } from 'node:http';
import { json, type OutgoingResponse } from '../http';

export function ossError(status: number, messageKey: string, message: string, technical?: string): OutgoingResponse {
  return json(status, ossErrorBody(status, messageKey, message, technical));
}

export function ossErrorBody(
  status: number,
  messageKey: string,
  message: string,
  technical?: string,
): Record<string, unknown> {
  return { code: status, messageKey, message, technical: technical ?? message, name: STATUS_CODES[status] ?? 'Error' };
}

export function ossFaultBody(status: number): unknown {
  if (status === 429) return ossErrorBody(429, 'error.tooManyRequests', 'Too many requests. Try again later.');
  if (status === 503) return ossErrorBody(503, 'error.serviceUnavailable', 'The service is temporarily unavailable.');
  return ossErrorBody(status, 'error.internal.default', 'An unexpected error occurred.');
}

/** Parses a request body that must be one JSON object; anything else is OneSpan's 400 validation error. */
export function parseJsonObject(
  body: string,
  what: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; response: OutgoingResponse } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return {
      ok: false,
      response: ossError(400, 'error.validation.invalidJson', 'The request body is not valid JSON.'),
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, response: ossError(400, 'error.validation.invalidJson', `The request body must be ${what}.`) };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
