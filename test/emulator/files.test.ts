/**
 * The emulators' side of archiving, spoken to with raw HTTP and jsforce: OneSpan serves the shared
 * fixtures' package JSON, PDFs (padded to the declared size), zip and evidence summary, and fires
 * PACKAGE_COMPLETE when a package completes; Salesforce accepts the multipart ContentVersion insert as
 * documented and refuses one without its JSON part with the documented error.
 */
import * as jsforce from 'jsforce';
import FormData from 'form-data';
import { startEmulators, type Emulators } from '../../scripts/emulator';

let emulators: Emulators;
let token: string;

beforeAll(async () => {
  emulators = await startEmulators();
  token = emulators.salesforce.issueAccessToken();
});

afterAll(async () => {
  await emulators.close();
});

const oneSpan = (path: string, key = emulators.onespan.apiKey) =>
  fetch(`${emulators.onespan.apiUrl}${path}`, { headers: { Authorization: `Basic ${key}` } });

const upload = (form: FormData) =>
  fetch(`${emulators.salesforce.url}/services/data/v65.0/sobjects/ContentVersion`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, ...(form.getHeaders() as Record<string, string>) },
    body: form.getBuffer(),
  });

const entity = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ Title: 'Signed', PathOnClient: 'Signed.pdf', ...fields });

describe('OneSpan emulator: completed transactions', () => {
  it('serves a fixture package, its PDFs, its zip and its evidence summary', async () => {
    const id = emulators.onespan.addFixturePackage('completed-two-documents');
    const pkg = (await (await oneSpan(`/packages/${encodeURIComponent(id)}`)).json()) as {
      status: string;
      documents: unknown[];
    };
    expect(pkg).toMatchObject({ status: 'COMPLETED', name: 'Master Services Agreement' });
    expect(pkg.documents).toHaveLength(3);

    const pdf = await oneSpan(`/packages/${encodeURIComponent(id)}/documents/3f5c1a9e0b7d4c2e8f6a1b3c5d7e9f01/pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/octet-stream');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBe(412);

    const zip = Buffer.from(await (await oneSpan(`/packages/${encodeURIComponent(id)}/documents/zip`)).arrayBuffer());
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    expect(zip.includes(Buffer.from('MSA.pdf'))).toBe(true);

    const summary = await oneSpan(`/packages/${encodeURIComponent(id)}/evidence/summary`);
    expect(summary.headers.get('content-type')).toBe('application/pdf');
  });

  it('pads a document to the size the package declares', async () => {
    const id = emulators.onespan.addFixturePackage('completed-one-large-document');
    const pdf = await oneSpan(`/packages/${encodeURIComponent(id)}/documents/b1g0d0c0000000000000000000000001/pdf`);
    expect(Buffer.from(await pdf.arrayBuffer()).length).toBe(15_728_640);
  });

  it('answers unknown packages and documents with the fixtures’ error bodies, and a wrong key with 401', async () => {
    const missing = await oneSpan('/packages/nope/documents/x/pdf');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ messageKey: 'error.notFound.packageNotFound' });
    const id = emulators.onespan.addFixturePackage('completed-two-documents');
    const noDocument = await oneSpan(`/packages/${encodeURIComponent(id)}/documents/nope/pdf`);
    expect(await noDocument.json()).toMatchObject({ messageKey: 'error.notFound.documentNotFound' });
    expect((await oneSpan(`/packages/${encodeURIComponent(id)}`, 'd3Jvbmc6a2V5')).status).toBe(401);
  });

  it('fires PACKAGE_COMPLETE through the registered callback when a package completes', async () => {
    const { onespan, salesforce } = emulators;
    onespan.setConnector('salesforceOauth2', {
      url: `${salesforce.url}/services/apexrest/OSS/callback`,
      events: ['PACKAGE_COMPLETE'],
      key: Buffer.from(
        JSON.stringify({
          host: new URL(salesforce.url).host,
          client_id: salesforce.demo.clientId,
          client_secret: salesforce.demo.clientSecret,
        }),
      ).toString('base64'),
    });
    const created = await fetch(`${onespan.apiUrl}/packages`, {
      method: 'POST',
      headers: { Authorization: `Basic ${onespan.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'To sign', data: { origin: 'OSS' } }),
    });
    const { id } = (await created.json()) as { id: string };
    onespan.completePackage(id);
    await onespan.idle();
    expect(onespan.deliveries().filter((d) => d.packageId === id)).toEqual([
      expect.objectContaining({ event: 'PACKAGE_COMPLETE', status: 200 }),
    ]);
    expect(salesforce.events().find((e) => e.Package_Id__c === id)?.Event_Name__c).toBe('PACKAGE_COMPLETE');
    const pkg = (await (await oneSpan(`/packages/${encodeURIComponent(id)}`)).json()) as { status: string };
    expect(pkg.status).toBe('COMPLETED');
  });
});

describe('Salesforce emulator: multipart ContentVersion insert', () => {
  it('accepts the documented body: entity_content JSON first, then VersionData with a filename', async () => {
    const form = new FormData();
    form.append('entity_content', entity({ OneSpan_Package_Id__c: 'p1', OneSpan_Document_Id__c: 'd1' }), {
      contentType: 'application/json',
    });
    form.append('VersionData', Buffer.from('%PDF-1.4 hello'), {
      filename: 'Signed.pdf',
      contentType: 'application/pdf',
    });
    const answer = await upload(form);
    expect(answer.status).toBe(201);
    const { id } = (await answer.json()) as { id: string };
    const conn = new jsforce.Connection({ instanceUrl: emulators.salesforce.url, accessToken: token, version: '65.0' });
    const rows = await conn.query<{ Id: string; ContentSize: number }>(
      "SELECT Id, ContentSize FROM ContentVersion WHERE OneSpan_Package_Id__c = 'p1' AND OneSpan_Document_Id__c = 'd1'",
    );
    expect(rows.records).toEqual([expect.objectContaining({ Id: id, ContentSize: 14 })]);
  });

  it('refuses a body without its JSON part with INVALID_MULTIPART_REQUEST', async () => {
    const form = new FormData();
    form.append('VersionData', Buffer.from('%PDF-1.4'), { filename: 'Signed.pdf', contentType: 'application/pdf' });
    const answer = await upload(form);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual([
      { errorCode: 'INVALID_MULTIPART_REQUEST', message: 'Multipart message must include a non-binary part' },
    ]);
  });

  it('treats a JSON part with a filename as binary, as Salesforce’s picky parser does', async () => {
    const form = new FormData();
    form.append('entity_content', Buffer.from(entity()), { filename: 'entity.json', contentType: 'application/json' });
    form.append('VersionData', Buffer.from('%PDF-1.4'), { filename: 'Signed.pdf', contentType: 'application/pdf' });
    expect((await upload(form)).status).toBe(400);
  });

  it('refuses a missing PathOnClient and an unknown field with the REST API’s error codes', async () => {
    const noPath = new FormData();
    noPath.append('entity_content', JSON.stringify({ Title: 'x' }), { contentType: 'application/json' });
    noPath.append('VersionData', Buffer.from('x'), { filename: 'x.pdf' });
    expect(await (await upload(noPath)).json()).toEqual([
      expect.objectContaining({ errorCode: 'REQUIRED_FIELD_MISSING' }),
    ]);
    const unknown = new FormData();
    unknown.append('entity_content', entity({ Nope__c: 1 }), { contentType: 'application/json' });
    unknown.append('VersionData', Buffer.from('x'), { filename: 'x.pdf' });
    expect(await (await upload(unknown)).json()).toEqual([expect.objectContaining({ errorCode: 'INVALID_FIELD' })]);
  });

  it('links a document to a record once, and refuses a link to a record that does not exist', async () => {
    const form = new FormData();
    form.append('entity_content', entity(), { contentType: 'application/json' });
    form.append('VersionData', Buffer.from('%PDF'), { filename: 'Signed.pdf' });
    const { id } = (await (await upload(form)).json()) as { id: string };
    const documentId = emulators.salesforce.contentVersions().find((v) => v.Id === id)?.ContentDocumentId;
    const account = emulators.salesforce.addRecord('Account');
    const link = (entityId: string) =>
      fetch(`${emulators.salesforce.url}/services/data/v65.0/sobjects/ContentDocumentLink`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          ContentDocumentId: documentId,
          LinkedEntityId: entityId,
          ShareType: 'V',
          Visibility: 'AllUsers',
        }),
      });
    expect((await link(account)).status).toBe(201);
    expect(await (await link(account)).json()).toEqual([expect.objectContaining({ errorCode: 'DUPLICATE_VALUE' })]);
    expect(await (await link('001000000000404AAA')).json()).toEqual([
      expect.objectContaining({ errorCode: 'INVALID_CROSS_REFERENCE_KEY' }),
    ]);
  });
});

describe('Salesforce emulator: the platform’s rules on Files', () => {
  const insert = (fields: Record<string, unknown>, as = token) =>
    fetch(`${emulators.salesforce.url}/services/data/v65.0/sobjects/ContentVersion`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${as}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        PathOnClient: 'Signed.pdf',
        VersionData: Buffer.from('%PDF-1.4').toString('base64'),
        ...fields,
      }),
    });
  const query = async (soql: string, as = token) => {
    const conn = new jsforce.Connection({ instanceUrl: emulators.salesforce.url, accessToken: as, version: '65.0' });
    return (await conn.query<{ Id: string }>(soql)).records.map((row) => row.Id);
  };

  it('refuses a Title over 255 characters with STRING_TOO_LONG, and takes 255', async () => {
    const answer = await insert({ Title: 'T'.repeat(256) });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual([
      {
        errorCode: 'STRING_TOO_LONG',
        message: `Title: data value too large: ${'T'.repeat(256)} (max length=255)`,
        fields: ['Title'],
      },
    ]);
    expect((await insert({ Title: 'T'.repeat(255) })).status).toBe(201);
  });

  it('enforces the unique OneSpan_File_Key__c its field file declares, case-sensitively, naming the existing record', async () => {
    const first = await insert({ Title: 'a', OneSpan_File_Key__c: 'pkg-unique|doc' });
    const { id } = (await first.json()) as { id: string };
    const again = await insert({ Title: 'b', OneSpan_File_Key__c: 'pkg-unique|doc' });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual([
      {
        errorCode: 'DUPLICATE_VALUE',
        message: `duplicate value found: OneSpan_File_Key__c duplicates value on record with id: ${id}`,
        fields: [],
      },
    ]);
    expect((await insert({ Title: 'c', OneSpan_File_Key__c: 'PKG-UNIQUE|doc' })).status).toBe(201);
    // OneSpan_Document_Id__c is not unique in its field file.
    expect((await insert({ Title: 'd', OneSpan_Document_Id__c: 'same' })).status).toBe(201);
    expect((await insert({ Title: 'e', OneSpan_Document_Id__c: 'same' })).status).toBe(201);
  });

  it('lists only a user’s own files in a query without an Id filter; an Id filter reaches the others', async () => {
    const { salesforce } = emulators;
    const runAs = salesforce.issueAccessToken(salesforce.demo.runAsUserId);
    const { id } = (await (
      await insert({ Title: 'by run as', OneSpan_Package_Id__c: 'pkg-visibility' }, runAs)
    ).json()) as {
      id: string;
    };
    const byPackage = "SELECT Id FROM ContentVersion WHERE OneSpan_Package_Id__c = 'pkg-visibility'";
    expect(await query(byPackage, runAs)).toEqual([id]);
    expect(await query(byPackage)).toEqual([]);
    expect(await query(`SELECT Id FROM ContentVersion WHERE Id = '${id}'`)).toEqual([id]);
    const documentId = salesforce.contentVersions().find((v) => v.Id === id)?.ContentDocumentId;
    expect(await query(`SELECT Id FROM ContentVersion WHERE ContentDocumentId IN ('${documentId}')`)).toEqual([id]);
    // In a library, every (member) user lists it.
    const library = salesforce.addLibrary('Visible Library');
    const inLibrary = (await (
      await insert(
        { Title: 'in library', OneSpan_Package_Id__c: 'pkg-library', FirstPublishLocationId: library },
        runAs,
      )
    ).json()) as { id: string };
    expect(await query("SELECT Id FROM ContentVersion WHERE OneSpan_Package_Id__c = 'pkg-library'")).toEqual([
      inLibrary.id,
    ]);
  });
});
