/**
 * The SOQL subset of the Salesforce emulator over plain HTTP: right rows, right shapes, and the
 * platform's error codes for everything it cannot answer (never wrong data).
 */
import { startSalesforceEmulator, type SalesforceEmulator } from '../../scripts/emulator';

describe('SOQL in the Salesforce emulator', () => {
  let sf: SalesforceEmulator;
  let token: string;

  const query = async (q: string, extra = '', auth: string | null = token) => {
    const response = await fetch(`${sf.url}/services/data/v${sf.apiVersion}/query?q=${encodeURIComponent(q)}${extra}`, {
      headers: auth ? { Authorization: `Bearer ${auth}` } : {},
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & unknown[] };
  };
  const records = async (q: string) => (await query(q)).body.records as Record<string, unknown>[];

  beforeAll(async () => {
    sf = await startSalesforceEmulator();
    token = sf.issueAccessToken();
    sf.addUser({ username: 'zed@emulator.example', isActive: false, apiEnabled: false, permissionSets: ['Other_Set'] });
  });
  afterAll(async () => {
    await sf.close();
  });

  it('answers with totalSize, done and records carrying attributes', async () => {
    const answer = await query(
      "SELECT Id, Name, NamespacePrefix, Status FROM ApexClass WHERE Name = 'OssCallbackResource'",
    );
    expect(answer.status).toBe(200);
    const [record] = answer.body.records as Record<string, unknown>[];
    expect(answer.body).toMatchObject({ totalSize: 1, done: true });
    expect(record).toEqual({
      attributes: {
        type: 'ApexClass',
        url: `/services/data/v${sf.apiVersion}/sobjects/ApexClass/${record.Id as string}`,
      },
      Id: expect.stringMatching(/^01p[0-9A-Za-z]{15}$/),
      Name: 'OssCallbackResource',
      NamespacePrefix: null,
      Status: 'Active',
    });
  });

  it('treats keywords, names and text values case-insensitively and returns canonical names', async () => {
    const found = await records(
      "select name, namespaceprefix from apexclass where NAME = 'osscallbackresource' limit 5",
    );
    expect(found).toEqual([expect.objectContaining({ Name: 'OssCallbackResource', NamespacePrefix: null })]);
    expect(Object.keys(found[0])).toEqual(['attributes', 'Name', 'NamespacePrefix']);
  });

  it('nests relationship fields and filters on them', async () => {
    const users = await records(
      "SELECT Username, Profile.Name, Profile.PermissionsApiEnabled FROM User WHERE Username = 'zed@emulator.example'",
    );
    expect(users).toEqual([
      expect.objectContaining({
        Username: 'zed@emulator.example',
        Profile: {
          attributes: expect.objectContaining({ type: 'Profile' }),
          Name: 'Minimum Access - Salesforce',
          PermissionsApiEnabled: false,
        },
      }),
    ]);
    const assignments = await records(
      `SELECT AssigneeId, PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '${sf.demo.runAsUserId}' AND PermissionSet.Name = 'OSS_Callback_Integration'`,
    );
    expect(assignments).toEqual([
      expect.objectContaining({
        AssigneeId: sf.demo.runAsUserId,
        PermissionSet: expect.objectContaining({ Name: 'OSS_Callback_Integration' }),
      }),
    ]);
    expect(
      await records(
        `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${sf.demo.runAsUserId}' AND PermissionSet.Name = 'Other_Set'`,
      ),
    ).toEqual([]);
  });

  it('matches Ids in their 15-character form', async () => {
    const found = await records(`SELECT Username FROM User WHERE Id = '${sf.demo.runAsUserId.slice(0, 15)}'`);
    expect(found.map((u) => u.Username)).toEqual([sf.demo.runAsUsername]);
  });

  it('filters on booleans, null and !=, orders and limits', async () => {
    expect((await records('SELECT Username FROM User WHERE IsActive = false')).map((u) => u.Username)).toEqual([
      'zed@emulator.example',
    ]);
    const ordered = (await records('SELECT Username FROM User WHERE IsActive != false ORDER BY Username DESC')).map(
      (u) => u.Username,
    );
    expect(ordered).toEqual([sf.demo.runAsUsername, 'admin@emulator.example']);
    expect(await records('SELECT Username FROM User ORDER BY Username ASC LIMIT 1')).toEqual([
      expect.objectContaining({ Username: 'admin@emulator.example' }),
    ]);
    expect(await records('SELECT Id FROM Organization WHERE NamespacePrefix = null')).toHaveLength(1);
    expect(await records('SELECT Id FROM Organization WHERE NamespacePrefix != null')).toHaveLength(0);
  });

  it('filters with IN on a list of text values, case-insensitively, combined with AND', async () => {
    const found = await records(
      `SELECT Username FROM User WHERE Username IN ('ZED@emulator.example', 'nobody@x.example', '${sf.demo.runAsUsername}') AND IsActive = false`,
    );
    expect(found.map((u) => u.Username)).toEqual(['zed@emulator.example']);
    const both = await records(
      `SELECT Username FROM User WHERE Username IN ('zed@emulator.example','${sf.demo.runAsUsername}') ORDER BY Username`,
    );
    expect(both.map((u) => u.Username)).toEqual([sf.demo.runAsUsername, 'zed@emulator.example']);
    expect(await records("SELECT Username FROM User WHERE Username IN ('nobody@x.example')")).toEqual([]);
  });

  it('joins conditions with OR only, as `sf org assign permsetlicense` looks a licence up', async () => {
    const found = await records(
      "SELECT Id, DeveloperName FROM PermissionSetLicense WHERE DeveloperName = 'Salesforce API Integration' OR MasterLabel = 'Salesforce API Integration'",
    );
    expect(found.map((licence) => licence.DeveloperName)).toEqual(['SalesforceAPIIntegrationPsl']);
  });

  it('serves the sf CLI org probes', async () => {
    expect((await query('SELECT Id FROM ScratchOrgInfo limit 1')).body).toMatchObject({
      totalSize: 0,
      done: true,
      records: [],
    });
    expect(
      await records(
        'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization',
      ),
    ).toEqual([
      expect.objectContaining({
        IsSandbox: false,
        TrialExpirationDate: null,
        OrganizationType: 'Developer Edition',
        InstanceName: expect.any(String),
      }),
    ]);
  });

  it('answers columns=true with column metadata, relationship fields as join columns', async () => {
    const answer = await query('SELECT Id, Profile.PermissionsApiEnabled FROM User', '&columns=true');
    expect(answer.body).toMatchObject({
      entityName: 'User',
      idSelected: true,
      columnMetadata: [
        { columnName: 'Id', aggregate: false, joinColumns: [] },
        {
          columnName: 'Profile',
          joinColumns: [
            { columnName: 'PermissionsApiEnabled', displayName: 'Profile.PermissionsApiEnabled', joinColumns: [] },
          ],
        },
      ],
    });
    expect(answer.body).not.toHaveProperty('records');
  });

  // 2001 stored events take a while on a shared, busy machine: a generous limit, the paging is what is tested.
  it('pages results beyond 2000 records through nextRecordsUrl', async () => {
    const apex = sf.issueAccessToken(sf.demo.runAsUserId);
    const post = (i: number) =>
      fetch(`${sf.url}/services/apexrest/OSS/callback`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${apex}` },
        body: JSON.stringify({ name: 'PACKAGE_CREATE', packageId: `p-${i}` }),
      });
    // 50 connections at a time: starting all 2001 at once overflows the listen backlog on a loaded machine
    // (ECONNRESET), which says nothing about the emulator; 200 at a time still did at a load above 30.
    for (let i = 0; i < 2001; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, 2001 - i) }, (_, j) => post(i + j)));
    }
    const first = await query('SELECT Id FROM OSS_Callback_Event__c');
    expect(first.body).toMatchObject({ totalSize: 2001, done: false });
    expect(first.body.records).toHaveLength(2000);
    const next = await fetch(`${sf.url}${first.body.nextRecordsUrl as string}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const rest = (await next.json()) as { done: boolean; records: unknown[]; totalSize: number };
    expect(rest).toMatchObject({ done: true, totalSize: 2001 });
    expect(rest.records).toHaveLength(1);
  }, 180_000);

  describe('errors', () => {
    const errorOf = async (q: string) => {
      const answer = await query(q);
      return { status: answer.status, errorCode: (answer.body as unknown as { errorCode: string }[])[0]?.errorCode };
    };

    it.each([
      ['an unknown object', 'SELECT Id FROM Accountz', 'INVALID_TYPE'],
      ['an unknown field', 'SELECT Id, Nme FROM ApexClass', 'INVALID_FIELD'],
      ['an unknown field in WHERE', "SELECT Id FROM ApexClass WHERE Nmae = 'x'", 'INVALID_FIELD'],
      ['an unknown relationship', 'SELECT Owner.Name FROM ApexClass', 'INVALID_FIELD'],
      ['an unknown field behind a relationship', 'SELECT Profile.Nope FROM User', 'INVALID_FIELD'],
      ['a quoted boolean', "SELECT Id FROM User WHERE IsActive = 'true'", 'INVALID_FIELD'],
      ['an unquoted text', 'SELECT Id FROM User WHERE Username = 5', 'INVALID_FIELD'],
      ['a malformed Id', "SELECT Id FROM User WHERE Id = 'abc'", 'INVALID_QUERY_FILTER_OPERATOR'],
      ['garbage', 'SELEKT Id FROM User', 'MALFORMED_QUERY'],
      ['a misspelt FROM', 'SELECT Id FRM User', 'MALFORMED_QUERY'],
      [
        'AND mixed with OR (outside the subset)',
        "SELECT Id FROM User WHERE Username = 'a' OR Username = 'b' AND IsActive = true",
        'MALFORMED_QUERY',
      ],
      ['an empty IN list', 'SELECT Id FROM User WHERE Username IN ()', 'MALFORMED_QUERY'],
      ['an IN list without parentheses', "SELECT Id FROM User WHERE Username IN 'a'", 'MALFORMED_QUERY'],
      ['an unclosed IN list', "SELECT Id FROM User WHERE Username IN ('a', 'b'", 'MALFORMED_QUERY'],
      ['a wrongly typed IN value', "SELECT Id FROM User WHERE Username IN ('a', 5)", 'INVALID_FIELD'],
      ['a function (outside the subset)', 'SELECT COUNT() FROM User', 'MALFORMED_QUERY'],
      ['a trailing token', 'SELECT Id FROM User LIMIT 1 2', 'MALFORMED_QUERY'],
      ['an unterminated string', "SELECT Id FROM User WHERE Username = 'x", 'MALFORMED_QUERY'],
      ['an empty query', '   ', 'MALFORMED_QUERY'],
    ])('%s: %s -> 400 %s', async (_label, q, errorCode) => {
      expect(await errorOf(q)).toEqual({ status: 400, errorCode });
    });

    it('says where the query went wrong, as Salesforce does', async () => {
      const answer = await query('SELECT Nme FROM ApexClass');
      expect((answer.body as unknown as { message: string }[])[0].message).toBe(
        "\nSELECT Nme FROM ApexClass\n       ^\nERROR at Row:1:Column:8\nNo such column 'Nme' on entity 'ApexClass'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
      );
    });

    it('answers 401 INVALID_SESSION_ID for a missing or unknown token', async () => {
      const expected = {
        status: 401,
        body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
      };
      expect(await query('SELECT Id FROM User', '', null)).toEqual(expected);
      expect(await query('SELECT Id FROM User', '', `${sf.orgId.slice(0, 15)}!unknown`)).toEqual(expected);
    });
  });
});
