/**
 * The Salesforce side of `npm run archive`, through the sf CLI org's jsforce Connection: the archive
 * settings (OSS_Archive_Setting__mdt by SOQL), the files already stored, the PACKAGE_COMPLETE event,
 * the library, the upload and the links.
 *
 * Stored files are found the ways the platform answers for any user: a ContentVersion query without an
 * Id filter returns only the files the user owns, shares directly or reaches through a library, not the
 * ones the Apex handler stored as the Run As user and linked to the event (salesforce.md, last section).
 * So: the event's links (ContentDocumentLink by LinkedEntityId), then their versions by ContentDocumentId;
 * plus this user's own files of the package (an interrupted run of this command). Anything still missed
 * is caught by the unique OneSpan_File_Key__c on insert (DUPLICATE_VALUE), see findDuplicate.
 *
 * The upload is the multipart sObject insert of the REST API Developer Guide ("Insert or Update Blob
 * Data", documents.md B3), built in the documented order: first the non-binary part named
 * `entity_content` (Content-Type application/json, no filename), then the binary part `VersionData`
 * with a filename. jsforce 3 has a helper for this (`multipartFileFields`), but it puts the file first
 * and names the JSON part after the sObject type, which the documentation does not describe; so the
 * body is built with `form-data` and sent through the Connection's `request`, which keeps jsforce's
 * session refresh. Salesforce takes up to 2 GB per ContentVersion this way (JSON with base64 stops at
 * 37.5 MB); the body is built in memory, which OneSpan's 16 MB per document makes affordable.
 */
import FormData from 'form-data';
import type { OrgRequest, TargetOrgConnection } from '../salesforce/targetOrg';
import { soqlString } from '../salesforce/callbackEvents';
import { ArchiveSettings, DEFAULT_ARCHIVE_SETTINGS, fileKey, LinkVisibility } from './plan';

export interface StoredFile {
  contentVersionId: string;
  contentDocumentId: string;
}

/** A file already in the org, with the records its document is linked to (Ids in 18-character form). */
export interface FoundFile extends StoredFile {
  documentId: string;
  linkedEntityIds: string[];
}

interface SettingRow {
  Library_Name__c?: string | null;
  Record_Id_Key__c?: string | null;
  Store_Consent_Document__c?: boolean | null;
  Max_Apex_Document_Bytes__c?: number | null;
  Record_Link_Visibility__c?: string | null;
}

/** The `Default` record with blank values defaulted, or undefined when the org has no such record. */
export async function readArchiveSettings(org: TargetOrgConnection): Promise<ArchiveSettings | undefined> {
  const [row] = await org.query<SettingRow>(
    'SELECT Library_Name__c, Record_Id_Key__c, Store_Consent_Document__c, Max_Apex_Document_Bytes__c, ' +
      "Record_Link_Visibility__c FROM OSS_Archive_Setting__mdt WHERE DeveloperName = 'Default' LIMIT 1",
  );
  if (!row) return undefined;
  const library = row.Library_Name__c?.trim();
  return {
    ...(library ? { libraryName: library } : {}),
    recordIdKey: row.Record_Id_Key__c?.trim() || DEFAULT_ARCHIVE_SETTINGS.recordIdKey,
    storeConsentDocument: row.Store_Consent_Document__c === true,
    maxApexDocumentBytes: row.Max_Apex_Document_Bytes__c ?? DEFAULT_ARCHIVE_SETTINGS.maxApexDocumentBytes,
    // As OssDocumentArchiver reads it: only AllUsers widens the link; anything else is the default.
    recordLinkVisibility:
      row.Record_Link_Visibility__c === 'AllUsers' ? 'AllUsers' : DEFAULT_ARCHIVE_SETTINGS.recordLinkVisibility,
  };
}

interface VersionRow {
  Id: string;
  ContentDocumentId: string;
  OneSpan_Document_Id__c: string | null;
}

const VERSION_FIELDS = 'Id, ContentDocumentId, OneSpan_Document_Id__c';

/**
 * Files of this package already in the org, by OneSpan document id: those linked to the event (whoever
 * stored them) and those this user can list (its own, or in a library it belongs to).
 */
export async function findStoredFiles(
  org: TargetOrgConnection,
  packageId: string,
  eventId: string | undefined,
): Promise<Map<string, FoundFile>> {
  const eventDocuments = eventId
    ? (
        await org.query<{ ContentDocumentId: string }>(
          `SELECT ContentDocumentId FROM ContentDocumentLink WHERE LinkedEntityId = ${soqlString(eventId)}`,
        )
      ).map((row) => row.ContentDocumentId)
    : [];
  const [linked, listed] = await Promise.all([
    eventDocuments.length === 0
      ? Promise.resolve([] as VersionRow[])
      : org.query<VersionRow>(
          `SELECT ${VERSION_FIELDS} FROM ContentVersion WHERE ContentDocumentId IN (${eventDocuments.map(soqlString).join(', ')}) AND IsLatest = true`,
        ),
    org.query<VersionRow>(
      `SELECT ${VERSION_FIELDS} FROM ContentVersion WHERE OneSpan_Package_Id__c = ${soqlString(packageId)} AND IsLatest = true`,
    ),
  ]);
  const versions = new Map<string, VersionRow>();
  for (const row of [...linked, ...listed]) {
    // The first found wins: a file linked to the event is the one the org's users see on it.
    if (row.OneSpan_Document_Id__c && !versions.has(row.OneSpan_Document_Id__c)) {
      versions.set(row.OneSpan_Document_Id__c, row);
    }
  }
  const links = await findLinks(
    org,
    [...versions.values()].map((row) => row.ContentDocumentId),
  );
  return new Map(
    [...versions].map(([documentId, row]) => [
      documentId,
      {
        documentId,
        contentVersionId: row.Id,
        contentDocumentId: row.ContentDocumentId,
        linkedEntityIds: links.get(row.ContentDocumentId) ?? [],
      },
    ]),
  );
}

/** The records each document is linked to (a ContentDocumentId filter: allowed for any user). */
async function findLinks(org: TargetOrgConnection, contentDocumentIds: string[]): Promise<Map<string, string[]>> {
  const links = new Map<string, string[]>();
  if (contentDocumentIds.length === 0) return links;
  const rows = await org.query<{ ContentDocumentId: string; LinkedEntityId: string }>(
    'SELECT ContentDocumentId, LinkedEntityId FROM ContentDocumentLink WHERE ContentDocumentId IN ' +
      `(${contentDocumentIds.map(soqlString).join(', ')})`,
  );
  for (const row of rows) {
    links.set(row.ContentDocumentId, [...(links.get(row.ContentDocumentId) ?? []), row.LinkedEntityId]);
  }
  return links;
}

/**
 * The file an insert collided with (DUPLICATE_VALUE on OneSpan_File_Key__c): by the Id the error names
 * ("duplicates value on record with id: 068..."), else by the key. Whether the platform names the Id of
 * a file the user cannot list is unconfirmed, and a query by key may not return such a file; undefined
 * then, for the caller to say so.
 */
export async function findDuplicate(
  org: TargetOrgConnection,
  message: string,
  key: string,
  documentId: string,
): Promise<FoundFile | undefined> {
  const namedId = /record with id:\s*([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\b/.exec(message)?.[1];
  const filter = namedId ? `Id = ${soqlString(namedId)}` : `OneSpan_File_Key__c = ${soqlString(key)}`;
  const [row] = await org.query<VersionRow>(`SELECT ${VERSION_FIELDS} FROM ContentVersion WHERE ${filter} LIMIT 1`);
  if (!row) return undefined;
  const links = await findLinks(org, [row.ContentDocumentId]);
  return {
    documentId,
    contentVersionId: row.Id,
    contentDocumentId: row.ContentDocumentId,
    linkedEntityIds: links.get(row.ContentDocumentId) ?? [],
  };
}

/** The latest PACKAGE_COMPLETE event of the package (the receiver stores one per delivery). */
export async function findCompleteEvent(org: TargetOrgConnection, packageId: string): Promise<string | undefined> {
  const [row] = await org.query<{ Id: string }>(
    `SELECT Id FROM OSS_Callback_Event__c WHERE Package_Id__c = ${soqlString(packageId)} ` +
      "AND Event_Name__c = 'PACKAGE_COMPLETE' ORDER BY CreatedDate DESC LIMIT 1",
  );
  return row?.Id;
}

export async function findLibrary(org: TargetOrgConnection, name: string): Promise<string | undefined> {
  const [row] = await org.query<{ Id: string }>(
    `SELECT Id FROM ContentWorkspace WHERE Name = ${soqlString(name)} LIMIT 1`,
  );
  return row?.Id;
}

/**
 * Whether the sf CLI org's user holds a permission set, and whether the org has it: "No such column" on
 * a field the project deploys means the field is missing, or that the user lacks the field access a
 * permission set grants (Metadata API deploys give no profile access to new fields).
 */
export async function permissionSetState(
  org: TargetOrgConnection,
  name: string,
): Promise<'assigned' | 'not-assigned' | 'not-deployed'> {
  const [set] = await org.query<{ Id: string }>(
    `SELECT Id FROM PermissionSet WHERE Name = ${soqlString(name)} LIMIT 1`,
  );
  if (!set) return 'not-deployed';
  if (!org.username) return 'not-assigned';
  const assigned = await org.query<{ Id: string }>(
    `SELECT Id FROM PermissionSetAssignment WHERE PermissionSetId = ${soqlString(set.Id)} ` +
      `AND Assignee.Username = ${soqlString(org.username)} LIMIT 1`,
  );
  return assigned.length > 0 ? 'assigned' : 'not-assigned';
}

export interface NewFile {
  title: string;
  pathOnClient: string;
  packageId: string;
  documentId: string;
  /** The library, when configured: it then gets the document's first link (documents.md B1). */
  firstPublishLocationId?: string;
}

/** Inserts one ContentVersion by multipart upload; returns its Id (the ContentDocumentId is read apart). */
export async function uploadFile(org: TargetOrgConnection, file: NewFile, bytes: Buffer): Promise<string> {
  const form = new FormData();
  // Order and names as documented: JSON first, no filename; then the bytes under the blob field's name.
  form.append(
    'entity_content',
    JSON.stringify({
      Title: file.title,
      PathOnClient: file.pathOnClient,
      OneSpan_Package_Id__c: file.packageId,
      OneSpan_Document_Id__c: file.documentId,
      OneSpan_File_Key__c: fileKey(file.packageId, file.documentId),
      ...(file.firstPublishLocationId ? { FirstPublishLocationId: file.firstPublishLocationId } : {}),
    }),
    { contentType: 'application/json' },
  );
  form.append('VersionData', bytes, { filename: file.pathOnClient, contentType: 'application/pdf' });
  const request: OrgRequest = {
    method: 'POST',
    url: `/services/data/v${org.apiVersion}/sobjects/ContentVersion`,
    body: form.getBuffer(),
    headers: form.getHeaders() as Record<string, string>,
  };
  const created = await org.request<{ id: string }>(request);
  return created.id;
}

/** The document a new version created (an Id filter: every user may read its own insert back). */
export async function contentDocumentOf(org: TargetOrgConnection, contentVersionId: string): Promise<string> {
  const [row] = await org.query<{ ContentDocumentId: string }>(
    `SELECT ContentDocumentId FROM ContentVersion WHERE Id = ${soqlString(contentVersionId)}`,
  );
  if (!row) throw new Error(`ContentVersion ${contentVersionId} was not returned`);
  return row.ContentDocumentId;
}

/**
 * A link of the document, as the Apex handler makes them: Viewer on the event with Salesforce's default
 * visibility (the event object is internal), Viewer on the sender's record with the configured
 * visibility, Inferred on a library (the share type a library takes). An org without Experience Cloud
 * sites may refuse an explicit Visibility; the sender's record then gets Salesforce's default, as in Apex.
 */
export async function linkFile(
  org: TargetOrgConnection,
  contentDocumentId: string,
  entityId: string,
  kind: 'event' | 'record' | 'library',
  recordVisibility: LinkVisibility,
): Promise<void> {
  const send = (fields: Record<string, string>) =>
    org.request({
      method: 'POST',
      url: `/services/data/v${org.apiVersion}/sobjects/ContentDocumentLink`,
      body: JSON.stringify({ ContentDocumentId: contentDocumentId, LinkedEntityId: entityId, ...fields }),
      headers: { 'Content-Type': 'application/json' },
    });
  if (kind === 'library') {
    await send({ ShareType: 'I' });
  } else if (kind === 'event') {
    await send({ ShareType: 'V' });
  } else {
    try {
      await send({ ShareType: 'V', Visibility: recordVisibility });
    } catch (error) {
      if (!/visibility/i.test((error as Error).message)) throw error;
      await send({ ShareType: 'V' });
    }
  }
}
