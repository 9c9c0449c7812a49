/**
 * Fault injection on every request register makes (token, namespace query, probe, OneSpan GET and
 * POST), through the emulators' fault injector, with `register` run as a user runs it. Each scenario
 * asserts the outcome, the final error (service named, fix given) and the exact number of requests
 * from the emulators' logs: retries happen only where a repeat is safe, and are bounded.
 *
 * The retry policy under test: 3 retries (4 attempts) on network errors, timeouts, 429, 502, 503,
 * 504 for requests that are safe to repeat; Retry-After honoured; everything else answered at once.
 * runCli sets OSS_RETRY_BASE_MS=5 so back-offs stay short.
 */
import { startEmulators } from '../../scripts/emulator';
import type { FaultRule } from '../../scripts/emulator';
import { OssError } from '../../scripts/lib/errors';
import { OneSpanClient } from '../../scripts/lib/onespan/client';
import { SecretValue } from '../../scripts/lib/secretValue';
import { countRequests, EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';

type Target = 'token' | 'query' | 'probe' | 'onespanGet' | 'onespanPost';

/** Where each request of register lands, as the emulators log it. */
const TARGETS: Record<Target, { service: 'salesforce' | 'onespan'; method: string; path: RegExp }> = {
  token: { service: 'salesforce', method: 'POST', path: /^\/services\/oauth2\/token$/ },
  query: { service: 'salesforce', method: 'GET', path: /^\/services\/data\/v[\d.]+\/query$/ },
  probe: { service: 'salesforce', method: 'GET', path: /^\/services\/apexrest\/OSS\/callback$/ },
  onespanGet: { service: 'onespan', method: 'GET', path: /^\/api\/callback\/connectors\/salesforceOauth2$/ },
  onespanPost: { service: 'onespan', method: 'POST', path: /^\/api\/callback\/connectors\/salesforceOauth2$/ },
};

interface Scenario {
  name: string;
  target: Target;
  fault: Omit<FaultRule, 'method' | 'path'>;
  args?: string[];
  /** undefined: register succeeds. */
  error?: { name: string; message: RegExp; action: string };
  /** Requests that reached `target`. */
  requests: number;
  /** Requests of the whole run at OneSpan that write (POST). */
  oneSpanPosts: number;
  /** Lower bound of the run's wall time, for latency and Retry-After. */
  atLeastMs?: number;
}

const ok = { oneSpanPosts: 1 };
/** When the Salesforce side fails, nothing may be sent to OneSpan. */
const stopsBeforeOneSpan = { oneSpanPosts: 0 };

const scenarios: Scenario[] = [
  // The token request
  {
    name: 'token answered 503 twice, then issued',
    target: 'token',
    fault: { kind: 'status', status: 503, times: 2 },
    requests: 3,
    ...ok,
  },
  {
    name: 'token answered 500: not a transient status, not retried',
    target: 'token',
    fault: { kind: 'status', status: 500 },
    requests: 1,
    ...stopsBeforeOneSpan,
    error: {
      name: 'ServiceUnavailableError',
      message: /^Salesforce answered HTTP 500 to the client-credentials token request after 1 attempt\(s\)\.$/,
      action: 'try again in a few minutes',
    },
  },
  {
    name: 'token behind an HTML maintenance page (503) on every attempt',
    target: 'token',
    fault: { kind: 'html', status: 503 },
    requests: 4,
    ...stopsBeforeOneSpan,
    error: {
      name: 'ServiceUnavailableError',
      message: /^Salesforce answered HTTP 503 to the client-credentials token request after 4 attempt\(s\)\.$/,
      action: 'try again in a few minutes',
    },
  },
  {
    name: 'token hangs once past --timeout 300',
    target: 'token',
    fault: { kind: 'timeout', times: 1 },
    args: ['--timeout', '300'],
    requests: 2,
    ...ok,
    atLeastMs: 300,
  },
  { name: 'token connection reset once', target: 'token', fault: { kind: 'reset', times: 1 }, requests: 2, ...ok },
  // The namespace query
  {
    name: 'query rate-limited once with Retry-After: 1',
    target: 'query',
    fault: { kind: 'retryAfter', retryAfterSeconds: 1, times: 1 },
    requests: 2,
    ...ok,
    atLeastMs: 1000,
  },
  {
    name: 'query answered malformed JSON',
    target: 'query',
    fault: { kind: 'malformedJson' },
    requests: 1,
    ...stopsBeforeOneSpan,
    error: {
      name: 'UnexpectedResponseError',
      message: /^Salesforce answered .* not the expected JSON \(malformed or truncated JSON\)\.$/,
      action: 'points at the service itself',
    },
  },
  {
    name: 'query answered truncated JSON',
    target: 'query',
    fault: { kind: 'truncatedJson' },
    requests: 1,
    ...stopsBeforeOneSpan,
    error: {
      name: 'UnexpectedResponseError',
      message: /malformed or truncated JSON/,
      action: 'points at the service itself',
    },
  },
  {
    name: 'query slowed by 400 ms, within the timeout',
    target: 'query',
    fault: { kind: 'latency', ms: 400 },
    requests: 1,
    ...ok,
    atLeastMs: 400,
  },
  {
    name: 'query answered 502 once',
    target: 'query',
    fault: { kind: 'status', status: 502, times: 1 },
    requests: 2,
    ...ok,
  },
  // The probe
  {
    name: 'probe answered 502 once',
    target: 'probe',
    fault: { kind: 'status', status: 502, times: 1 },
    requests: 2,
    ...ok,
  },
  {
    name: 'probe hangs on every attempt past --timeout 200',
    target: 'probe',
    fault: { kind: 'timeout' },
    args: ['--timeout', '200'],
    requests: 4,
    ...stopsBeforeOneSpan,
    error: {
      name: 'ServiceUnreachableError',
      message: /^Salesforce did not answer the callback URL probe \(no answer within 200 ms\) after 4 attempt\(s\)\.$/,
      action: 'raise --timeout (now 200 ms:',
    },
  },
  {
    name: 'probe connection reset on every attempt',
    target: 'probe',
    fault: { kind: 'reset' },
    requests: 4,
    ...stopsBeforeOneSpan,
    error: {
      name: 'ServiceUnreachableError',
      message: /^Salesforce did not answer the callback URL probe \(.+\) after 4 attempt\(s\)\.$/,
      action: 'VPN, proxy, firewall',
    },
  },
  // OneSpan GET (the registration read before the POST and after it)
  {
    name: 'OneSpan GET answered 503 on every attempt',
    target: 'onespanGet',
    fault: { kind: 'status', status: 503 },
    requests: 4,
    oneSpanPosts: 0,
    error: {
      name: 'ServiceUnavailableError',
      message: /^OneSpan answered HTTP 503 to reading the callback registration after 4 attempt\(s\)\.$/,
      action: 'OneSpan status',
    },
  },
  {
    name: 'OneSpan GET behind an HTML error page (200)',
    target: 'onespanGet',
    fault: { kind: 'html', status: 200 },
    requests: 1,
    oneSpanPosts: 0,
    error: {
      name: 'UnexpectedResponseError',
      message: /^OneSpan answered reading the callback registration with HTTP 200 .*\(an HTML page\)\.$/,
      action: 'not at a proxy, login page',
    },
  },
  {
    name: 'OneSpan GET connection reset twice',
    target: 'onespanGet',
    fault: { kind: 'reset', times: 2 },
    requests: 4,
    ...ok,
  },
  {
    name: 'OneSpan GET rate-limited once with Retry-After: 1',
    target: 'onespanGet',
    fault: { kind: 'retryAfter', retryAfterSeconds: 1, times: 1 },
    requests: 3,
    ...ok,
    atLeastMs: 1000,
  },
  // OneSpan POST: replaces the whole registration (onespan.md §1: inferred), so a repeat is harmless
  {
    name: 'OneSpan POST answered 503 once, repeated',
    target: 'onespanPost',
    fault: { kind: 'status', status: 503, times: 1 },
    requests: 2,
    oneSpanPosts: 2,
  },
  {
    name: 'OneSpan POST answered 500: not repeated, no read-back',
    target: 'onespanPost',
    fault: { kind: 'status', status: 500 },
    requests: 1,
    oneSpanPosts: 1,
    error: { name: 'OneSpanApiError', message: /HTTP 500/, action: '' },
  },
  {
    name: 'OneSpan POST connection reset once, repeated',
    target: 'onespanPost',
    fault: { kind: 'reset', times: 1 },
    requests: 2,
    oneSpanPosts: 2,
  },
  {
    name: 'OneSpan POST hangs past --timeout 300 on every attempt',
    target: 'onespanPost',
    fault: { kind: 'timeout' },
    args: ['--timeout', '300'],
    requests: 4,
    oneSpanPosts: 4,
    error: {
      name: 'ServiceUnreachableError',
      message: /^OneSpan did not answer registering the callback \(no answer within 300 ms\) after 4 attempt\(s\)\.$/,
      action: 'raise --timeout (now 300 ms:',
    },
  },
];

describe('register under injected faults', () => {
  it.concurrent.each(scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const fixture: EmulatorFixture = await startEmulatorFixture();
    try {
      const target = TARGETS[scenario.target];
      const emulator = fixture.emulators[target.service];
      emulator.faults.add({ method: target.method, path: target.path, ...scenario.fault });
      const run = await fixture.run('register', [...(scenario.args ?? []), '--json']);
      const reached = countRequests(emulator.requests(), target.method, target.path);
      const posts = countRequests(fixture.emulators.onespan.requests(), 'POST', /./);
      if (scenario.error) {
        expect(run.json).toMatchObject({ status: 1, name: scenario.error.name });
        expect(run.json?.message).toMatch(scenario.error.message);
        expect(run.json?.actions?.join('\n')).toContain(scenario.error.action);
      } else {
        expect(run.json).toMatchObject({ status: 0, result: { registered: true, verified: true } });
      }
      expect({ reached, posts }).toEqual({ reached: scenario.requests, posts: scenario.oneSpanPosts });
      expect(run.durationMs).toBeGreaterThanOrEqual(scenario.atLeastMs ?? 0);
    } finally {
      await fixture.close();
    }
  });
});

describe('a POST that creates is sent once, whatever the fault', () => {
  let emulators: Awaited<ReturnType<typeof startEmulators>>;
  let client: OneSpanClient;

  beforeEach(async () => {
    emulators = await startEmulators();
    client = new OneSpanClient(emulators.onespan.apiUrl, new SecretValue(emulators.onespan.apiKey), 300, {
      retries: 3,
      baseDelayMs: 5,
      maxRetryAfterMs: 2000,
    });
  });

  afterEach(async () => {
    await emulators.close();
  });

  it.each<[string, FaultRule['kind'], number | undefined, string]>([
    ['503', 'status', 503, 'ServiceUnavailableError'],
    ['429 with Retry-After', 'retryAfter', undefined, 'ServiceUnavailableError'],
    ['a connection reset', 'reset', undefined, 'ServiceUnreachableError'],
    ['a timeout', 'timeout', undefined, 'ServiceUnreachableError'],
  ])('creating a package: %s', async (_fault, kind, status, code) => {
    emulators.onespan.faults.add({ method: 'POST', path: '/api/packages', kind, status });
    const error = await client.createPackage({ name: 'fault test' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OssError);
    expect((error as OssError).code).toBe(code);
    expect((error as OssError).message).toMatch(/^OneSpan .*creating a package.* after 1 attempt\(s\)\.$/);
    expect(countRequests(emulators.onespan.requests(), 'POST', /^\/api\/packages$/)).toBe(1);
  });
});
