/**
 * What to store for a completed OneSpan transaction, with the names and skip rules the Apex handler
 * uses (archive-contract.md), as pure functions: the signed documents in the package's order (the
 * `default-consent` document only when configured), then the evidence summary.
 */

/** Who sees a file through its link to the sender's record (ContentDocumentLink.Visibility, documents.md B1). */
export type LinkVisibility = 'InternalUsers' | 'AllUsers';

/** OSS_Archive_Setting__mdt `Default`, as both sides read it. */
export interface ArchiveSettings {
  /** Name of a Files library (ContentWorkspace Name); undefined: no library. */
  libraryName?: string;
  /** The key in the package's `data` that holds the sender's record Id. */
  recordIdKey: string;
  storeConsentDocument: boolean;
  /** Above it Apex does not attempt a document; informative here (this command has no such limit). */
  maxApexDocumentBytes: number;
  /** Record_Link_Visibility__c: the visibility of the link to the sender's record (the event's link takes Salesforce's default). */
  recordLinkVisibility: LinkVisibility;
}

/**
 * The settings when the org has no `Default` record (the project ships none, so an admin's record survives
 * redeploys) or leaves a value blank: the same defaults as the Apex handler's.
 */
export const DEFAULT_ARCHIVE_SETTINGS: ArchiveSettings = {
  recordIdKey: 'salesforceRecordId',
  storeConsentDocument: false,
  maxApexDocumentBytes: 4_000_000,
  // AllUsers would also show the file to Experience Cloud users who can see the record (salesforce.md, last section).
  recordLinkVisibility: 'InternalUsers',
};

/**
 * ContentVersion.OneSpan_File_Key__c: unique in the org, written by the Apex handler and by this command,
 * so Salesforce itself refuses a second copy of a file (DUPLICATE_VALUE), whoever stores it.
 */
export function fileKey(packageId: string, documentId: string): string {
  return `${packageId}|${documentId}`;
}

/** The consent document OneSpan adds to every transaction (documents.md A1, DocumentAcceptanceUtil). */
export const CONSENT_DOCUMENT_ID = 'default-consent';
/** OneSpan_Document_Id__c of the evidence summary. */
export const EVIDENCE_SUMMARY_ID = 'evidence-summary';

export interface PlannedFile {
  documentId: string;
  title: string;
  pathOnClient: string;
  /** OneSpan's path under /packages/{id}/ to download it. */
  downloadPath: string;
  /** The `size` OneSpan declares for a document (the evidence summary has none). */
  declaredBytes?: number;
  /** Why it is not stored, when it is not. */
  skip?: 'consent';
}

export interface OneSpanDocument {
  id: string;
  name: string;
  size?: number;
}

export interface OneSpanPackage {
  id: string;
  name: string;
  status: string;
  data: Record<string, unknown>;
  documents: OneSpanDocument[];
}

/** Reads what archiving needs from GET /api/packages/{id}; missing parts become empty, never invented. */
export function readPackage(packageId: string, body: Record<string, unknown>): OneSpanPackage {
  const documents = Array.isArray(body.documents) ? (body.documents as unknown[]) : [];
  return {
    id: typeof body.id === 'string' ? body.id : packageId,
    name: typeof body.name === 'string' && body.name.trim() !== '' ? body.name : packageId,
    status: typeof body.status === 'string' ? body.status : 'UNKNOWN',
    data: typeof body.data === 'object' && body.data !== null ? (body.data as Record<string, unknown>) : {},
    documents: documents
      .filter(
        (d): d is Record<string, unknown> =>
          typeof d === 'object' && d !== null && typeof (d as { id?: unknown }).id === 'string',
      )
      .sort((a, b) => (Number(a.index) || 0) - (Number(b.index) || 0))
      .map((d) => ({
        id: d.id as string,
        name: typeof d.name === 'string' && d.name !== '' ? d.name : (d.id as string),
        size: typeof d.size === 'number' ? d.size : undefined,
      })),
  };
}

/** Title is a 255-character field, and the Apex handler keeps room for ".pdf" in PathOnClient (OssArchivePlan). */
export const MAX_TITLE_LENGTH = 255 - '.pdf'.length;

/**
 * Apex's String.abbreviate(max): longer text is cut to max - 3 characters and "..." is added. Lengths
 * are UTF-16 code units on both sides, so both cut at the same place and store the same title.
 */
export function abbreviate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

export function documentTitle(packageName: string, documentName: string): string {
  return abbreviate(`${packageName} - ${documentName} (signed)`, MAX_TITLE_LENGTH);
}

export function evidenceTitle(packageName: string): string {
  return abbreviate(`${packageName} - Evidence Summary`, MAX_TITLE_LENGTH);
}

/** Whether downloaded bytes are a PDF: the header "%PDF-" within the first 1024 bytes (ISO 32000-1, annex H). */
export function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).includes('%PDF-');
}

/** What a download that is not a PDF looks like, to name it in the error (never its content). */
export function describeContent(bytes: Buffer): string {
  const start = bytes.subarray(0, 64).toString('utf8').trimStart().toLowerCase();
  if (bytes.length === 0) return 'an empty answer';
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'an HTML page';
  if (start.startsWith('{') || start.startsWith('[')) return 'JSON';
  if (start.startsWith('<')) return 'XML';
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return 'a ZIP archive';
  return 'data of another kind';
}

export function planFiles(pkg: OneSpanPackage, settings: ArchiveSettings): PlannedFile[] {
  const files: PlannedFile[] = pkg.documents.map((document) => {
    const title = documentTitle(pkg.name, document.name);
    return {
      documentId: document.id,
      title,
      pathOnClient: `${title}.pdf`,
      downloadPath: `documents/${encodeURIComponent(document.id)}/pdf`,
      declaredBytes: document.size,
      ...(document.id === CONSENT_DOCUMENT_ID && !settings.storeConsentDocument ? { skip: 'consent' as const } : {}),
    };
  });
  const title = evidenceTitle(pkg.name);
  files.push({
    documentId: EVIDENCE_SUMMARY_ID,
    title,
    pathOnClient: `${title}.pdf`,
    downloadPath: 'evidence/summary',
  });
  return files;
}

/** A Salesforce record Id: 15 or 18 letters and digits (the key prefix is not checked: any object may send). */
export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(value);
}

/**
 * Objects whose ContentDocumentLink shares a file with people rather than attaching it to a record, by their standard
 * key prefixes (User 005, Group 00G, CollaborationGroup 0F9, ContentWorkspace 058, Network 0DB, Organization
 * 00D: a link to the org shares the file with every internal user): the transaction's
 * `data` is written by whoever sends it, so such an Id would hand the signed contract to a user or a group. The Apex
 * handler refuses the same objects by name (OssDocumentArchiver.PEOPLE_AND_PLACES).
 */
const PEOPLE_AND_PLACES: Readonly<Record<string, string>> = {
  '005': 'User',
  '00G': 'Group',
  '0F9': 'CollaborationGroup',
  '058': 'ContentWorkspace',
  '0DB': 'Network',
  '00D': 'Organization',
};

/** The object a record Id names when it is one the archive must never link a file to, else undefined. */
export function sharingObjectOf(recordId: string): string | undefined {
  return PEOPLE_AND_PLACES[recordId.slice(0, 3)];
}

/** "412 B", "1.5 MB": sizes for progress lines. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
