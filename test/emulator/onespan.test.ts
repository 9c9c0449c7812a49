/**
 * The OneSpan Sign emulator: API-key auth, connector validation and storage, and event delivery
 * into the Salesforce emulator over the Client Credentials Flow, failing the way OneSpan does
 * (one attempt, then a failure e-mail).
 */
import { startEmulators, type Emulators } from '../../scripts/emulator';

const keyOf = (value: Record<string, string>) => Buffer.from(JSON.stringify(value)).toString('base64');

describe('OneSpan Sign emulator', () => {
  let emu: Emulators;
  let callbackUrl: string;
  let goodKey: string;

  const oss = (method: string, path: string, body?: unknown, auth: string | null = emu.onespan.apiKey) =>
    fetch(`${emu.onespan.apiUrl}${path}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        ...(auth === null ? {} : { Authorization: `Basic ${auth}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => {
      const text = await r.text();
      return { status: r.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
    });
  const register = (body: unknown) => oss('POST', '/callback/connectors/salesforceOauth2', body);
  const createPackage = (data: Record<string, unknown>) =>
    oss('POST', '/packages', { name: 'callback-probe', status: 'DRAFT', type: 'PACKAGE', data });

  beforeEach(async () => {
    emu = await startEmulators();
    const sf = emu.salesforce;
    callbackUrl = `${sf.url}/services/apexrest/OSS/callback`;
    goodKey = keyOf({
      host: sf.url.replace('http://', ''),
      client_id: sf.demo.clientId,
      client_secret: sf.demo.clientSecret,
    });
  });
  afterEach(async () => {
    await emu.close();
  });

  it('refuses a missing or wrong API key with OneSpan error body', async () => {
    for (const auth of [null, 'wrong-key', Buffer.from(emu.onespan.apiKey).toString('base64')]) {
      const answer = await oss('GET', '/callback/connectors/salesforceOauth2', undefined, auth);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        code: 401,
        messageKey: expect.stringMatching(/^error\.unauthorised\./),
        message: expect.any(String),
        technical: expect.any(String),
        name: 'Unauthorized',
      });
    }
  });

  it('answers 404 for a connector never registered and 400 for an unknown origin', async () => {
    expect(await oss('GET', '/callback/connectors/salesforceOauth2')).toMatchObject({
      status: 404,
      body: { code: 404, messageKey: expect.stringMatching(/^error\.notFound/) },
    });
    expect(await oss('GET', '/callback/connectors/salesforce')).toMatchObject({
      status: 400,
      body: { code: 400, messageKey: expect.stringMatching(/^error\.validation/) },
    });
  });

  it.each([
    ['no url', { key: 'k', events: ['PACKAGE_CREATE'] }],
    ['a url that is not one', { url: 'not a url', key: 'k', events: ['PACKAGE_CREATE'] }],
    ['no events', { url: 'https://example.com/cb', key: 'k', events: [] }],
    ['events not a list', { url: 'https://example.com/cb', key: 'k', events: 'PACKAGE_CREATE' }],
    [
      'an unknown event (SDK spelling)',
      { url: 'https://example.com/cb', key: 'k', events: ['PACKAGE_READY_FOR_COMPLETION'] },
    ],
    ['no key', { url: 'https://example.com/cb', events: ['PACKAGE_CREATE'] }],
    ['a blank key', { url: 'https://example.com/cb', key: ' ', events: ['PACKAGE_CREATE'] }],
  ])('refuses a registration with %s', async (_label, body) => {
    const answer = await register(body);
    expect(answer).toMatchObject({
      status: 400,
      body: { code: 400, messageKey: expect.stringMatching(/^error\.validation/) },
    });
    expect(emu.onespan.connector()).toBeUndefined();
  });

  it("accepts an http:// URL off loopback, as the real server did in OneSpan's own test", async () => {
    const url = 'http://example.com/services/apexrest/OSS/callback';
    expect((await register({ url, key: 'k', events: ['PACKAGE_CREATE'] })).status).toBe(200);
    expect(emu.onespan.connector()?.url).toBe(url);
  });

  it('accepts https and loopback http URLs and replaces the whole registration on POST', async () => {
    expect(
      (
        await register({
          url: 'https://org.my.salesforce.com/services/apexrest/OSS/callback',
          key: 'first',
          events: ['PACKAGE_COMPLETE', 'PACKAGE_READY_FOR_COMPLETE'],
        })
      ).status,
    ).toBe(200);
    const answer = await register({ url: callbackUrl, key: goodKey, events: ['PACKAGE_CREATE'] });
    expect(answer).toEqual({ status: 200, body: { url: callbackUrl, events: ['PACKAGE_CREATE'] } });
    expect(emu.onespan.connector()).toEqual({ url: callbackUrl, key: goodKey, events: ['PACKAGE_CREATE'] });
    expect((await oss('GET', '/callback/connectors/salesforceOauth2')).body).toEqual({
      url: callbackUrl,
      events: ['PACKAGE_CREATE'],
    });
  });

  it('echoes the key on GET only when echoKey is on', async () => {
    await register({ url: callbackUrl, key: goodKey, events: ['PACKAGE_CREATE'] });
    expect((await oss('GET', '/callback/connectors/salesforceOauth2')).body).not.toHaveProperty('key');
    emu.onespan.echoKey = true;
    expect((await oss('GET', '/callback/connectors/salesforceOauth2')).body).toEqual({
      url: callbackUrl,
      key: goodKey,
      events: ['PACKAGE_CREATE'],
    });
  });

  it('echoes a mask instead of the key when set to, as a service masking secrets would', async () => {
    await register({ url: callbackUrl, key: goodKey, events: ['PACKAGE_CREATE'] });
    emu.onespan.echoKey = true;
    emu.onespan.setMaskedKeyEcho('********');
    expect((await oss('GET', '/callback/connectors/salesforceOauth2')).body).toMatchObject({ key: '********' });
    expect(emu.onespan.connector()?.key).toBe(goodKey);
  });

  describe('an account set to OAuth 2.0 client credentials', () => {
    const token = (clientId: string, secret: string, body = 'grant_type=client_credentials') =>
      fetch(`${emu.onespan.url}/oauth2/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    const withBearer = (value: string) =>
      fetch(`${emu.onespan.apiUrl}/callback`, { headers: { Authorization: `Bearer ${value}` } }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as Record<string, unknown>,
      }));

    beforeEach(() => emu.onespan.setAuthMode('oauth'));

    it('issues a 299 s JWT for the client credentials and takes it as Bearer', async () => {
      const answer = await token(emu.onespan.oauth.clientId, emu.onespan.oauth.clientSecret);
      expect(answer).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: 299 } });
      const jwt = answer.body.access_token as string;
      const claims = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as { exp: number };
      expect(claims.exp).toBeGreaterThan(Date.now() / 1000 + 290);
      expect((await withBearer(jwt)).status).toBe(200);
    });

    it("refuses the API key with OneSpan's error shape, naming OAuth", async () => {
      const answer = await oss('GET', '/callback');
      expect(answer).toMatchObject({ status: 401, body: { code: 401, name: 'Unauthorized' } });
      expect(answer.body.messageKey).toMatch(/^error\.unauthorised\./);
      expect(answer.body.message).toContain('OAuth 2.0 client credentials');
    });

    it('refuses a wrong secret, another grant, an unknown or expired token', async () => {
      expect((await token(emu.onespan.oauth.clientId, 'wrong')).body).toMatchObject({ error: 'invalid_client' });
      expect(
        (await token(emu.onespan.oauth.clientId, emu.onespan.oauth.clientSecret, 'grant_type=password')).body,
      ).toMatchObject({ error: 'unsupported_grant_type' });
      expect((await withBearer('made-up')).status).toBe(401);
      const jwt = (await token(emu.onespan.oauth.clientId, emu.onespan.oauth.clientSecret)).body.access_token as string;
      emu.onespan.expireTokens();
      expect(await withBearer(jwt)).toMatchObject({
        status: 401,
        body: { messageKey: 'error.unauthorised.sessionExpired' },
      });
    });

    it('refuses the OAuth flow again once the account is back on API keys', async () => {
      emu.onespan.setAuthMode('apiKey');
      expect((await token(emu.onespan.oauth.clientId, emu.onespan.oauth.clientSecret)).status).toBe(401);
      expect((await oss('GET', '/callback')).status).toBe(200);
    });
  });

  it('creates, reads and deletes packages, delivering PACKAGE_CREATE and PACKAGE_DELETE into the org', async () => {
    await register({ url: callbackUrl, key: goodKey, events: ['PACKAGE_CREATE', 'PACKAGE_DELETE'] });
    const created = await createPackage({ origin: 'OSS' });
    expect(created.status).toBe(200);
    const packageId = created.body.id as string;
    expect(packageId).toMatch(/^[A-Za-z0-9_-]{27}=$/);
    expect((await oss('GET', `/packages/${encodeURIComponent(packageId)}`)).body).toMatchObject({
      id: packageId,
      name: 'callback-probe',
      status: 'DRAFT',
    });
    await emu.onespan.idle();

    const [stored] = emu.salesforce.events();
    expect(stored).toMatchObject({ Event_Name__c: 'PACKAGE_CREATE', Package_Id__c: packageId, Status__c: 'Received' });
    const payload = JSON.parse(stored.Raw_Payload__c) as Record<string, unknown>;
    expect(payload).toEqual({
      '@class': 'com.silanis.esl.packages.event.ESLProcessEvent',
      name: 'PACKAGE_CREATE',
      sessionUser: expect.any(String),
      packageId,
      message: null,
      documentId: null,
      createdDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    // OneSpan got a token first, then posted: exactly one token call per delivery.
    expect(emu.salesforce.requests().filter((r) => r.path === '/services/oauth2/token')).toHaveLength(1);

    expect((await oss('DELETE', `/packages/${encodeURIComponent(packageId)}`)).status).toBe(200);
    await emu.onespan.idle();
    expect(emu.salesforce.events().map((e) => e.Event_Name__c)).toEqual(['PACKAGE_CREATE', 'PACKAGE_DELETE']);
    expect(emu.onespan.deliveries().map((d) => [d.event, d.status, d.url])).toEqual([
      ['PACKAGE_CREATE', 200, callbackUrl],
      ['PACKAGE_DELETE', 200, callbackUrl],
    ]);
    expect(emu.onespan.failureEmails()).toEqual([]);
    expect((await oss('GET', `/packages/${encodeURIComponent(packageId)}`)).status).toBe(404);
  });

  it('completes a package on POST /emulator/packages/{id}/complete (the signer, by hand), outside /api', async () => {
    await register({ url: callbackUrl, key: goodKey, events: ['PACKAGE_COMPLETE'] });
    const packageId = (await createPackage({ origin: 'OSS' })).body.id as string;
    const control = (method: string, id: string) =>
      fetch(`${emu.onespan.url}/emulator/packages/${encodeURIComponent(id)}/complete`, { method });
    expect((await control('GET', packageId)).status).toBe(405);
    expect((await control('POST', 'no-such-package')).status).toBe(404);
    const answer = await control('POST', packageId);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ id: packageId, status: 'COMPLETED', event: 'PACKAGE_COMPLETE' });
    await emu.onespan.idle();
    expect((await oss('GET', `/packages/${encodeURIComponent(packageId)}`)).body).toMatchObject({
      status: 'COMPLETED',
    });
    expect(emu.salesforce.events().map((e) => [e.Event_Name__c, e.Package_Id__c])).toEqual([
      ['PACKAGE_COMPLETE', packageId],
    ]);
  });

  it('delivers only subscribed events, and only packages of origin OSS to the Salesforce connector', async () => {
    await register({ url: callbackUrl, key: goodKey, events: ['PACKAGE_COMPLETE'] });
    await createPackage({ origin: 'OSS' });
    await register({ url: callbackUrl, key: goodKey, events: ['PACKAGE_CREATE'] });
    await createPackage({ origin: 'api' });
    await emu.onespan.idle();
    expect(emu.onespan.deliveries()).toEqual([]);
    expect(emu.salesforce.events()).toEqual([]);
  });

  it.each([
    [
      'a wrong client secret',
      () =>
        keyOf({
          host: emu.salesforce.url.replace('http://', ''),
          client_id: emu.salesforce.demo.clientId,
          client_secret: 'wrong',
        }),
      /invalid_client: invalid client credentials/,
    ],
    [
      'a refresh_token key (grant not usable here)',
      () => keyOf({ host: emu.salesforce.url, client_id: emu.salesforce.demo.clientId, refresh_token: '5Aep-old' }),
      /invalid_grant/,
    ],
    ['a key wrapped over several lines', () => goodKey.replace(/(.{76})/g, '$1\n'), /one line of standard base64/],
    [
      'the generic login host',
      () =>
        keyOf({
          host: emu.salesforce.genericLoginUrl,
          client_id: emu.salesforce.demo.clientId,
          client_secret: emu.salesforce.demo.clientSecret,
        }),
      /request not supported on this domain/,
    ],
  ])('records a failed delivery with %s, e-mails the payload and never retries', async (_label, makeKey, reason) => {
    const key = makeKey();
    emu.onespan.setConnector('salesforceOauth2', { url: callbackUrl, key, events: ['PACKAGE_CREATE'] });
    const created = await createPackage({ origin: 'OSS' });
    await emu.onespan.idle();
    await new Promise((r) => setTimeout(r, 200)); // a retry, if there were one, would show up here

    expect(emu.onespan.deliveries()).toEqual([
      expect.objectContaining({
        event: 'PACKAGE_CREATE',
        packageId: created.body.id,
        status: 'error',
        error: expect.stringMatching(reason),
      }),
    ]);
    const [email] = emu.onespan.failureEmails();
    expect(emu.onespan.failureEmails()).toHaveLength(1);
    expect(JSON.parse(email.payload)).toMatchObject({ name: 'PACKAGE_CREATE', packageId: created.body.id });
    expect(emu.salesforce.events()).toEqual([]);
    expect(emu.salesforce.requests().filter((r) => r.path.startsWith('/services/apexrest'))).toEqual([]);
    expect(JSON.stringify(emu.onespan.deliveries())).not.toContain(emu.salesforce.demo.clientSecret);
  });

  it('counts a non-2xx answer of the receiver as a failure (class not deployed)', async () => {
    await register({ url: callbackUrl, key: goodKey, events: ['PACKAGE_CREATE'] });
    emu.salesforce.setClassDeployed(false);
    await createPackage({ origin: 'OSS' });
    await emu.onespan.idle();
    expect(emu.onespan.deliveries()).toEqual([expect.objectContaining({ status: 404 })]);
    expect(emu.onespan.failureEmails()).toHaveLength(1);
  });

  it('delivers other packages to the account callback with the key after Basic', async () => {
    const apexToken = emu.salesforce.issueAccessToken(emu.salesforce.demo.runAsUserId);
    // A plain callback sends "Basic <key>"; the org refuses it as a session, which shows the header reached it.
    expect(
      (await oss('POST', '/callback', { url: callbackUrl, key: apexToken, events: ['PACKAGE_CREATE'] })).status,
    ).toBe(200);
    await createPackage({ origin: 'api' });
    await emu.onespan.idle();
    expect(emu.onespan.deliveries()).toEqual([expect.objectContaining({ status: 401 })]);
  });

  it('refuses packages it does not emulate rather than half-emulating them', async () => {
    expect((await oss('POST', '/packages', { name: 'x', status: 'SENT' })).status).toBe(400);
    expect((await oss('POST', '/packages', '{not json')).status).toBe(400);
  });
});
