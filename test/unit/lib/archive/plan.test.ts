/** The archive's names and skip rules, as the contract with the Apex handler fixes them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  abbreviate,
  DEFAULT_ARCHIVE_SETTINGS,
  describeContent,
  documentTitle,
  evidenceTitle,
  fileKey,
  formatBytes,
  isPdf,
  isRecordId,
  sharingObjectOf,
  MAX_TITLE_LENGTH,
  planFiles,
  readPackage,
} from '../../../../scripts/lib/archive/plan';

const pkg = readPackage('p1', {
  id: 'p1',
  name: 'Lease',
  status: 'COMPLETED',
  data: { salesforceRecordId: '001000000000001AAA' },
  documents: [
    { id: 'doc-b', name: 'Annex', index: 2, size: 10 },
    { id: 'default-consent', name: 'Consent', index: 0 },
    { id: 'doc-a', name: 'Lease', index: 1, size: 20 },
  ],
});

it('plans the signed documents in the package order, then the evidence summary, skipping the consent document', () => {
  const files = planFiles(pkg, DEFAULT_ARCHIVE_SETTINGS);
  expect(files.map((file) => [file.documentId, file.title, file.skip])).toEqual([
    ['default-consent', 'Lease - Consent (signed)', 'consent'],
    ['doc-a', 'Lease - Lease (signed)', undefined],
    ['doc-b', 'Lease - Annex (signed)', undefined],
    ['evidence-summary', 'Lease - Evidence Summary', undefined],
  ]);
  expect(files[1]).toMatchObject({
    pathOnClient: 'Lease - Lease (signed).pdf',
    downloadPath: 'documents/doc-a/pdf',
    declaredBytes: 20,
  });
  expect(files[3].downloadPath).toBe('evidence/summary');
});

it('keeps the consent document when configured', () => {
  const files = planFiles(pkg, { ...DEFAULT_ARCHIVE_SETTINGS, storeConsentDocument: true });
  expect(files.filter((file) => file.skip)).toEqual([]);
});

it('names files as the contract says', () => {
  expect(documentTitle('MSA 2026', 'Order Form')).toBe('MSA 2026 - Order Form (signed)');
  expect(evidenceTitle('MSA 2026')).toBe('MSA 2026 - Evidence Summary');
});

it('accepts 15- and 18-character record Ids only', () => {
  expect(isRecordId('001000000000001')).toBe(true);
  expect(isRecordId('001000000000001AAA')).toBe(true);
  expect(isRecordId('001000000000001AA')).toBe(false);
  expect(isRecordId("001000000000001' OR Id != '")).toBe(false);
  expect(isRecordId(42)).toBe(false);
});

it('never links a file to an Id that would share it with people, as the Apex handler refuses', () => {
  expect(sharingObjectOf('005000000000001AAA')).toBe('User');
  expect(sharingObjectOf('00G000000000001')).toBe('Group');
  expect(sharingObjectOf('0F9000000000001')).toBe('CollaborationGroup');
  expect(sharingObjectOf('058000000000001')).toBe('ContentWorkspace');
  expect(sharingObjectOf('0DB000000000001')).toBe('Network');
  expect(sharingObjectOf('00D000000000001AAA')).toBe('Organization');
  expect(sharingObjectOf('001000000000001AAA')).toBeUndefined();
  expect(sharingObjectOf('a00000000000001')).toBeUndefined();
});

it('refuses the same objects as the Apex handler', () => {
  const apex = readFileSync(
    join(__dirname, '../../../../force-app/main/default/classes/OssDocumentArchiver.cls'),
    'utf8',
  );
  const names = /PEOPLE_AND_PLACES = new Set<String>\{([^}]*)\}/.exec(apex)?.[1].match(/'(\w+)'/g) ?? [];
  const refusedByApex = names.map((quoted) => quoted.slice(1, -1)).sort();
  const refusedHere = ['005', '00G', '0F9', '058', '0DB', '00D']
    .map((prefix) => sharingObjectOf(`${prefix}000000000001`))
    .sort();
  expect(refusedByApex).toHaveLength(6);
  expect(refusedHere).toEqual(refusedByApex);
});

it('formats sizes', () => {
  expect(formatBytes(412)).toBe('412 B');
  expect(formatBytes(15_728_640)).toBe('15.0 MB');
});

describe('titles and contents', () => {
  it('cuts a title as Apex’s String.abbreviate(251) does, leaving room for ".pdf" within 255', () => {
    expect(abbreviate('short', MAX_TITLE_LENGTH)).toBe('short');
    expect(abbreviate('x'.repeat(251), 251)).toBe('x'.repeat(251));
    expect(abbreviate('x'.repeat(252), 251)).toBe(`${'x'.repeat(248)}...`);
    expect(documentTitle('P'.repeat(300), 'MSA')).toHaveLength(251);
    expect(evidenceTitle('P'.repeat(300))).toBe(`${'P'.repeat(248)}...`);
  });

  it('tells a PDF from what a proxy or an error page answers', () => {
    expect(isPdf(Buffer.from('%PDF-1.7\n...'))).toBe(true);
    expect(isPdf(Buffer.from('\r\n%PDF-1.4'))).toBe(true);
    expect(isPdf(Buffer.from('<!DOCTYPE html><html>'))).toBe(false);
    expect(describeContent(Buffer.from('<!DOCTYPE html><html>'))).toBe('an HTML page');
    expect(describeContent(Buffer.from('{"code":500}'))).toBe('JSON');
    expect(describeContent(Buffer.alloc(0))).toBe('an empty answer');
  });

  it('keys a file by package and document, as the Apex handler does', () => {
    expect(fileKey('pkg=', 'evidence-summary')).toBe('pkg=|evidence-summary');
  });
});
