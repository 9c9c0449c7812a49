/**
 * Fidelity of the Salesforce emulator with jsforce 3.10.16, a client nobody here wrote: if the
 * emulator's wire format drifts from Salesforce's, jsforce's parsing and error mapping show it.
 */
import * as jsforce from 'jsforce';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../scripts/emulator';

const API_VERSION = '65.0';

function clientConnection(loginUrl: string, clientId: string, clientSecret: string): jsforce.Connection {
  return new jsforce.Connection({ oauth2: { loginUrl, clientId, clientSecret }, version: API_VERSION });
}

describe('Salesforce emulator with jsforce', () => {
  let sf: SalesforceEmulator;

  beforeAll(async () => {
    sf = await startSalesforceEmulator();
  });
  afterAll(async () => {
    await sf.close();
  });

  it('authorizes with the Client Credentials Flow as the Run As user of the demo app', async () => {
    const conn = clientConnection(sf.url, sf.demo.clientId, sf.demo.clientSecret);
    const userInfo = await conn.authorize({ grant_type: 'client_credentials' });
    expect(userInfo).toMatchObject({ id: sf.demo.runAsUserId, organizationId: sf.orgId });
    expect(conn.instanceUrl).toBe(sf.url);
    expect(conn.accessToken).toMatch(new RegExp(`^${sf.orgId.slice(0, 15)}!`));
  });

  it('queries the callback class and calls the Apex REST endpoint', async () => {
    const conn = clientConnection(sf.url, sf.demo.clientId, sf.demo.clientSecret);
    await conn.authorize({ grant_type: 'client_credentials' });
    const result = await conn.query<{ Id: string; Name: string; NamespacePrefix: string | null }>(
      "SELECT Id, Name, NamespacePrefix FROM ApexClass WHERE Name = 'OssCallbackResource'",
    );
    expect(result.totalSize).toBe(1);
    expect(result.records[0]).toMatchObject({
      Name: 'OssCallbackResource',
      NamespacePrefix: null,
      attributes: { type: 'ApexClass' },
    });
    expect(await conn.apex.get('/OSS/callback')).toEqual({ status: 'ok', service: 'OSS/callback' });

    const none = await conn.query("SELECT Id FROM ApexClass WHERE Name = 'SomethingElse'");
    expect(none.totalSize).toBe(0);
  });

  it('answers the query with an empty result and the REST endpoint with NOT_FOUND when the class is not deployed', async () => {
    const conn = clientConnection(sf.url, sf.demo.clientId, sf.demo.clientSecret);
    await conn.authorize({ grant_type: 'client_credentials' });
    sf.setClassDeployed(false);
    try {
      expect((await conn.query("SELECT Id FROM ApexClass WHERE Name = 'OssCallbackResource'")).totalSize).toBe(0);
      await expect(conn.apex.get('/OSS/callback')).rejects.toMatchObject({
        name: 'NOT_FOUND',
        message: 'Could not find a match for URL /OSS/callback',
      });
    } finally {
      sf.setClassDeployed(true);
    }
  });

  describe('OAuth errors as jsforce reports them (err.name = OAuth error, err.message = description)', () => {
    const authorizeFails = (
      loginUrl: string,
      clientId: string,
      clientSecret: string,
      params: Record<string, string> = {},
    ) =>
      expect(
        clientConnection(loginUrl, clientId, clientSecret).authorize({ grant_type: 'client_credentials', ...params }),
      ).rejects;

    it('unknown client id', async () => {
      await authorizeFails(sf.url, 'not-a-known-consumer-key', sf.demo.clientSecret).toMatchObject({
        name: 'invalid_client_id',
        message: 'client identifier invalid',
      });
    });

    it('wrong secret', async () => {
      await authorizeFails(sf.url, sf.demo.clientId, 'wrong-secret').toMatchObject({
        name: 'invalid_client',
        message: 'invalid client credentials',
      });
    });

    it('no Run As user', async () => {
      sf.addClient({ clientId: 'no-run-as', clientSecret: 'secret-1', runAsUserId: null });
      await authorizeFails(sf.url, 'no-run-as', 'secret-1').toMatchObject({
        name: 'invalid_grant',
        message: 'no client credentials user enabled',
      });
    });

    it('only user-delegated scopes', async () => {
      sf.addClient({
        clientId: 'bad-scopes',
        clientSecret: 'secret-2',
        runAsUserId: sf.demo.runAsUserId,
        scopes: ['refresh_token', 'offline_access', 'full'],
      });
      await authorizeFails(sf.url, 'bad-scopes', 'secret-2').toMatchObject({
        name: 'invalid_grant',
        message: 'no valid scopes defined',
      });
      sf.addClient({
        clientId: 'mixed-scopes',
        clientSecret: 'secret-2b',
        runAsUserId: sf.demo.runAsUserId,
        scopes: ['refresh_token', 'api'],
      });
      await expect(
        clientConnection(sf.url, 'mixed-scopes', 'secret-2b').authorize({ grant_type: 'client_credentials' }),
      ).resolves.toBeDefined();
    });

    it('a scope parameter', async () => {
      await authorizeFails(sf.url, sf.demo.clientId, sf.demo.clientSecret, { scope: 'api' }).toMatchObject({
        name: 'invalid_request',
        message: 'scope parameter not supported',
      });
    });

    it('admin-approved app and a Run As user that is not pre-authorized', async () => {
      sf.addClient({
        clientId: 'approved-only',
        clientSecret: 'secret-3',
        runAsUserId: sf.demo.runAsUserId,
        adminApprovedOnly: true,
      });
      await authorizeFails(sf.url, 'approved-only', 'secret-3').toMatchObject({
        name: 'invalid_app_access',
        message: 'user is not admin approved to access this app',
      });
      sf.addClient({
        clientId: 'approved-by-permset',
        clientSecret: 'secret-3b',
        runAsUserId: sf.demo.runAsUserId,
        adminApprovedOnly: true,
        approvedPermissionSets: ['OSS_Callback_Integration'],
      });
      await expect(
        clientConnection(sf.url, 'approved-by-permset', 'secret-3b').authorize({ grant_type: 'client_credentials' }),
      ).resolves.toBeDefined();
    });

    it('flow not enabled (unconfirmed answer)', async () => {
      sf.addClient({
        clientId: 'flow-off',
        clientSecret: 'secret-4',
        runAsUserId: sf.demo.runAsUserId,
        flowEnabled: false,
      });
      await authorizeFails(sf.url, 'flow-off', 'secret-4').toMatchObject({ name: 'unsupported_grant_type' });
    });

    it('inactive Run As user (unconfirmed answer)', async () => {
      const inactive = sf.addUser({ username: 'inactive@emulator.example', isActive: false });
      sf.addClient({ clientId: 'inactive-run-as', clientSecret: 'secret-5', runAsUserId: inactive });
      await authorizeFails(sf.url, 'inactive-run-as', 'secret-5').toMatchObject({ name: 'inactive_user' });
    });

    it('the generic login host refuses the flow', async () => {
      await authorizeFails(sf.genericLoginUrl, sf.demo.clientId, sf.demo.clientSecret).toMatchObject({
        name: 'invalid_grant',
        message: 'request not supported on this domain',
      });
    });

    it('another grant type', async () => {
      await expect(
        clientConnection(sf.url, sf.demo.clientId, sf.demo.clientSecret).authorize({ grant_type: 'password' }),
      ).rejects.toMatchObject({
        name: 'unsupported_grant_type',
      });
    });
  });

  it('reports REST errors with the Salesforce error codes', async () => {
    const conn = new jsforce.Connection({
      instanceUrl: sf.url,
      accessToken: sf.issueAccessToken(sf.demo.runAsUserId),
      version: API_VERSION,
    });
    await expect(conn.query('SELECT Id FRM ApexClass')).rejects.toMatchObject({ name: 'MALFORMED_QUERY' });
    await expect(conn.query('SELECT Id FROM NoSuchObject')).rejects.toMatchObject({ name: 'INVALID_TYPE' });
    await expect(conn.query('SELECT Nme FROM ApexClass')).rejects.toMatchObject({ name: 'INVALID_FIELD' });

    const stale = new jsforce.Connection({
      instanceUrl: sf.url,
      accessToken: `${sf.orgId.slice(0, 15)}!not-a-token`,
      version: API_VERSION,
    });
    await expect(stale.query('SELECT Id FROM ApexClass')).rejects.toMatchObject({
      name: 'INVALID_SESSION_ID',
      message: 'Session expired or invalid',
    });
  });

  it('refuses REST calls of a user without API Enabled', async () => {
    const noApi = sf.addUser({ username: 'no-api@emulator.example', apiEnabled: false });
    sf.addClient({ clientId: 'no-api-client', clientSecret: 'secret-6', runAsUserId: noApi });
    const conn = clientConnection(sf.url, 'no-api-client', 'secret-6');
    await conn.authorize({ grant_type: 'client_credentials' });
    await expect(conn.query('SELECT Id FROM ApexClass')).rejects.toMatchObject({ name: 'API_CURRENTLY_DISABLED' });
  });
});
