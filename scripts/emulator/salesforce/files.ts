/**
 * Salesforce Files over REST (documents.md B1, B3):
 *   POST /sobjects/ContentVersion        multipart/form-data as the REST API Developer Guide documents it
 *                                        ("Insert or Update Blob Data"): a non-binary part named
 *                                        `entity_content` (Content-Type application/json, the fields) and a
 *                                        binary part named `VersionData` with a filename (the bytes);
 *                                        or plain JSON with VersionData in base64.
 *   POST /sobjects/ContentDocumentLink   JSON {ContentDocumentId, LinkedEntityId, ShareType, Visibility}
 * Answers 201 {id, success, errors}. A multipart body without its non-binary part gets the documented
 * INVALID_MULTIPART_REQUEST "Multipart message must include a non-binary part"
 * (forcedotcom/SalesforceMobileSDK-ReactNative#237). A non-binary part under another name than
 * `entity_content` is treated as missing: the name is the documented one (jsforce's helper names it after
 * the sObject type; whether Salesforce accepts that is unconfirmed). The order of the parts is not
 * checked (the guide shows the JSON part first; a refusal of the other order is undocumented).
 * Other texts (unknown field, missing required field, bad reference) imitate the platform's error codes;
 * their exact wording is unconfirmed.
 *
 * Limits as the platform enforces them on insert: `Title` is a 255-character string (salesforce.md, last
 * section) and the project's custom text fields have the length their field files declare; a longer value
 * gets STRING_TOO_LONG "<field>: data value too large: <value> (max length=<n>)". A unique field (the field
 * files' `<unique>`, case-sensitive when they say so) is enforced across every row, whoever can see it:
 * DUPLICATE_VALUE "duplicate value found: <field> duplicates value on record with id: <id>". Whether the
 * platform names the Id to a user who cannot see that file is unconfirmed, so `duplicateNamesRecord` off
 * answers `<unknown>` instead. Each file remembers who inserted it (OwnerId): queries without an Id filter
 * only see a user's own files (schema.ts).
 */
import { createHash } from 'node:crypto';
import { json, type IncomingRequest, type OutgoingResponse } from '../http';
import { KeyPrefix, sameId } from './ids';
import { customFields } from './metadata';
import { insertPermissionRecord, PERMISSION_TYPES } from './permissions';
import { formatDateTime, type ContentVersionRecord, type OrgStore } from './store';

const CONTENT_VERSION_STANDARD_FIELDS = [
  'Title',
  'PathOnClient',
  'VersionData',
  'FirstPublishLocationId',
  'ContentDocumentId',
  'ReasonForChange',
  'Description',
];
const MAX_TITLE_LENGTH = 255;
const LINK_FIELDS = new Set(['ContentDocumentId', 'LinkedEntityId', 'ShareType', 'Visibility']);

interface Part {
  name?: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Inserts a record as `userId` (the owner of a new file). */
export function insertRecord(
  store: OrgStore,
  type: string,
  request: IncomingRequest,
  userId: string,
): OutgoingResponse {
  if (store.readOnly) {
    return json(503, [
      {
        errorCode: 'INSERT_UPDATE_DELETE_NOT_ALLOWED_DURING_MAINTENANCE',
        message: 'Updates can’t be made during maintenance. Try again when maintenance is complete.',
      },
    ]);
  }
  const object = type.toLowerCase();
  if (object === 'contentversion') return insertContentVersion(store, request, userId);
  if (object === 'contentdocumentlink') return insertLink(store, request.body);
  if (PERMISSION_TYPES.has(object)) return insertPermissionRecord(store, object, request);
  return json(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
}

function insertContentVersion(store: OrgStore, request: IncomingRequest, userId: string): OutgoingResponse {
  const contentType = request.headers['content-type'] ?? '';
  let fields: Record<string, unknown>;
  let data: Buffer;
  if (/^multipart\/form-data/i.test(contentType)) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    const parts = boundary ? parseMultipart(request.rawBody, boundary) : [];
    const entity = parts.find((part) => part.filename === undefined && part.name === 'entity_content');
    if (!entity) {
      return json(400, [
        { errorCode: 'INVALID_MULTIPART_REQUEST', message: 'Multipart message must include a non-binary part' },
      ]);
    }
    const parsed = parseObject(entity.data.toString('utf8'));
    if (!parsed) return jsonParserError();
    fields = parsed;
    const binary = parts.find((part) => part.filename !== undefined);
    if (!binary || binary.name !== 'VersionData') {
      return json(400, [
        {
          errorCode: 'INVALID_MULTIPART_REQUEST',
          message: `The binary part must be named after the blob field VersionData${binary?.name ? `, not ${binary.name}` : ''}.`,
        },
      ]);
    }
    data = binary.data;
  } else {
    const parsed = parseObject(request.body);
    if (!parsed) return jsonParserError();
    fields = parsed;
    data = typeof parsed.VersionData === 'string' ? Buffer.from(parsed.VersionData, 'base64') : Buffer.alloc(0);
    if (typeof parsed.VersionData !== 'string') return required('VersionData');
  }
  const custom = customFields('ContentVersion');
  const known = new Set([...CONTENT_VERSION_STANDARD_FIELDS, ...custom.map((field) => field.name)]);
  const unknown = Object.keys(fields).find((field) => !known.has(field));
  if (unknown) return noSuchColumn(unknown, 'ContentVersion');
  if (typeof fields.PathOnClient !== 'string' || fields.PathOnClient === '') return required('PathOnClient');
  const title = typeof fields.Title === 'string' ? fields.Title : fields.PathOnClient.replace(/\.[^.]*$/, '');
  if (title.length > MAX_TITLE_LENGTH) return tooLong('Title', title, MAX_TITLE_LENGTH);
  for (const field of custom) {
    const value = fields[field.name];
    if (typeof value !== 'string') continue;
    if (field.length !== undefined && value.length > field.length) return tooLong(field.name, value, field.length);
    const same = (other: unknown): boolean =>
      typeof other === 'string' &&
      (field.caseSensitive ? other === value : other.toLowerCase() === value.toLowerCase());
    const duplicate = field.unique
      ? store.contentVersions.find((v) => same((v as unknown as Record<string, unknown>)[field.name]))
      : undefined;
    if (duplicate) return duplicateValue(field.name, store.duplicateNamesRecord ? duplicate.Id : '<unknown>');
  }
  const location = fields.FirstPublishLocationId;
  if (location !== undefined && location !== null && (typeof location !== 'string' || !store.recordExists(location))) {
    return crossReference('FirstPublishLocationId', String(location));
  }
  const path = fields.PathOnClient;
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? null;
  const version: ContentVersionRecord = {
    Id: store.ids.next(KeyPrefix.contentVersion),
    ContentDocumentId: store.ids.next(KeyPrefix.contentDocument),
    Title: title,
    PathOnClient: path,
    ContentSize: data.length,
    FileExtension: extension,
    FirstPublishLocationId: typeof location === 'string' ? location : null,
    OwnerId: userId,
    ...Object.fromEntries(custom.map((field) => [field.name, stringOrNull(fields[field.name])])),
    IsLatest: true,
    CreatedDate: formatDateTime(Date.now()),
    checksum: createHash('sha256').update(data).digest('hex'),
  };
  store.contentVersions.push(version);
  // The first publish location gets the document's first link, as on the platform (documents.md B1).
  if (typeof location === 'string') {
    store.contentDocumentLinks.push({
      Id: store.ids.next(KeyPrefix.contentDocumentLink),
      ContentDocumentId: version.ContentDocumentId,
      LinkedEntityId: location,
      ShareType: 'I',
      Visibility: 'AllUsers',
    });
  }
  return json(201, { id: version.Id, success: true, errors: [] });
}

function insertLink(store: OrgStore, body: string): OutgoingResponse {
  const fields = parseObject(body);
  if (!fields) return jsonParserError();
  const unknown = Object.keys(fields).find((field) => !LINK_FIELDS.has(field));
  if (unknown) return noSuchColumn(unknown, 'ContentDocumentLink');
  for (const field of ['ContentDocumentId', 'LinkedEntityId', 'ShareType']) {
    if (typeof fields[field] !== 'string' || fields[field] === '') return required(field);
  }
  const documentId = fields.ContentDocumentId as string;
  const entityId = fields.LinkedEntityId as string;
  if (!store.contentVersions.some((v) => sameId(v.ContentDocumentId, documentId))) {
    return crossReference('ContentDocumentId', documentId);
  }
  if (!store.recordExists(entityId)) return crossReference('LinkedEntityId', entityId);
  if (!['V', 'C', 'I'].includes(fields.ShareType as string)) {
    return json(400, [
      {
        errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        message: `Share Type: bad value for restricted picklist field: ${String(fields.ShareType)}`,
        fields: ['ShareType'],
      },
    ]);
  }
  if (
    store.contentDocumentLinks.some(
      (l) => sameId(l.ContentDocumentId, documentId) && sameId(l.LinkedEntityId, entityId),
    )
  ) {
    return json(400, [
      {
        errorCode: 'DUPLICATE_VALUE',
        message: `Document with ID: ${documentId} is already linked with the entity with ID: ${entityId}`,
      },
    ]);
  }
  const link = {
    Id: store.ids.next(KeyPrefix.contentDocumentLink),
    ContentDocumentId: documentId,
    LinkedEntityId: entityId,
    ShareType: fields.ShareType as string,
    Visibility: typeof fields.Visibility === 'string' ? fields.Visibility : 'InternalUsers',
  };
  store.contentDocumentLinks.push(link);
  return json(201, { id: link.Id, success: true, errors: [] });
}

/** RFC 7578 multipart/form-data: parts between "--boundary" lines, headers, a blank line, the bytes. */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next === -1) break;
    // The part runs from after the delimiter's CRLF to before the next delimiter's leading CRLF.
    const part = body.subarray(afterDelimiter + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
      parts.push({
        name: /\bname="([^"]*)"/i.exec(disposition)?.[1],
        filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
        contentType: /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim(),
        data: part.subarray(headerEnd + 4),
      });
    }
    start = next;
  }
  return parts;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function jsonParserError(): OutgoingResponse {
  return json(400, [{ errorCode: 'JSON_PARSER_ERROR', message: 'The request body is not a JSON object.' }]);
}

function required(field: string): OutgoingResponse {
  return json(400, [
    { errorCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${field}]`, fields: [field] },
  ]);
}

function noSuchColumn(field: string, object: string): OutgoingResponse {
  return json(400, [
    { errorCode: 'INVALID_FIELD', message: `No such column '${field}' on sobject of type ${object}`, fields: [field] },
  ]);
}

function tooLong(field: string, value: string, max: number): OutgoingResponse {
  return json(400, [
    {
      errorCode: 'STRING_TOO_LONG',
      message: `${field}: data value too large: ${value} (max length=${max})`,
      fields: [field],
    },
  ]);
}

function duplicateValue(field: string, existingId: string): OutgoingResponse {
  return json(400, [
    {
      errorCode: 'DUPLICATE_VALUE',
      message: `duplicate value found: ${field} duplicates value on record with id: ${existingId}`,
      fields: [],
    },
  ]);
}

function crossReference(field: string, id: string): OutgoingResponse {
  return json(400, [
    { errorCode: 'INVALID_CROSS_REFERENCE_KEY', message: `invalid cross reference id: ${id}`, fields: [field] },
  ]);
}
