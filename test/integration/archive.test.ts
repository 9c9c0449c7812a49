/**
 * `npm run archive` against the emulators after a real `sf org login access-token`: the OneSpan
 * transaction and its files come from the shared fixtures (OssOneSpanApiFixtures.json), the files land
 * in the emulated org by multipart ContentVersion insert. Names, links, duplicates, skip rules, sizes,
 * and every error, each shown failing on a broken input. Every run goes through the secret-leak guard.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useEmulatorsWithSfCli } from '../helpers/emulatorWithSfCli';
import { REPO_ROOT } from '../helpers/runCli';
import { deliverPackageComplete } from '../helpers/deliverEvent';

interface FixtureCase {
  case: string;
  package: {
    id: string;
    name: string;
    data: Record<string, string>;
    documents: { id: string; name: string; size: number }[];
  };
  documentPdfs: Record<string, string>;
  evidenceSummaryPdf: string;
}

const FIXTURES = JSON.parse(
  readFileSync(join(REPO_ROOT, 'force-app/main/default/staticresources/OssOneSpanApiFixtures.json'), 'utf8'),
) as { packages: FixtureCase[] };
const fixtureCase = (name: string): FixtureCase =>
  FIXTURES.packages.find((entry) => entry.case === name) as FixtureCase;

interface ArchivedFile {
  title: string;
  documentId: string;
  contentVersionId: string | null;
  contentDocumentId: string | null;
  bytes: number | null;
  status: string;
  linkedTo: { kind: string; id: string }[];
}

// Each test runs the command one to three times, each a cold process that loads @salesforce/core: on a
// shared, busy machine that takes far longer than Jest's default limit.
jest.setTimeout(240_000);

const suite = useEmulatorsWithSfCli();

afterEach(() => {
  const { salesforce } = suite.fixture.emulators;
  salesforce.setReadOnly(false);
  salesforce.setArchiveSetting({ Library_Name__c: null, Store_Consent_Document__c: false });
});

const archive = (args: string[], env: Record<string, string> = {}) => suite.runWithOrg('archive', args, env);

const files = (run: { json?: { result?: Record<string, unknown> } }) => run.json?.result?.files as ArchivedFile[];

function sha256(base64: string, size?: number): string {
  const pdf = Buffer.from(base64, 'base64');
  const bytes = size && size > pdf.length ? Buffer.concat([pdf, Buffer.alloc(size - pdf.length, 0x20)]) : pdf;
  return createHash('sha256').update(bytes).digest('hex');
}

describe('a completed transaction with two documents', () => {
  const source = fixtureCase('completed-two-documents');
  let packageId: string;
  let eventId: string;
  let accountId: string;
  let libraryId: string;

  beforeAll(async () => {
    const { salesforce, onespan } = suite.fixture.emulators;
    packageId = onespan.addFixturePackage(source.case);
    eventId = await deliverPackageComplete(suite.fixture.emulators.salesforce, packageId);
    accountId = salesforce.addRecord('Account', source.package.data.salesforceRecordId);
    libraryId = salesforce.addLibrary('Signed Documents');
  });

  it('lists what it would store with --dry-run and stores nothing', async () => {
    const run = await archive(['--package', packageId, '--target-org', 'emu', '--dry-run', '--json']);
    expect(run.exitCode).toBe(0);
    expect(files(run).map((file) => file.status)).toEqual(['skipped', 'to-store', 'to-store', 'to-store']);
    expect(suite.fixture.emulators.salesforce.contentVersions()).toEqual([]);
  });

  it('stores the signed documents and the evidence summary with the names, links and bytes of the contract', async () => {
    suite.fixture.emulators.salesforce.setArchiveSetting({ Library_Name__c: 'Signed Documents' });
    const run = await archive(['--package', packageId, '--target-org', 'emu', '--json']);
    expect(run.exitCode).toBe(0);
    const result = files(run);
    const [consent, msa, orderForm, evidence] = source.package.documents.map((d) => d.id).concat('evidence-summary');
    expect(result.map((file) => [file.documentId, file.title, file.status])).toEqual([
      [consent, 'Master Services Agreement - Electronic Disclosures and Signatures Consent (signed)', 'skipped'],
      [msa, 'Master Services Agreement - MSA (signed)', 'stored'],
      [orderForm, 'Master Services Agreement - Order Form (signed)', 'stored'],
      [evidence, 'Master Services Agreement - Evidence Summary', 'stored'],
    ]);
    const versions = suite.fixture.emulators.salesforce.contentVersions();
    expect(versions).toHaveLength(3);
    for (const file of result.slice(1)) {
      const version = versions.find((v) => v.Id === file.contentVersionId);
      expect(version).toMatchObject({
        Title: file.title,
        PathOnClient: `${file.title}.pdf`,
        ContentDocumentId: file.contentDocumentId,
        OneSpan_Package_Id__c: packageId,
        OneSpan_Document_Id__c: file.documentId,
        FirstPublishLocationId: libraryId,
        ContentSize: file.bytes,
      });
      const declared = source.package.documents.find((d) => d.id === file.documentId)?.size;
      const expected =
        file.documentId === 'evidence-summary' ? source.evidenceSummaryPdf : source.documentPdfs[file.documentId];
      expect(version?.checksum).toBe(sha256(expected, declared));
      expect(file.linkedTo).toEqual([
        { kind: 'library', id: libraryId },
        { kind: 'event', id: eventId },
        { kind: 'record', id: accountId },
      ]);
      const links = suite.fixture.emulators.salesforce
        .contentDocumentLinks()
        .filter((link) => link.ContentDocumentId === file.contentDocumentId);
      expect(links.map((link) => [link.LinkedEntityId, link.ShareType, link.Visibility])).toEqual([
        [libraryId, 'I', 'AllUsers'],
        // Salesforce's default on the event; Record_Link_Visibility__c's default on the record.
        [eventId, 'V', 'InternalUsers'],
        [accountId, 'V', 'InternalUsers'],
      ]);
    }
  });

  it('never stores a file twice: a second run finds them all stored', async () => {
    const before = suite.fixture.emulators.salesforce.contentVersions().length;
    const run = await archive(['--package', packageId, '--target-org', 'emu']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(
      /\[2\/4\] Master Services Agreement - MSA \(signed\): already stored \(ContentVersion 068\w+\)/,
    );
    expect(run.stdout).toContain('0 stored, 3 already stored, 1 skipped (0 B uploaded).');
    expect(suite.fixture.emulators.salesforce.contentVersions()).toHaveLength(before);
  });

  it('stores the consent document when the setting says so, and only it', async () => {
    suite.fixture.emulators.salesforce.setArchiveSetting({ Store_Consent_Document__c: true });
    const before = suite.fixture.emulators.salesforce.contentVersions().length;
    const run = await archive(['--package', packageId, '--target-org', 'emu', '--json']);
    expect(run.exitCode).toBe(0);
    expect(files(run).map((file) => file.status)).toEqual([
      'stored',
      'already-stored',
      'already-stored',
      'already-stored',
    ]);
    expect(suite.fixture.emulators.salesforce.contentVersions()).toHaveLength(before + 1);
  });
});

it('stores a document too large for Apex with its full size, and shows progress with sizes on stderr', async () => {
  const source = fixtureCase('completed-one-large-document');
  const { onespan, salesforce } = suite.fixture.emulators;
  const packageId = onespan.addFixturePackage(source.case);
  const large = source.package.documents.find((d) => d.id !== 'default-consent') as { id: string; size: number };
  const run = await archive(['--package', packageId, '--target-org', 'emu']);
  expect(run.exitCode).toBe(0);
  expect(run.stderr).toContain('[2/3] Board Pack - Annual Report (signed): uploading 15.0 MB to Salesforce ...');
  expect(run.stderr).toMatch(/\[2\/3\] Board Pack - Annual Report \(signed\): stored, 15\.0 MB, ContentVersion 068\w+/);
  // No PACKAGE_COMPLETE was delivered for this one (a backfill): a warning, and the files are stored all the same.
  expect(run.stderr).toContain('The org has no PACKAGE_COMPLETE event for');
  const version = salesforce.contentVersions().find((v) => v.OneSpan_Document_Id__c === large.id);
  expect(version?.ContentSize).toBe(large.size);
  expect(version?.checksum).toBe(sha256(source.documentPdfs[large.id], large.size));
});

describe('errors: a clear message naming the fix, a non-zero exit, nothing stored', () => {
  let packageId: string;

  beforeAll(() => {
    packageId = suite.fixture.emulators.onespan.addFixturePackage(
      'completed-two-documents',
      'ErrorCasesPackage00000000000=',
    );
  });

  const stored = () => suite.fixture.emulators.salesforce.contentVersions().length;

  it('without ONESPAN_API_KEY', async () => {
    const before = stored();
    const run = await archive(['--package', packageId, '--target-org', 'emu'], { ONESPAN_API_KEY: '' });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('ONESPAN_API_KEY (environment only): is not set');
    expect(stored()).toBe(before);
  });

  it('with a key OneSpan refuses (401)', async () => {
    const wrongKey = Buffer.from('someone:else-entirely-wrong-key').toString('base64');
    const run = await suite.fixture.run('archive', ['--package', packageId, '--target-org', 'emu', '--json'], {
      home: suite.session.home,
      env: { ...suite.session.env, HOME: suite.session.home, ONESPAN_API_KEY: wrongKey } as Record<string, string>,
      secrets: [{ label: 'the wrong API key', value: wrongKey }],
    });
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'OneSpanAuthError' });
    expect(run.json?.message).toContain('OneSpan refused the API key for reading the transaction');
  });

  it('for a transaction OneSpan does not know (404)', async () => {
    const run = await archive(['--package', 'NoSuchPackage000000000000000=', '--target-org', 'emu', '--json']);
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'OneSpanPackageNotFoundError' });
    expect(run.json?.message).toContain('The specified transaction cannot be found.');
    expect(run.json?.actions?.join(' ')).toContain(suite.fixture.emulators.onespan.apiUrl);
  });

  it('for a transaction that is not completed', async () => {
    const draft = await fetch(`${suite.fixture.emulators.onespan.apiUrl}/packages`, {
      method: 'POST',
      headers: { Authorization: `Basic ${suite.fixture.emulators.onespan.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Still out for signature', data: {} }),
    });
    const { id } = (await draft.json()) as { id: string };
    const run = await archive(['--package', id, '--target-org', 'emu', '--json']);
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'PackageNotCompletedError' });
  });

  it('when the configured library does not exist', async () => {
    suite.fixture.emulators.salesforce.setArchiveSetting({ Library_Name__c: 'No Such Library' });
    const before = stored();
    const run = await archive(['--package', packageId, '--target-org', 'emu', '--json']);
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'ArchiveLibraryNotFoundError' });
    expect(run.json?.actions?.join(' ')).toContain('Library_Name__c');
    expect(stored()).toBe(before);
  });

  it('when Salesforce refuses the upload (read-only maintenance)', async () => {
    suite.fixture.emulators.salesforce.setReadOnly(true);
    const before = stored();
    const run = await archive(['--package', packageId, '--target-org', 'emu', '--json']);
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'ArchiveStoreError' });
    expect(run.json?.message).toContain('INSERT_UPDATE_DELETE_NOT_ALLOWED_DURING_MAINTENANCE');
    expect(run.json?.message).toContain('0 file(s) were stored before this');
    expect(stored()).toBe(before);
  });

  it('without --target-org or a default org, in sf’s words, saying exactly what to run', async () => {
    const run = await archive(['--package', packageId], { SF_TARGET_ORG: '' });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Error (NoDefaultEnvError): No default environment found.');
    expect(run.stderr).toContain('npm run archive -- --target-org my-org');
  });

  it('without --package', async () => {
    const run = await archive(['--target-org', 'emu']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Error (PackageRequiredError)');
  });
});
