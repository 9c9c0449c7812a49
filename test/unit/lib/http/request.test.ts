import type { IncomingMessage, ServerResponse } from 'node:http';
import { OssError } from '../../../../scripts/lib/errors';
import { parseJsonBody, parseRetryAfter, send, ServicePolicy } from '../../../../scripts/lib/http/request';
import { LocalServer, startLocalServer } from '../../../helpers/localServer';

type Handler = (request: IncomingMessage, response: ServerResponse, count: number) => void;

let server: LocalServer;
let baseUrl: string;
let handler: Handler;
let count: number;

beforeAll(async () => {
  server = await startLocalServer((request, response) => {
    count++;
    request.resume();
    request.on('end', () => handler(request, response, count));
  });
  baseUrl = server.url;
});

afterAll(() => server.close());

beforeEach(() => {
  count = 0;
});

const policy: ServicePolicy = {
  service: 'OneSpan',
  timeoutMs: 300,
  retry: { retries: 3, baseDelayMs: 5, maxRetryAfterMs: 2000 },
};
const get = (path = '/x') => ({
  method: 'GET' as const,
  url: `${baseUrl}${path}`,
  what: 'the test GET',
  idempotent: true,
});
const create = () => ({
  method: 'POST' as const,
  url: `${baseUrl}/api/packages`,
  what: 'creating a package',
  idempotent: false,
  body: '{}',
});

function answer(status: number, headers: Record<string, string> = {}, body = '{}'): (response: ServerResponse) => void {
  return (response) => {
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    response.end(body);
  };
}

describe('send', () => {
  it.each([429, 502, 503, 504])('retries a GET answered %s and returns the later success', async (status) => {
    handler = (_request, response, n) => (n < 3 ? answer(status) : answer(200, {}, '{"ok":true}'))(response);
    const result = await send(policy, get());
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(3);
  });

  it('gives up after the retry budget and returns the last answer', async () => {
    handler = (_request, response) => answer(503)(response);
    const result = await send(policy, get());
    expect(result.status).toBe(503);
    expect(count).toBe(4);
  });

  it('does not retry other errors', async () => {
    handler = (_request, response) => answer(500)(response);
    expect((await send(policy, get())).status).toBe(500);
    expect(count).toBe(1);
  });

  it('honours Retry-After', async () => {
    handler = (_request, response, n) => (n === 1 ? answer(429, { 'Retry-After': '1' }) : answer(200))(response);
    const started = Date.now();
    expect((await send(policy, get())).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('does not wait for a Retry-After beyond the bound', async () => {
    handler = (_request, response) => answer(429, { 'Retry-After': '3600' })(response);
    expect((await send(policy, get())).status).toBe(429);
    expect(count).toBe(1);
  });

  it('never retries a POST that creates something', async () => {
    handler = (_request, response) => answer(503)(response);
    expect((await send(policy, create())).status).toBe(503);
    expect(count).toBe(1);
  });

  it('retries a GET whose connection is reset, then names the service and the failure', async () => {
    handler = (request) => request.socket.destroy();
    const error = (await send(policy, get()).catch((e: unknown) => e)) as OssError;
    expect(count).toBe(4);
    expect(error.code).toBe('ServiceUnreachableError');
    expect(error.message).toMatch(/^OneSpan did not answer the test GET \(.+\) after 4 attempt\(s\)\.$/);
    expect(error.actions.join('\n')).toContain(baseUrl);
  });

  it('sends a creating POST once even when the connection is reset', async () => {
    handler = (request) => request.socket.destroy();
    const error = (await send(policy, create()).catch((e: unknown) => e)) as OssError;
    expect(count).toBe(1);
    expect(error.code).toBe('ServiceUnreachableError');
  });

  it('times out each attempt', async () => {
    handler = (_request, response, n) =>
      n === 1 ? setTimeout(() => answer(200)(response), 1000) : answer(200)(response);
    const result = await send({ ...policy, timeoutMs: 200 }, get());
    expect(result.attempts).toBe(2);
  });

  it('reports a timeout in words', async () => {
    handler = () => undefined;
    const error = (await send({ ...policy, timeoutMs: 100, retry: { ...policy.retry, retries: 0 } }, get()).catch(
      (e: unknown) => e,
    )) as OssError;
    expect(error.message).toContain('no answer within 100 ms');
  });
});

describe('parseJsonBody', () => {
  const response = (body: string) => ({ status: 200, headers: new Headers(), body, attempts: 1 });

  it.each([
    ['<html><body>Login</body></html>', 'an HTML page'],
    ['{"url": "https://x', 'malformed or truncated JSON'],
    ['', 'an empty body'],
  ])('explains %j', (body, reason) => {
    let error: OssError | undefined;
    try {
      parseJsonBody('Salesforce', get(), response(body));
    } catch (caught) {
      error = caught as OssError;
    }
    expect(error?.code).toBe('UnexpectedResponseError');
    expect(error?.message).toContain(reason);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
