/**
 * The transport under both service clients: undici's fetch with an idle timeout per attempt, and
 * retries (p-retry: exponential backoff with jitter, bounded) for requests that are safe to repeat, on
 * network errors, 429 (honouring Retry-After) and 502/503/504. A request that creates something is sent
 * once. The clients above map statuses and bodies to their own errors; this layer only names the service.
 *
 * - The timeout is an idle timeout: the answer must start within it, and then each chunk of the body
 *   must follow the previous one within it. A large download still arriving is never cut (and fetched
 *   again); a server that stops sending is.
 * - Proxies: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and their lower-case forms) are read by undici's
 *   EnvHttpProxyAgent, per request URL. Node's own fetch ignores them, so undici's fetch is used, with
 *   the dispatcher of the same package.
 * - Nothing here logs: a body (a key, a file) is sent and never written anywhere.
 */
import { setTimeout as delay } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';
import { EnvHttpProxyAgent, fetch } from 'undici';
import { OssError } from '../errors';
import { createError } from '../messages';
import { httpMessages } from '../messages/http';

export type ServiceName = 'Salesforce' | 'OneSpan';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff delay; doubles per retry, with jitter. */
  baseDelayMs: number;
  /** A Retry-After longer than this is not waited for; the response is returned as is. */
  maxRetryAfterMs: number;
}

export interface ServicePolicy {
  service: ServiceName;
  timeoutMs: number;
  retry: RetryPolicy;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Text, or bytes as they are (a multipart upload). */
  body?: string | Buffer;
  /** What this request is, for messages: "the token request". */
  what: string;
  /** Whether sending it twice does no harm (GET, the token, a connector POST that replaces). */
  idempotent: boolean;
  /** A download (PDF, zip): a 2xx body is kept as bytes in `bytes`, never decoded as text. */
  binary?: boolean;
  /** Ends the request and its retries when its answer is no longer wanted. */
  signal?: AbortSignal;
}

/** What is read of an answer's headers; undici's and the DOM's Headers both fit. */
export interface ResponseHeaders {
  get(name: string): string | null;
  forEach(callback: (value: string, name: string) => void): void;
}

export interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
  body: string;
  /** The body of a 2xx answer to a binary request. */
  bytes?: Buffer;
  /** How many times the request was sent. */
  attempts: number;
}

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

let proxyAgent: EnvHttpProxyAgent | undefined;

/**
 * One agent per process, created on the first request, so the proxy variables are read once and its
 * connections are reused. The environment of the process decides; nothing is configured elsewhere.
 */
function dispatcher(): EnvHttpProxyAgent {
  proxyAgent ??= new EnvHttpProxyAgent();
  return proxyAgent;
}

/**
 * An AbortSignal that fires when `ms` pass without a call to `touch()`: the answer's start, then each
 * chunk of its body, rearms it.
 */
function idleTimeout(ms: number): { signal: AbortSignal; touch(): void; stop(): void } {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new DOMException(`no data for ${ms} ms`, 'TimeoutError')), ms);
  };
  arm();
  return { signal: controller.signal, touch: arm, stop: () => clearTimeout(timer) };
}

/** Reads a body chunk by chunk, rearming the idle timeout on each one. */
async function readBody(body: AsyncIterable<Uint8Array> | null, touch: () => void): Promise<Buffer> {
  const chunks: Buffer[] = [];
  if (body) {
    for await (const chunk of body) {
      touch();
      chunks.push(Buffer.from(chunk));
    }
  }
  return Buffer.concat(chunks);
}

/** Tests make retries fast with OSS_RETRY_BASE_MS; users never need to. */
export function defaultRetryPolicy(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const base = Number(env.OSS_RETRY_BASE_MS);
  return { retries: 3, baseDelayMs: Number.isFinite(base) && base >= 0 ? base : 500, maxRetryAfterMs: 30_000 };
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) {
    return undefined;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim()) * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

class RetryableStatus extends Error {
  public constructor(public readonly response: HttpResponse) {
    super(`HTTP ${response.status}`);
  }
}

class NetworkFailure extends Error {
  public constructor(public readonly reason: string) {
    super(reason);
  }
}

/**
 * fetch rejects a request it cannot even encode (a header value beyond Latin-1, a malformed URL) with a
 * TypeError of its own; a request that was sent and failed is "fetch failed" with the network cause.
 * The first kind fails the same way every time, so it is never retried.
 */
function isUnsendable(error: unknown): error is TypeError {
  // By name, not instanceof: fetch's TypeError may come from another realm (a test sandbox).
  const candidate = error as Partial<TypeError> | undefined;
  return candidate?.name === 'TypeError' && candidate.message !== 'fetch failed' && candidate.cause === undefined;
}

/** A short reason for a failed fetch, without the request (which may hold a secret in its body). */
function describeFailure(error: unknown, timeoutMs: number): string {
  const failure = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError') {
    return `no answer within ${timeoutMs} ms`;
  }
  return failure.cause?.code ?? failure.cause?.message ?? failure.message ?? String(error);
}

/** Waits `ms`, or less when `signal` aborts (the attempt that follows then stops). */
const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  delay(ms, undefined, { signal }).catch(() => undefined);

/** Thrown into p-retry to stop at once when the caller no longer wants the answer. */
class NotWanted extends Error {
  public constructor() {
    super('the answer is no longer wanted');
  }
}

export async function send(policy: ServicePolicy, request: HttpRequest): Promise<HttpResponse> {
  let attempts = 0;
  const attempt = async (): Promise<HttpResponse> => {
    if (request.signal?.aborted) {
      throw new AbortError(new NotWanted());
    }
    attempts++;
    let response: HttpResponse;
    const idle = idleTimeout(policy.timeoutMs);
    try {
      const answer = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: request.signal ? AbortSignal.any([idle.signal, request.signal]) : idle.signal,
        dispatcher: dispatcher(),
      });
      idle.touch();
      const bytes = await readBody(answer.body, idle.touch);
      response =
        request.binary && answer.ok
          ? { status: answer.status, headers: answer.headers, body: '', bytes, attempts }
          : { status: answer.status, headers: answer.headers, body: bytes.toString('utf8'), attempts };
    } catch (error) {
      if (request.signal?.aborted) {
        throw new AbortError(new NotWanted());
      }
      if (isUnsendable(error)) {
        throw new AbortError(
          createError(httpMessages.unsendable, [policy.service, request.what, error.message], {
            data: { service: policy.service },
          }),
        );
      }
      const failure = new NetworkFailure(describeFailure(error, policy.timeoutMs));
      throw request.idempotent ? failure : new AbortError(failure);
    } finally {
      idle.stop();
    }
    if (request.idempotent && RETRYABLE_STATUSES.has(response.status)) {
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      if (retryAfter === undefined || retryAfter <= policy.retry.maxRetryAfterMs) {
        throw new RetryableStatus(response);
      }
    }
    return response;
  };
  try {
    return await pRetry(attempt, {
      retries: policy.retry.retries,
      factor: 2,
      minTimeout: policy.retry.baseDelayMs,
      maxTimeout: policy.retry.baseDelayMs * 8,
      randomize: true,
      onFailedAttempt: async (error) => {
        if (error instanceof RetryableStatus && error.retriesLeft > 0) {
          await sleep(parseRetryAfter(error.response.headers.get('retry-after')) ?? 0, request.signal);
        }
      },
    });
  } catch (error) {
    if (error instanceof RetryableStatus) {
      return error.response;
    }
    if (error instanceof NetworkFailure) {
      throw createError(httpMessages.unreachable, [policy.service, request.what, error.reason, attempts], {
        actionArgs: [new URL(request.url).origin, policy.timeoutMs],
        data: { service: policy.service, url: request.url },
      });
    }
    throw error;
  }
}

/** The error for a status the clients have no better explanation for (after retries, when allowed). */
export function unavailableError(service: ServiceName, request: HttpRequest, response: HttpResponse): OssError {
  return createError(httpMessages.unavailable, [service, response.status, request.what, response.attempts], {
    data: { service, status: response.status },
  });
}

/** Parses a JSON body; anything else (HTML error page, truncated JSON) becomes an explained error. */
export function parseJsonBody<T>(service: ServiceName, request: HttpRequest, response: HttpResponse): T {
  try {
    return JSON.parse(response.body) as T;
  } catch {
    const looksLikeHtml = /^\s*</.test(response.body);
    const reason = looksLikeHtml
      ? 'an HTML page'
      : response.body.trim() === ''
        ? 'an empty body'
        : 'malformed or truncated JSON';
    throw createError(httpMessages.notJson, [service, request.what, response.status, reason], {
      actionArgs: [new URL(request.url).origin],
      data: { service, status: response.status },
    });
  }
}

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}
