/**
 * The Salesforce side of `npm run archive`, through the sf CLI org's jsforce Connection: the archive
 * settings (OSS_Archive_Setting__mdt by SOQL), the files already stored, the PACKAGE_COMPLETE event,
 * the library, and the upload.
 *
 * The upload is the multipart sObject insert of the REST API Developer Guide ("Insert or Update Blob
 * Data", documents.md B3), built in the documented order: first the non-binary part named
 * `entity_content` (Content-Type application/json, no filename), then the binary part `VersionData`
 * with a filename. jsforce 3 has a helper for this (`multipartFileFields`), but it puts the file first
 * and names the JSON part after the sObject type, which the documentation does not describe; so the
 * body is built with `form-data` and sent through the Connection's `request`, which keeps jsforce's
 * session refresh. Up to 2 GB per ContentVersion this way (JSON with base64 stops at 37.5 MB).
 */
import FormData from 'form-data';
import type { OrgRequest, TargetOrgConnection } from '../salesforce/targetOrg';
import { soqlString } from '../salesforce/callbackEvents';
import { ArchiveSettings, SHIPPED_ARCHIVE_SETTINGS } from './plan';

export interface StoredFile {
  contentVersionId: string;
  contentDocumentId: string;
}

interface SettingRow {
  Library_Name__c?: string | null;
  Record_Id_Key__c?: string | null;
  Store_Consent_Document__c?: boolean | null;
  Max_Apex_Document_Bytes__c?: number | null;
}

/** The `Default` record, or undefined when the org has the type but not the record. */
export async function readArchiveSettings(org: TargetOrgConnection): Promise<ArchiveSettings | undefined> {
  const [row] = await org.query<SettingRow>(
    'SELECT Library_Name__c, Record_Id_Key__c, Store_Consent_Document__c, Max_Apex_Document_Bytes__c ' +
      "FROM OSS_Archive_Setting__mdt WHERE DeveloperName = 'Default' LIMIT 1",
  );
  if (!row) return undefined;
  const library = row.Library_Name__c?.trim();
  return {
    ...(library ? { libraryName: library } : {}),
    recordIdKey: row.Record_Id_Key__c?.trim() || SHIPPED_ARCHIVE_SETTINGS.recordIdKey,
    storeConsentDocument: row.Store_Consent_Document__c === true,
    maxApexDocumentBytes: row.Max_Apex_Document_Bytes__c ?? SHIPPED_ARCHIVE_SETTINGS.maxApexDocumentBytes,
  };
}

/** Files of this package already in the org, by OneSpan document id (the duplicate check). */
export async function findStoredFiles(org: TargetOrgConnection, packageId: string): Promise<Map<string, StoredFile>> {
  const rows = await org.query<{ Id: string; ContentDocumentId: string; OneSpan_Document_Id__c: string | null }>(
    'SELECT Id, ContentDocumentId, OneSpan_Document_Id__c FROM ContentVersion ' +
      `WHERE OneSpan_Package_Id__c = ${soqlString(packageId)} AND IsLatest = true`,
  );
  const stored = new Map<string, StoredFile>();
  for (const row of rows) {
    if (row.OneSpan_Document_Id__c) {
      stored.set(row.OneSpan_Document_Id__c, { contentVersionId: row.Id, contentDocumentId: row.ContentDocumentId });
    }
  }
  return stored;
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

export interface NewFile {
  title: string;
  pathOnClient: string;
  packageId: string;
  documentId: string;
  /** The library, when configured: it then gets the document's first link (documents.md B1). */
  firstPublishLocationId?: string;
}

/** Inserts one ContentVersion by multipart upload; returns its Id and its new ContentDocumentId. */
export async function uploadFile(org: TargetOrgConnection, file: NewFile, bytes: Buffer): Promise<StoredFile> {
  const form = new FormData();
  // Order and names as documented: JSON first, no filename; then the bytes under the blob field's name.
  form.append(
    'entity_content',
    JSON.stringify({
      Title: file.title,
      PathOnClient: file.pathOnClient,
      OneSpan_Package_Id__c: file.packageId,
      OneSpan_Document_Id__c: file.documentId,
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
  const [row] = await org.query<{ ContentDocumentId: string }>(
    `SELECT ContentDocumentId FROM ContentVersion WHERE Id = ${soqlString(created.id)}`,
  );
  return { contentVersionId: created.id, contentDocumentId: row?.ContentDocumentId ?? '' };
}

/** A viewer link visible to all users, as the Apex handler makes (archive-contract.md). */
export async function linkFile(org: TargetOrgConnection, contentDocumentId: string, entityId: string): Promise<void> {
  await org.request({
    method: 'POST',
    url: `/services/data/v${org.apiVersion}/sobjects/ContentDocumentLink`,
    body: JSON.stringify({
      ContentDocumentId: contentDocumentId,
      LinkedEntityId: entityId,
      ShareType: 'V',
      Visibility: 'AllUsers',
    }),
    headers: { 'Content-Type': 'application/json' },
  });
}
