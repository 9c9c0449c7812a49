/**
 * `archive` against what the org and OneSpan really hold, in process (the CLI's own runs are in
 * archive.test.ts): files the Apex handler stored as the Run As user (which a ContentVersion query of
 * another user does not list), files of an interrupted run (stored, not linked), a second copy refused
 * by the unique OneSpan_File_Key__c, long titles, transactions not COMPLETED, answers that are not PDFs,
 * and the failures after a file is stored. The Salesforce side is a jsforce Connection to the emulator;
 * faults Salesforce itself cannot be made to produce are injected at that connection.
 */
import { archivePackage, ArchiveResult } from '../../scripts/lib/archive/run';
import { OssError } from '../../scripts/lib/errors';
import { OneSpanClient } from '../../scripts/lib/onespan/client';
import { Reporter } from '../../scripts/lib/output';
import { connectWithAccessToken, TargetOrgConnection } from '../../scripts/lib/salesforce/targetOrg';
import { SecretValue } from '../../scripts/lib/secretValue';
import { Emulators, startEmulators } from '../../scripts/emulator';
import { deliverPackageComplete } from '../helpers/deliverEvent';

jest.setTimeout(60_000);

let emulators: Emulators;
let runAsToken: string;
let adminToken: string;
let packageCount = 0;

beforeAll(async () => {
  emulators = await startEmulators();
  runAsToken = emulators.salesforce.issueAccessToken(emulators.salesforce.demo.runAsUserId);
  adminToken = emulators.salesforce.issueAccessToken();
});

afterAll(async () => {
  await emulators?.close();
});

afterEach(() => {
  emulators.salesforce.setDuplicateNamesRecord(true);
  emulators.salesforce.setArchiveSetting(null);
  emulators.onespan.faults.clear();
});

const RECORD_ID = '001000000000001AAA';
/** The fixture's data.salesforceRecordId and its first signed document. */
const MSA = '3f5c1a9e0b7d4c2e8f6a1b3c5d7e9f01';
const ORDER_FORM = '7a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d';

/** A fresh copy of the two-document fixture transaction, under its own id. */
function completedPackage(overrides: { name?: string; status?: 'SENT' } = {}): string {
  const { onespan } = emulators;
  packageCount += 1;
  const id = `IntegrityPackage${String(packageCount).padStart(11, '0')}=`;
  onespan.addFixturePackage('completed-two-documents', id, overrides);
  return id;
}

async function sf<T>(
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const answer = await fetch(`${emulators.salesforce.url}/services/data/v${emulators.salesforce.apiVersion}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: answer.status, body: (await answer.json()) as T };
}

/** A file as the Apex handler (token: the Run As user) or an interrupted run (the admin) leaves it. */
async function storeFile(token: string, packageId: string, documentId: string, linkTo?: string): Promise<string> {
  const created = await sf<{ id: string }>(token, 'POST', '/sobjects/ContentVersion', {
    Title: 'Stored before',
    PathOnClient: 'Stored before.pdf',
    VersionData: Buffer.from('%PDF-1.4 stored before').toString('base64'),
    OneSpan_Package_Id__c: packageId,
    OneSpan_Document_Id__c: documentId,
    OneSpan_File_Key__c: `${packageId}|${documentId}`,
  });
  expect(created.status).toBe(201);
  const version = emulators.salesforce.contentVersions().find((v) => v.Id === created.body.id);
  if (linkTo) {
    const link = await sf(token, 'POST', '/sobjects/ContentDocumentLink', {
      ContentDocumentId: version?.ContentDocumentId,
      LinkedEntityId: linkTo,
      ShareType: 'V',
      Visibility: 'AllUsers',
    });
    expect(link.status).toBe(201);
  }
  return created.body.id;
}

type Wrap = (org: TargetOrgConnection) => TargetOrgConnection;

async function archive(
  packageId: string,
  options: { dryRun?: boolean; wrap?: Wrap } = {},
): Promise<{ result?: ArchiveResult; error?: OssError; out: string[] }> {
  const out: string[] = [];
  const reporter = new Reporter(false, { out: (text) => out.push(text), err: (text) => out.push(text) });
  const onespan = new OneSpanClient(emulators.onespan.apiUrl, new SecretValue(emulators.onespan.apiKey), 15_000);
  const connect = async (): Promise<TargetOrgConnection> => {
    const org = await connectWithAccessToken(
      emulators.salesforce.url,
      adminToken,
      'emu',
      emulators.salesforce.apiVersion,
    );
    return options.wrap ? options.wrap(org) : org;
  };
  try {
    const result = await archivePackage(
      { packageId, targetOrg: 'emu', dryRun: options.dryRun ?? false },
      { onespan, connectTargetOrg: connect },
      reporter,
    );
    return { result, out };
  } catch (error) {
    if (error instanceof OssError) return { error, out };
    throw error;
  }
}

/** A connection whose queries matching `pattern` fail as Salesforce would answer. */
const failingQueries =
  (pattern: RegExp, errorCode: string, message: string, extra: Partial<TargetOrgConnection> = {}): Wrap =>
  (org) => ({
    ...org,
    ...extra,
    query: async <T>(soql: string): Promise<T[]> => {
      if (pattern.test(soql)) throw Object.assign(new Error(message), { errorCode });
      return org.query<T>(soql);
    },
  });

const versionsOf = (packageId: string) =>
  emulators.salesforce.contentVersions().filter((v) => v.OneSpan_Package_Id__c === packageId);
const linksOf = (contentDocumentId: string | null) =>
  emulators.salesforce
    .contentDocumentLinks()
    .filter((link) => link.ContentDocumentId === contentDocumentId)
    .map((link) => link.LinkedEntityId);

beforeAll(() => {
  emulators.salesforce.addRecord('Account', RECORD_ID);
});

describe('files already stored', () => {
  it('finds a file the Apex handler stored as the Run As user through the event’s links, and stores it no second time', async () => {
    const packageId = completedPackage();
    const eventId = await deliverPackageComplete(emulators.salesforce, packageId);
    const apexVersion = await storeFile(runAsToken, packageId, MSA, eventId);
    const { result, error } = await archive(packageId);
    expect(error).toBeUndefined();
    const msa = result?.files.find((file) => file.documentId === MSA);
    expect(msa).toMatchObject({ status: 'already-stored', contentVersionId: apexVersion });
    expect(versionsOf(packageId).filter((v) => v.OneSpan_Document_Id__c === MSA)).toHaveLength(1);
    expect(result?.files.map((file) => file.status)).toEqual(['skipped', 'already-stored', 'stored', 'stored']);
    // Found before anything was written: not even downloaded again (the other document was).
    const downloads = (documentId: string) =>
      emulators.onespan
        .requests()
        .filter(
          (request) => request.path === `/api/packages/${encodeURIComponent(packageId)}/documents/${documentId}/pdf`,
        );
    expect(downloads(MSA)).toHaveLength(0);
    expect(downloads(ORDER_FORM)).toHaveLength(1);
  });

  it('adds the links a file of an interrupted run lacks (event, sender’s record), and says so', async () => {
    const packageId = completedPackage();
    const eventId = await deliverPackageComplete(emulators.salesforce, packageId);
    const stranded = await storeFile(adminToken, packageId, MSA);
    const { result, error, out } = await archive(packageId);
    expect(error).toBeUndefined();
    const msa = result?.files.find((file) => file.documentId === MSA);
    expect(msa).toMatchObject({ status: 'already-stored', contentVersionId: stranded });
    expect(msa?.linksAdded).toEqual([
      { kind: 'event', id: eventId },
      { kind: 'record', id: RECORD_ID },
    ]);
    expect(msa?.linkedTo).toEqual(msa?.linksAdded);
    expect(linksOf(msa?.contentDocumentId ?? null)).toEqual(expect.arrayContaining([eventId, RECORD_ID]));
    expect(out.join('\n')).toContain('links added: event, record');
    // Every file reports where it is linked.
    for (const file of result?.files.filter((f) => f.status !== 'skipped') ?? []) {
      expect(file.linkedTo.map((link) => link.kind)).toEqual(['event', 'record']);
    }
  });

  it('lists the missing links with --dry-run and adds none', async () => {
    const packageId = completedPackage();
    await deliverPackageComplete(emulators.salesforce, packageId);
    const stranded = await storeFile(adminToken, packageId, MSA);
    const { result } = await archive(packageId, { dryRun: true });
    const msa = result?.files.find((file) => file.documentId === MSA);
    expect(msa?.linksAdded.map((link) => link.kind)).toEqual(['event', 'record']);
    expect(msa?.linkedTo).toEqual([]);
    const version = emulators.salesforce.contentVersions().find((v) => v.Id === stranded);
    expect(linksOf(version?.ContentDocumentId ?? null)).toEqual([]);
  });

  it('takes DUPLICATE_VALUE on the file key as "already stored" (a file it cannot list), and links it', async () => {
    const packageId = completedPackage();
    // Stored by the Run As user, not linked to any event: this user cannot find it before the insert.
    const hidden = await storeFile(runAsToken, packageId, MSA);
    const eventId = await deliverPackageComplete(emulators.salesforce, packageId);
    const { result, error } = await archive(packageId);
    expect(error).toBeUndefined();
    const msa = result?.files.find((file) => file.documentId === MSA);
    expect(msa).toMatchObject({ status: 'already-stored', contentVersionId: hidden });
    expect(msa?.linksAdded.map((link) => link.id)).toEqual([eventId, RECORD_ID]);
    expect(versionsOf(packageId).filter((v) => v.OneSpan_Document_Id__c === MSA)).toHaveLength(1);
  });

  it('says so clearly when the duplicate can be neither named nor found', async () => {
    emulators.salesforce.setDuplicateNamesRecord(false);
    const packageId = completedPackage();
    await storeFile(runAsToken, packageId, MSA);
    const { error } = await archive(packageId);
    expect(error?.code).toBe('ArchiveDuplicateHiddenError');
    expect(error?.message).toContain(`${packageId}|${MSA}`);
    expect(versionsOf(packageId).filter((v) => v.OneSpan_Document_Id__c === MSA)).toHaveLength(1);
  });
});

describe('what is stored', () => {
  it('cuts a long title as the Apex handler does (251 characters and ".pdf")', async () => {
    const packageId = completedPackage({ name: 'N'.repeat(300) });
    const { result, error } = await archive(packageId);
    expect(error).toBeUndefined();
    const stored = versionsOf(packageId);
    expect(stored).toHaveLength(3);
    for (const version of stored) {
      expect(version.Title).toBe(`${'N'.repeat(248)}...`);
      expect(version.PathOnClient).toBe(`${'N'.repeat(248)}....pdf`);
    }
    expect(result?.files[1].title).toHaveLength(251);
  });

  it('uses the documented defaults without an OSS_Archive_Setting__mdt record: links visible to internal users', async () => {
    const packageId = completedPackage();
    const eventId = await deliverPackageComplete(emulators.salesforce, packageId);
    const { result } = await archive(packageId);
    expect(result?.settingsRecord).toBe(false);
    expect(result?.settings).toEqual({
      recordIdKey: 'salesforceRecordId',
      storeConsentDocument: false,
      maxApexDocumentBytes: 4_000_000,
      recordLinkVisibility: 'InternalUsers',
    });
    const visibilities = (entityId: string) =>
      emulators.salesforce
        .contentDocumentLinks()
        .filter(
          (link) =>
            link.LinkedEntityId === entityId &&
            versionsOf(packageId).some((v) => v.ContentDocumentId === link.ContentDocumentId),
        )
        .map((link) => [link.ShareType, link.Visibility]);
    expect(visibilities(eventId)).toHaveLength(3);
    expect(visibilities(RECORD_ID)).toEqual(Array(3).fill(['V', 'InternalUsers']));
  });

  it('gives the sender’s record the visibility Record_Link_Visibility__c names', async () => {
    emulators.salesforce.setArchiveSetting({ Record_Link_Visibility__c: 'AllUsers' });
    const packageId = completedPackage();
    const { result } = await archive(packageId);
    expect(result?.settingsRecord).toBe(true);
    const recordLinks = emulators.salesforce
      .contentDocumentLinks()
      .filter(
        (link) =>
          link.LinkedEntityId === RECORD_ID &&
          versionsOf(packageId).some((v) => v.ContentDocumentId === link.ContentDocumentId),
      );
    expect(recordLinks.map((link) => link.Visibility)).toEqual(['AllUsers', 'AllUsers', 'AllUsers']);
  });

  it('refuses a transaction OneSpan does not call COMPLETED, storing nothing', async () => {
    const packageId = completedPackage({ status: 'SENT' });
    const { error } = await archive(packageId);
    expect(error?.code).toBe('PackageNotCompletedError');
    expect(error?.message).toContain('is SENT, not COMPLETED');
    expect(versionsOf(packageId)).toEqual([]);
  });

  it('does not store a 200 answer that is not a PDF', async () => {
    const packageId = completedPackage();
    emulators.onespan.faults.add({ method: 'GET', path: /\/pdf$/, kind: 'html', status: 200, times: 1 });
    const { error } = await archive(packageId);
    expect(error?.code).toBe('ArchiveNotPdfError');
    expect(error?.message).toContain('an HTML page');
    expect(versionsOf(packageId)).toEqual([]);
  });
});

describe('failures', () => {
  it('a failed read-back after the upload says the file is stored, and the next run links it', async () => {
    const packageId = completedPackage();
    const eventId = await deliverPackageComplete(emulators.salesforce, packageId);
    const { error } = await archive(packageId, {
      wrap: failingQueries(
        /^SELECT ContentDocumentId FROM ContentVersion WHERE Id =/,
        'REQUEST_LIMIT_EXCEEDED',
        'TotalRequests Limit exceeded.',
      ),
    });
    expect(error?.code).toBe('ArchiveStoreIncompleteError');
    expect(error?.message).toMatch(/was stored \(ContentVersion 068\w+\), but reading it back failed/);
    expect(error?.message).not.toContain('nothing half-written');
    expect(error?.actions.join(' ')).toContain('run the same command again');
    expect(versionsOf(packageId)).toHaveLength(1);
    const again = await archive(packageId);
    expect(again.error).toBeUndefined();
    expect(again.result?.files[1]).toMatchObject({
      status: 'already-stored',
      linksAdded: [
        { kind: 'event', id: eventId },
        { kind: 'record', id: RECORD_ID },
      ],
    });
    expect(versionsOf(packageId)).toHaveLength(3);
  });

  it('"No such column" for a user without OSS_Callback_Admin names the permission set, not a redeploy', async () => {
    emulators.salesforce.addUser({ username: 'archivist@emulator.example', permissionSets: ['OSS_Callback_Admin'] });
    const packageId = completedPackage();
    const { error } = await archive(packageId, {
      wrap: failingQueries(
        /FROM ContentVersion/,
        'INVALID_FIELD',
        "No such column 'OneSpan_Document_Id__c' on entity 'ContentVersion'.",
        { username: 'admin@emulator.example' },
      ),
    });
    expect(error?.code).toBe('ArchivePermissionSetMissingError');
    expect(error?.actions.join(' ')).toContain('sf org assign permset --name OSS_Callback_Admin --target-org emu');
  });

  it('a library the user cannot query is an error naming Library_Name__c, not an unexpected one', async () => {
    emulators.salesforce.setArchiveSetting({ Library_Name__c: 'Signed Documents' });
    const packageId = completedPackage();
    const { error } = await archive(packageId, {
      wrap: failingQueries(
        /FROM ContentWorkspace/,
        'INVALID_TYPE',
        "sObject type 'ContentWorkspace' is not supported.",
      ),
    });
    expect(error?.code).toBe('ArchiveLibraryNotFoundError');
    expect(error?.message).toContain('Library_Name__c');
    expect(error?.message).toContain('INVALID_TYPE');
    expect(versionsOf(packageId)).toEqual([]);
  });
});
