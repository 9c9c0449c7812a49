/**
 * Fidelity with the real sf CLI (@salesforce/cli 2.146.3) and @salesforce/core: log in with an
 * access token issued by the emulator, then query the callback class as the guide tells users to.
 * Each sf command takes 1.5-4 s, so the checks share logins.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../scripts/emulator';
import { loginSfCli, type SfCliSession } from '../helpers/sfCliLogin';

const CLASS_QUERY = "SELECT Name, NamespacePrefix FROM ApexClass WHERE Name = 'OssCallbackResource'";

describe.each([
  ['without a namespace', null],
  ['with a namespace', 'ONSS'],
])('sf CLI against the Salesforce emulator %s', (_label, namespacePrefix) => {
  let sf: SalesforceEmulator;
  let session: SfCliSession;

  beforeAll(async () => {
    sf = await startSalesforceEmulator({ namespacePrefix });
    session = await loginSfCli({ instanceUrl: sf.url, accessToken: sf.issueAccessToken() });
  });
  afterAll(async () => {
    await session?.dispose();
    await sf.close();
  });

  it('returns the class and its namespace from sf data query', async () => {
    const result = await session.sf(['data', 'query', '-q', CLASS_QUERY, '-o', session.alias, '--json']);
    expect(result.exitCode).toBe(0);
    expect(result.json?.result).toMatchObject({
      totalSize: 1,
      done: true,
      records: [{ attributes: { type: 'ApexClass' }, Name: 'OssCallbackResource', NamespacePrefix: namespacePrefix }],
    });
  });
});

describe('sf CLI details against the Salesforce emulator', () => {
  let sf: SalesforceEmulator;
  let session: SfCliSession;

  beforeAll(async () => {
    sf = await startSalesforceEmulator();
    session = await loginSfCli({ instanceUrl: sf.url, accessToken: sf.issueAccessToken() });
  });
  afterAll(async () => {
    await session?.dispose();
    await sf.close();
  });

  it('stored the org the token belongs to', async () => {
    const display = await session.sf(['org', 'display', '-o', session.alias, '--json']);
    expect(display.exitCode).toBe(0);
    expect(display.json?.result).toMatchObject({
      id: sf.orgId,
      username: 'admin@emulator.example',
      apiVersion: sf.apiVersion,
    });
  });

  it('prints relationship columns in the human table (column metadata)', async () => {
    const result = await session.sf([
      'data',
      'query',
      '-q',
      'SELECT Username, Profile.PermissionsApiEnabled FROM User WHERE IsActive = true',
      '-o',
      session.alias,
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('PROFILE.PERMISSIONSAPIENABLED');
    expect(result.stdout).toContain('oss-integration@emulator.example');
  });

  it('reports a SOQL error with the Salesforce error text', async () => {
    const result = await session.sf([
      'data',
      'query',
      '-q',
      'SELECT Nme FROM ApexClass',
      '-o',
      session.alias,
      '--json',
    ]);
    expect(result.exitCode).not.toBe(0);
    expect(result.json?.message).toContain("No such column 'Nme' on entity 'ApexClass'");
  });

  it('lets @salesforce/core open the org by alias and query through its connection', async () => {
    // A child process: @salesforce/core finds ~/.sf through the real HOME, which jest's sandboxed
    // process.env cannot change.
    const script = `
      const { Org } = require('@salesforce/core');
      (async () => {
        const org = await Org.create({ aliasOrUsername: ${JSON.stringify(session.alias)} });
        const conn = org.getConnection();
        const found = await conn.query(${JSON.stringify(CLASS_QUERY)});
        let failure = null;
        try { await conn.query('SELECT Id FROM NoSuchThing'); } catch (e) { failure = e.name; }
        process.stdout.write(JSON.stringify({ orgId: org.getOrgId(), names: found.records.map((r) => r.Name), failure }));
      })().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });`;
    const stdout = await new Promise<string>((resolvePromise, reject) =>
      execFile(
        process.execPath,
        ['-e', script],
        { env: session.env, cwd: resolve(__dirname, '../..') },
        (error, out, err) => (error ? reject(new Error(err || error.message)) : resolvePromise(out)),
      ),
    );
    expect(JSON.parse(stdout)).toEqual({ orgId: sf.orgId, names: ['OssCallbackResource'], failure: 'INVALID_TYPE' });
  });
});
