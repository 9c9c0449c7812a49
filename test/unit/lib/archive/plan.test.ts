/** The archive's names and skip rules, as the contract with the Apex handler fixes them. */
import {
  documentTitle,
  evidenceTitle,
  formatBytes,
  isRecordId,
  planFiles,
  readPackage,
  SHIPPED_ARCHIVE_SETTINGS,
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
  const files = planFiles(pkg, SHIPPED_ARCHIVE_SETTINGS);
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
  const files = planFiles(pkg, { ...SHIPPED_ARCHIVE_SETTINGS, storeConsentDocument: true });
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

it('formats sizes', () => {
  expect(formatBytes(412)).toBe('412 B');
  expect(formatBytes(15_728_640)).toBe('15.0 MB');
});
