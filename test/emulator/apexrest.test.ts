/**
 * Platform behaviour around the receiver: session, routing with and without a namespace, class
 * access of the Run As user, methods.
 */
import { startSalesforceEmulator, type SalesforceEmulator } from '../../scripts/emulator';

describe('Apex REST routing and access in the Salesforce emulator', () => {
  let sf: SalesforceEmulator;
  let token: string;
  const get = (path: string, auth: string | null = token, method = 'GET') =>
    fetch(`${sf.url}/services/apexrest${path}`, {
      method,
      headers: auth ? { Authorization: `Bearer ${auth}` } : {},
    }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as unknown,
    }));

  beforeEach(async () => {
    sf = await startSalesforceEmulator();
    token = sf.issueAccessToken(sf.demo.runAsUserId);
  });
  afterEach(async () => {
    await sf.close();
  });

  it('needs a valid session', async () => {
    const expected = {
      status: 401,
      body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
    };
    expect(await get('/OSS/callback', null)).toEqual(expected);
    expect(await get('/OSS/callback', `${sf.orgId.slice(0, 15)}!forged`)).toEqual(expected);
    sf.expireAccessTokens();
    expect(await get('/OSS/callback')).toEqual(expected);
  });

  it('matches the URL mapping exactly and case-sensitively', async () => {
    expect((await get('/OSS/callback')).status).toBe(200);
    for (const path of ['/oss/callback', '/OSS/callback/', '/OSS/callbackx']) {
      expect(await get(path)).toEqual({
        status: 404,
        body: [{ errorCode: 'NOT_FOUND', message: `Could not find a match for URL ${path}` }],
      });
    }
  });

  it('answers under the namespace when the class has one, and 404 without it (unconfirmed)', async () => {
    sf.setNamespacePrefix('ONSS');
    expect(await get('/ONSS/OSS/callback')).toEqual({ status: 200, body: { status: 'ok', service: 'OSS/callback' } });
    expect(await get('/OSS/callback')).toMatchObject({ status: 404, body: [{ errorCode: 'NOT_FOUND' }] });
    sf.setNamespacePrefix(null);
    expect((await get('/ONSS/OSS/callback')).status).toBe(404);
  });

  it('refuses a Run As user without access to the class, and only that user', async () => {
    sf.setClassAccess(sf.demo.runAsUserId, false);
    expect(await get('/OSS/callback')).toEqual({
      status: 403,
      body: [
        { errorCode: 'FORBIDDEN', message: 'You do not have access to the Apex class named: OssCallbackResource' },
      ],
    });
    expect((await get('/OSS/callback', sf.issueAccessToken())).status).toBe(200);
    sf.setClassAccess(sf.demo.runAsUserId, true);
    expect((await get('/OSS/callback')).status).toBe(200);
  });

  it('answers 404 when the class is not deployed', async () => {
    sf.setClassDeployed(false);
    expect(await get('/OSS/callback')).toEqual({
      status: 404,
      body: [{ errorCode: 'NOT_FOUND', message: 'Could not find a match for URL /OSS/callback' }],
    });
  });

  it('refuses methods the class does not handle', async () => {
    expect(await get('/OSS/callback', token, 'PUT')).toMatchObject({
      status: 405,
      body: [{ errorCode: 'METHOD_NOT_ALLOWED' }],
    });
    expect(sf.events()).toHaveLength(0);
  });
});
