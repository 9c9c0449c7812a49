import { HttpRequest } from '../../../../scripts/lib/http/request';
import { closestEvent, ONESPAN_EVENTS } from '../../../../scripts/lib/onespan/events';
import { describeOneSpanError, OneSpanClient, oneSpanError } from '../../../../scripts/lib/onespan/client';
import { ONESPAN_REGIONS } from '../../../../scripts/lib/onespan/regions';
import { SecretValue } from '../../../../scripts/lib/secretValue';
import { secrets } from '../../../../scripts/lib/secrets';
import { LocalServer, startLocalServer } from '../../../helpers/localServer';

const API_URL = 'https://sandbox.esignlive.com/api';
const request: HttpRequest = {
  method: 'GET',
  url: `${API_URL}/callback/connectors/salesforceOauth2`,
  what: 'reading the callback registration',
  idempotent: true,
};
const response = (status: number, body: unknown) => ({
  status,
  headers: new Headers(),
  body: typeof body === 'string' ? body : JSON.stringify(body),
  attempts: 1,
});

afterEach(() => secrets.clear());

describe('OneSpan error mapping', () => {
  it.each([
    [
      401,
      { code: 401, messageKey: 'error.unauthorised.noSession', message: 'Not authorised.' },
      'OneSpanAuthError',
      'Admin → API Access',
    ],
    [
      403,
      { code: 403, messageKey: 'error.forbidden.noPermission', message: 'No permission.' },
      'OneSpanForbiddenError',
      'account owner',
    ],
    [
      400,
      { code: 400, messageKey: 'error.validation.callback.url', message: 'Invalid callback URL.' },
      'OneSpanValidationError',
      'Correct the value',
    ],
    [404, { code: 404, messageKey: 'error.notFound', message: 'Not found.' }, 'OneSpanNotFoundError', 'ending in /api'],
    [500, { code: 500, messageKey: 'error.internal.default', message: 'Oops.' }, 'OneSpanApiError', 'OneSpan support'],
    [
      503,
      { code: 503, messageKey: 'error.serviceUnavailable', message: 'Later.' },
      'ServiceUnavailableError',
      'try again',
    ],
  ])('HTTP %s -> %s', (status, body, code, fix) => {
    const error = oneSpanError(API_URL, request, response(status, body));
    expect(error.code).toBe(code);
    expect(error.actions.join('\n')).toContain(fix);
    expect(error.data).toMatchObject({ service: 'OneSpan', status });
  });

  it('shows the validation message and key of a 400', () => {
    const error = oneSpanError(
      API_URL,
      request,
      response(400, {
        code: 400,
        messageKey: 'error.validation.events',
        message: 'Unknown event.',
        technical: 'FOO is not an event',
      }),
    );
    expect(error.message).toBe(
      'OneSpan rejected reading the callback registration: Unknown event. (error.validation.events) - FOO is not an event',
    );
  });

  it('names the environment in the fix of a 401 (sandbox keys fail on production)', () => {
    expect(oneSpanError(API_URL, request, response(401, {})).actions.join('\n')).toContain(API_URL);
  });

  it('describes bodies that are not OneSpan errors', () => {
    expect(describeOneSpanError(502, '<html>gateway</html>')).toBe('HTTP 502: <html>gateway</html>');
    expect(describeOneSpanError(500, '')).toBe('HTTP 500 with an empty body');
    expect(describeOneSpanError(500, '{"name":"Internal Server Error"}')).toBe('Internal Server Error');
  });
});

describe('the dry-run request', () => {
  it('masks the API key and the callback key', () => {
    const client = new OneSpanClient(API_URL, new SecretValue('api-key-123456'), 1000);
    const described = client.describeRegisterRequest({
      url: 'https://a.my.salesforce.com/services/apexrest/OSS/callback',
      events: ['PACKAGE_COMPLETE'],
      key: new SecretValue('a2V5LXZhbHVlLTEyMzQ1Ng=='),
    });
    const text = JSON.stringify(described);
    expect(text).not.toContain('api-key-123456');
    expect(text).not.toContain('a2V5LXZhbHVlLTEyMzQ1Ng==');
    expect(described).toMatchObject({ method: 'POST', url: `${API_URL}/callback/connectors/salesforceOauth2` });
    expect(described.headers.Authorization).toMatch(/^Basic \*{4}/);
  });
});

describe('events and regions', () => {
  it('offers the 20 current wire names, including PACKAGE_READY_FOR_COMPLETE, without the withdrawn PACKAGE_OPT_OUT', () => {
    expect(ONESPAN_EVENTS).toHaveLength(20);
    expect(ONESPAN_EVENTS).toContain('PACKAGE_READY_FOR_COMPLETE');
    expect(ONESPAN_EVENTS).not.toContain('PACKAGE_OPT_OUT');
  });

  it.each([
    ['PACKAGE_COMPLET', 'PACKAGE_COMPLETE'],
    ['package-create', 'PACKAGE_CREATE'],
    ['DOCUMENT_SIGN', 'DOCUMENT_SIGNED'],
    ['SIGNER COMPLETE', 'SIGNER_COMPLETE'],
  ])('suggests %s -> %s', (typo, closest) => {
    expect(closestEvent(typo)).toBe(closest);
  });

  it('gives every region an https API base ending in /api', () => {
    Object.values(ONESPAN_REGIONS).forEach((url) => expect(url).toMatch(/^https:\/\/[a-z0-9.-]+\/api$/));
  });
});

describe('OneSpanClient against a local server', () => {
  let server: LocalServer;
  let apiUrl: string;
  const seen: string[] = [];

  beforeAll(async () => {
    server = await startLocalServer((request, response) => {
      seen.push(`${request.method} ${request.url} ${request.headers.authorization}`);
      response.writeHead(503, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ code: 503, messageKey: 'error.serviceUnavailable', message: 'Later.' }));
    });
    apiUrl = `${server.url}/api`;
  });

  afterAll(() => server.close());
  beforeEach(() => seen.splice(0));

  const client = () =>
    new OneSpanClient(apiUrl, new SecretValue('api-key-as-shown=='), 1000, {
      retries: 2,
      baseDelayMs: 1,
      maxRetryAfterMs: 10,
    });

  it('sends the API key as-is after Basic', async () => {
    await client()
      .getConnector()
      .catch(() => undefined);
    expect(seen[0]).toBe('GET /api/callback/connectors/salesforceOauth2 Basic api-key-as-shown==');
  });

  it('retries reading a registration but creates a package only once', async () => {
    await expect(client().getConnector()).rejects.toMatchObject({ code: 'ServiceUnavailableError' });
    expect(seen).toHaveLength(3);
    seen.splice(0);
    await expect(client().createPackage({ name: 'x' })).rejects.toMatchObject({ code: 'ServiceUnavailableError' });
    expect(seen).toEqual(['POST /api/packages Basic api-key-as-shown==']);
  });
});

describe('reading a registration: what counts as "nothing registered"', () => {
  let server: LocalServer;
  let answer: { status: number; body: string };

  beforeAll(async () => {
    server = await startLocalServer((_request, response) => {
      response.writeHead(answer.status, { 'Content-Type': 'application/json' });
      response.end(answer.body);
    });
  });

  afterAll(() => server.close());

  const read = () => new OneSpanClient(`${server.url}/api`, new SecretValue('api-key-as-shown=='), 1000).getConnector();

  it.each([
    ['404', 404, '{"code":404,"messageKey":"error.notFound","message":"Not found."}'],
    ['404 without a messageKey', 404, '{"code":404,"message":"The specified resource was not found"}'],
    ['200 with empty url and events', 200, '{"url":"","key":"","events":[]}'],
    ['200 with null url and events', 200, '{"url":null,"key":null,"events":null}'],
    ['200 with an empty object', 200, '{}'],
    ['200 with blank url and a null entry', 200, '{"url":"  ","events":[null]}'],
  ])('%s is nothing registered', async (_label, status, body) => {
    answer = { status, body };
    await expect(read()).resolves.toBeUndefined();
  });

  it.each([
    ['an HTML page', '<html>Not Found</html>'],
    ['an empty body', ''],
    ['JSON that is not OneSpan’s not-found error', '{"status":404,"error":"Not Found"}'],
    ['JSON null', 'null'],
  ])('a 404 with %s is a wrong API URL, not an empty registration', async (_label, body) => {
    answer = { status: 404, body };
    await expect(read()).rejects.toMatchObject({ code: 'OneSpanNotFoundError' });
  });

  it('a url or events alone is a registration (compared, not dropped)', async () => {
    answer = { status: 200, body: '{"url":"","events":["PACKAGE_OPT_OUT"]}' };
    await expect(read()).resolves.toEqual({ url: '', events: ['PACKAGE_OPT_OUT'], key: undefined });
    answer = { status: 200, body: '{"url":"https://x.my.salesforce.com/cb","events":[]}' };
    await expect(read()).resolves.toMatchObject({ url: 'https://x.my.salesforce.com/cb', events: [] });
  });
});
