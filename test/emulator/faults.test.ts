/**
 * Fault injection, each kind observed from a plain fetch, on both emulators.
 */
import { startEmulators, type Emulators } from '../../scripts/emulator';

describe('fault injection', () => {
  let emu: Emulators;
  const versionsPath = '/services/data';
  const sfGet = (path = versionsPath, signal?: AbortSignal) => fetch(`${emu.salesforce.url}${path}`, { signal });
  const ossGet = () =>
    fetch(`${emu.onespan.apiUrl}/callback/connectors/salesforceOauth2`, {
      headers: { Authorization: `Basic ${emu.onespan.apiKey}` },
    });

  beforeEach(async () => {
    emu = await startEmulators({ onespan: { deliveryTimeoutMs: 300 } });
  });
  afterEach(async () => {
    await emu.close();
  });

  it('latency delays the real answer', async () => {
    emu.salesforce.faults.add({ kind: 'latency', ms: 250, path: versionsPath, times: 1 });
    let started = Date.now();
    const slow = await sfGet();
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(slow.status).toBe(200);
    started = Date.now();
    await sfGet();
    expect(Date.now() - started).toBeLessThan(240);
  });

  it('timeout accepts and never answers, until the rule is used up', async () => {
    emu.salesforce.faults.add({ kind: 'timeout', times: 1 });
    await expect(sfGet(versionsPath, AbortSignal.timeout(300))).rejects.toMatchObject({ name: 'TimeoutError' });
    expect((await sfGet()).status).toBe(200);
  });

  it('status answers the given code with the service error shape', async () => {
    emu.salesforce.faults.add({ kind: 'status', status: 502, times: 1 });
    const failed = await sfGet();
    expect(failed.status).toBe(502);
    expect(await failed.json()).toEqual([
      expect.objectContaining({ errorCode: expect.any(String), message: expect.any(String) }),
    ]);
    emu.onespan.faults.add({ kind: 'status', times: 1 });
    const unavailable = await ossGet();
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toMatchObject({ code: 503, messageKey: expect.any(String) });
  });

  it('retryAfter answers 429 with a Retry-After header', async () => {
    emu.salesforce.faults.add({ kind: 'retryAfter', retryAfterSeconds: 7, times: 1 });
    const limited = await sfGet();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await sfGet()).status).toBe(200);
  });

  it('malformedJson answers 200 with a JSON content type and a body that does not parse', async () => {
    emu.salesforce.faults.add({ kind: 'malformedJson', times: 1 });
    const garbled = await sfGet();
    expect(garbled.status).toBe(200);
    expect(garbled.headers.get('content-type')).toContain('application/json');
    // fetch's errors come from Node's own realm, so compare names rather than constructors.
    await expect(garbled.json()).rejects.toMatchObject({ name: 'SyntaxError' });
  });

  it('truncatedJson cuts the real answer half-way', async () => {
    const whole = await (await sfGet()).text();
    emu.salesforce.faults.add({ kind: 'truncatedJson', times: 1 });
    const cut = await (await sfGet()).text();
    expect(cut.length).toBeLessThan(whole.length);
    expect(whole.startsWith(cut)).toBe(true);
    expect(() => JSON.parse(cut)).toThrow(SyntaxError);
  });

  it('html answers an HTML error page', async () => {
    emu.onespan.faults.add({ kind: 'html', times: 1 });
    const page = await ossGet();
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toMatch(/^<!DOCTYPE html>/);
  });

  it('reset destroys the connection', async () => {
    emu.onespan.faults.add({ kind: 'reset', times: 1 });
    await expect(ossGet()).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect((await ossGet()).status).toBe(404); // nothing registered: the real answer is back
  });

  it('matches on method and path (string or RegExp), counts times, and clears', async () => {
    emu.salesforce.faults.add({ kind: 'status', status: 500, method: 'post', path: versionsPath });
    emu.salesforce.faults.add({ kind: 'status', status: 502, path: /^\/services\/oauth2\//, times: 2 });
    expect((await sfGet()).status).toBe(200); // GET does not match the POST rule
    expect((await fetch(`${emu.salesforce.url}${versionsPath}`, { method: 'POST' })).status).toBe(500);
    expect((await sfGet('/services/oauth2/userinfo')).status).toBe(502);
    expect((await sfGet('/services/oauth2/userinfo')).status).toBe(502);
    expect((await sfGet('/services/oauth2/userinfo')).status).toBe(403); // used up: the real answer
    emu.salesforce.faults.clear();
    expect((await fetch(`${emu.salesforce.url}${versionsPath}`, { method: 'POST' })).status).not.toBe(500);
    expect(() => emu.salesforce.faults.add({ kind: 'status', times: 0 })).toThrow(/times/);
  });

  it('counts faulted requests in the request log', async () => {
    emu.salesforce.faults.add({ kind: 'reset', times: 1 });
    await expect(sfGet()).rejects.toThrow();
    expect(emu.salesforce.requests().filter((r) => r.path === versionsPath)).toHaveLength(1);
  });

  it('a hung receiver makes a OneSpan delivery fail after its timeout, with a failure e-mail', async () => {
    const sf = emu.salesforce;
    const key = Buffer.from(
      JSON.stringify({ host: sf.url, client_id: sf.demo.clientId, client_secret: sf.demo.clientSecret }),
    ).toString('base64');
    emu.onespan.setConnector('salesforceOauth2', {
      url: `${sf.url}/services/apexrest/OSS/callback`,
      key,
      events: ['PACKAGE_CREATE'],
    });
    sf.faults.add({ kind: 'timeout', path: '/services/apexrest/OSS/callback', times: 1 });
    await fetch(`${emu.onespan.apiUrl}/packages`, {
      method: 'POST',
      headers: { Authorization: `Basic ${emu.onespan.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'p', data: { origin: 'OSS' } }),
    });
    await emu.onespan.idle();
    expect(emu.onespan.deliveries()).toEqual([
      expect.objectContaining({ status: 'error', error: expect.stringMatching(/within 300 ms/) }),
    ]);
    expect(emu.onespan.failureEmails()).toHaveLength(1);
    expect(sf.events()).toEqual([]);
  });
});
