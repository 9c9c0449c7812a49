/**
 * The token, identity and Connect credential endpoints of the Salesforce emulator on the wire, as a
 * client with no Salesforce library (OneSpan's own token call) sees them.
 */
import { startSalesforceEmulator, type SalesforceEmulator } from '../../scripts/emulator';

describe('Salesforce emulator OAuth and Connect endpoints on the wire', () => {
  let sf: SalesforceEmulator;

  const token = (form: Record<string, string>, base = sf.url) =>
    fetch(`${base}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, string> }));
  const demoGrant = () => ({
    grant_type: 'client_credentials',
    client_id: sf.demo.clientId,
    client_secret: sf.demo.clientSecret,
  });
  const get = (path: string, accessToken: string) =>
    fetch(`${sf.url}${path}`, { headers: { Authorization: `Bearer ${accessToken}` } }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as unknown,
    }));

  beforeAll(async () => {
    sf = await startSalesforceEmulator();
  });
  afterAll(async () => {
    await sf.close();
  });

  it('answers the client credentials grant with the documented success fields only', async () => {
    const before = Date.now();
    const answer = await token(demoGrant());
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual([
      'access_token',
      'id',
      'instance_url',
      'issued_at',
      'scope',
      'signature',
      'token_format',
      'token_type',
    ]);
    expect(answer.body).toMatchObject({
      scope: 'api',
      instance_url: sf.url,
      id: `${sf.url}/id/${sf.orgId}/${sf.demo.runAsUserId}`,
      token_type: 'Bearer',
      token_format: 'opaque',
    });
    expect(answer.body.access_token).toMatch(/^00D[0-9A-Za-z]{12}![0-9A-Za-z]+$/);
    expect(Number(answer.body.issued_at)).toBeGreaterThanOrEqual(before);
    expect(answer.body.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('refuses the grant on the generic login host and other grant types anywhere', async () => {
    expect(await token(demoGrant(), sf.genericLoginUrl)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'request not supported on this domain' },
    });
    expect(await token({ ...demoGrant(), grant_type: 'refresh_token', refresh_token: '5Aep-not-issued' })).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'expired access/refresh token' },
    });
    expect((await token({})).body.error).toBe('unsupported_grant_type');
  });

  it('serves userinfo and the identity URL for the token user', async () => {
    const { body } = await token(demoGrant());
    const info = await get('/services/oauth2/userinfo', body.access_token);
    expect(info).toMatchObject({
      status: 200,
      body: { user_id: sf.demo.runAsUserId, organization_id: sf.orgId, preferred_username: sf.demo.runAsUsername },
    });
    expect(await get(new URL(body.id).pathname, body.access_token)).toMatchObject({
      status: 200,
      body: { user_id: sf.demo.runAsUserId },
    });
    const forged = await fetch(`${sf.url}/services/oauth2/userinfo`, { headers: { Authorization: 'Bearer forged' } });
    expect({ status: forged.status, body: await forged.text() }).toEqual({ status: 403, body: 'Bad_OAuth_Token' });
  });

  it('serves the versions list without a token, and the sObject row of a user', async () => {
    const versions = (await fetch(`${sf.url}//services/data`).then((r) => r.json())) as {
      version: string;
      label: string;
      url: string;
    }[];
    expect(versions.at(-1)).toEqual({ label: "Winter '26", url: '/services/data/v65.0', version: '65.0' });
    expect(versions.find((v) => v.version === '60.0')?.label).toBe("Spring '24");
    const admin = sf.issueAccessToken();
    expect(await get(`/services/data/v51.0/sobjects/User/${sf.demo.runAsUserId}`, admin)).toMatchObject({
      status: 200,
      body: { attributes: { type: 'User' }, Id: sf.demo.runAsUserId, Username: sf.demo.runAsUsername, IsActive: true },
    });
    expect((await get('/services/data/v66.0/query?q=SELECT+Id+FROM+User', admin)).status).toBe(404);
  });

  describe('External Client App credentials (Connect REST)', () => {
    const base = `/services/data/v65.0/apps/oauth`;
    let admin: string;
    let appId: string;
    let consumerId: string;

    beforeAll(async () => {
      admin = sf.issueAccessToken();
      const usage = (await get(`${base}/usage`, admin)).body as {
        apps: { identifier: string; developerName: string }[];
      };
      appId = usage.apps.find((a) => a.developerName === 'OneSpan_Sign_Callback')?.identifier as string;
      const consumers = (await get(`${base}/credentials/${appId}`, admin)).body as {
        consumers: { id: string; key: string }[];
      };
      expect(consumers.consumers).toEqual([expect.objectContaining({ key: sf.demo.clientId })]);
      consumerId = consumers.consumers[0].id;
    });

    it('returns only what part asks for', async () => {
      const path = `${base}/credentials/${appId}/${consumerId}`;
      const plain = (await get(path, admin)).body as Record<string, unknown>;
      expect(plain).toMatchObject({ id: consumerId, key: sf.demo.clientId });
      expect(plain).not.toHaveProperty('secret');
      expect((await get(`${path}?part=keyandsecret`, admin)).body).toMatchObject({
        key: sf.demo.clientId,
        secret: sf.demo.clientSecret,
      });
      const secretOnly = (await get(`${path}?part=secret`, admin)).body as Record<string, unknown>;
      expect(secretOnly).toMatchObject({ secret: sf.demo.clientSecret });
      expect(secretOnly).not.toHaveProperty('key');
      expect((await get(`${path}?part=everything`, admin)).status).toBe(400);
    });

    it('leaves key and secret out while the org setting is off', async () => {
      sf.setSecretRestAccess(false);
      try {
        const answer = (await get(`${base}/credentials/${appId}/${consumerId}?part=keyandsecret`, admin))
          .body as Record<string, unknown>;
        expect(answer).toMatchObject({ id: consumerId });
        expect(answer).not.toHaveProperty('key');
        expect(answer).not.toHaveProperty('secret');
      } finally {
        sf.setSecretRestAccess(true);
      }
    });

    it('refuses a user without the permission to view secrets, and older API versions', async () => {
      const runAs = sf.issueAccessToken(sf.demo.runAsUserId);
      expect(await get(`${base}/credentials/${appId}`, runAs)).toMatchObject({
        status: 403,
        body: [{ errorCode: 'FORBIDDEN' }],
      });
      sf.setSecretViewPermission(sf.demo.runAsUserId, true);
      expect((await get(`${base}/credentials/${appId}`, runAs)).status).toBe(200);
      expect((await get(`/services/data/v59.0/apps/oauth/credentials/${appId}`, admin)).status).toBe(404);
      expect((await get(`${base}/credentials/0xI000000000000AAA`, admin)).status).toBe(404);
    });
  });
});
