/**
 * Apex REST at /services/apexrest: the platform's routing and access checks around the project's
 * receiver `OssCallbackResource` (@RestResource(urlMapping='/OSS/callback')), and the receiver's own
 * behaviour as the contract in force-app/main/default/staticresources/OssCallbackContract.json
 * describes it (limits are read from that file; the rules are code).
 *
 * Platform behaviour (reference salesforce.md §5.3):
 * - the mapping is case-sensitive and relative to /services/apexrest; a namespaced class answers on
 *   /<ns>/OSS/callback. Whether it ALSO answers without the namespace is unconfirmed
 *   (salesforce.md "could not confirm" #8): this emulator answers 404 there.
 * - no match: 404 [{"errorCode":"NOT_FOUND","message":"Could not find a match for URL <path>"}].
 * - no class access: 403 [{"errorCode":"FORBIDDEN","message":"You do not have access to the Apex class
 *   named: OssCallbackResource"}] — the shape reported in forcedotcom/SalesforceMobileSDK-Android#2690
 *   and restforce#599 (third-party); whether a namespaced class is named with its prefix is unconfirmed.
 * - a method without handler: 405 METHOD_NOT_ALLOWED (text from memory of real answers: unconfirmed).
 *
 * Receiver rules (contract; order and the 413 status as in the project's OssCallbackService): org
 * read-only -> 503 ORG_READ_ONLY before anything else; empty/blank body -> 400 EMPTY_BODY;
 * > maxBodyLength characters -> 413 PAYLOAD_TOO_LARGE; bad JSON -> MALFORMED_JSON; not a JSON object
 * -> NOT_AN_OBJECT; a name that is missing, not a string or blank -> MISSING_NAME. Everything else is
 * stored (the contract's "truncation" rule): packageId, documentId, sessionUser, message and
 * createdDate that are not strings become their JSON text; a value longer than its field
 * (maxFieldLength, maxMessageLength for message) is stored cut and named in Truncated_Fields__c.
 * A storage fault -> 500 INTERNAL_ERROR with the raw body kept as a Failed record; the same event
 * again (dedupe key = SHA-256 hex of name|packageId|createdDate|documentId|sessionUser, whole
 * values, null -> empty) -> 200 duplicate with the first record's Id; otherwise stored (Status__c
 * "Received") -> 200 stored. Unknown fields such as "@class" are ignored; unknown event names are
 * stored. JSON text of a non-string is JSON.stringify's; Apex's JSON.serialize may write an exotic
 * number (1.50, 1e3) or the key order of an object differently, which only such a payload would show.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { json, type IncomingRequest, type OutgoingResponse } from '../http';
import { KeyPrefix } from './ids';
import { CALLBACK_CLASS_NAME, formatDateTime, type CallbackEventRecord, type OrgStore } from './store';

const URL_MAPPING = '/OSS/callback';
const CONTRACT_PATH = resolve(__dirname, '../../../force-app/main/default/staticresources/OssCallbackContract.json');

interface ContractLimits {
  maxBodyLength: number;
  maxFieldLength: number;
  maxMessageLength: number;
}

function readLimits(): ContractLimits {
  const contract = JSON.parse(readFileSync(CONTRACT_PATH, 'utf8')) as { limits: ContractLimits };
  return contract.limits;
}

const LIMITS = readLimits();

/** Fields of OneSpan's event payload that map to log fields (onespan.md §3.1), in payload order. */
const TEXT_FIELDS = ['name', 'packageId', 'documentId', 'sessionUser', 'message', 'createdDate'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type EventFields = Record<TextField, string | null>;

export function apexRest(request: IncomingRequest, store: OrgStore, restPath: string): OutgoingResponse {
  const token = store.tokenFromHeader(request.headers.authorization);
  const user = token ? store.userById(token.userId) : undefined;
  if (!user || !user.IsActive) return sessionInvalid();
  if (!store.profileOf(user).PermissionsApiEnabled) return apiDisabled();

  const expected = store.namespacePrefix ? `/${store.namespacePrefix}${URL_MAPPING}` : URL_MAPPING;
  if (!store.classDeployed || restPath !== expected) {
    return json(404, [{ errorCode: 'NOT_FOUND', message: `Could not find a match for URL ${restPath}` }]);
  }
  if (!store.hasClassAccess(user.Id)) {
    return json(403, [
      { errorCode: 'FORBIDDEN', message: `You do not have access to the Apex class named: ${CALLBACK_CLASS_NAME}` },
    ]);
  }
  if (request.method === 'GET') return json(200, { status: 'ok', service: 'OSS/callback' });
  if (request.method === 'POST') return receive(request.body, store);
  return json(405, [
    { errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${request.method}' not allowed. Allowed are GET,POST` },
  ]);
}

export function sessionInvalid(): OutgoingResponse {
  return json(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], {
    'WWW-Authenticate': 'Token',
  });
}

/** Unconfirmed text; API_CURRENTLY_DISABLED is the platform's code for a user without "API Enabled". */
export function apiDisabled(): OutgoingResponse {
  return json(403, [{ message: 'API is disabled for this User', errorCode: 'API_CURRENTLY_DISABLED' }]);
}

function receive(body: string, store: OrgStore): OutgoingResponse {
  if (store.readOnly) {
    // Checked before the body, as the receiver does: nothing can be stored, whatever was sent.
    return json(503, {
      error: 'ORG_READ_ONLY',
      message:
        'Salesforce is in read-only maintenance and cannot store the event. Re-send it from the callback failure e-mail after the maintenance.',
    });
  }
  const parsed = parseEvent(body);
  if ('error' in parsed) return json(parsed.status, { error: parsed.error, message: parsed.message });
  const fields = parsed.fields;
  const name = fields.name as string;
  if (store.internalFault) return keepAfterFault(body, name, store);

  const dedupeKey = computeDedupeKey(fields);
  const first = store.events.find((e) => e.Dedupe_Key__c === dedupeKey);
  if (first) return json(200, { status: 'duplicate', duplicate: true, eventName: name, recordId: first.Id });

  const truncated: string[] = [];
  const fit = (field: TextField, limit: number): string | null => {
    const value = fields[field];
    if (value === null || value.length <= limit) return value;
    truncated.push(field);
    return value.slice(0, limit);
  };
  const record = newRecord(store, {
    Event_Name__c: fit('name', LIMITS.maxFieldLength) as string,
    Package_Id__c: fit('packageId', LIMITS.maxFieldLength),
    Document_Id__c: fit('documentId', LIMITS.maxFieldLength),
    Session_User__c: fit('sessionUser', LIMITS.maxFieldLength),
    Message__c: fit('message', LIMITS.maxMessageLength),
    Event_Created_Date__c: parseCreatedDate(fields.createdDate),
    Raw_Payload__c: body,
    Dedupe_Key__c: dedupeKey,
    Status__c: 'Received',
  });
  record.Truncated_Fields__c = truncated.length > 0 ? truncated.join(',') : null;
  return json(200, { status: 'stored', duplicate: false, eventName: name, recordId: record.Id });
}

/**
 * Models a failing insert: like the receiver's fallback, the raw body is still kept (Status Failed,
 * no dedupe key, so a later re-send is stored normally) and the caller gets JSON, not a stack trace.
 */
function keepAfterFault(body: string, name: string, store: OrgStore): OutgoingResponse {
  const reason = 'System.DmlException: emulated storage fault';
  const kept = newRecord(store, {
    Event_Name__c: name.slice(0, LIMITS.maxFieldLength),
    Raw_Payload__c: body,
    Status__c: 'Failed',
    Last_Error__c: `Kept by the fallback after an unexpected fault: ${reason}`,
  });
  return json(500, {
    error: 'INTERNAL_ERROR',
    message: `Storing the event failed unexpectedly (${reason}); its raw payload was kept in OSS_Callback_Event__c ${kept.Id} with Status Failed. Replay it once the cause is fixed.`,
  });
}

function newRecord(
  store: OrgStore,
  fields: Partial<CallbackEventRecord> & Pick<CallbackEventRecord, 'Event_Name__c' | 'Raw_Payload__c' | 'Status__c'>,
): CallbackEventRecord {
  const record: CallbackEventRecord = {
    Id: store.ids.next(KeyPrefix.callbackEvent),
    Name: store.nextEventName(),
    Package_Id__c: null,
    Document_Id__c: null,
    Session_User__c: null,
    Message__c: null,
    Event_Created_Date__c: null,
    Dedupe_Key__c: null,
    Truncated_Fields__c: null,
    Attempts__c: 0,
    Last_Error__c: null,
    CreatedDate: formatDateTime(Date.now()),
    ...fields,
  };
  store.events.push(record);
  return record;
}

type ParseResult = { fields: EventFields } | { status: number; error: string; message: string };

/** Checks in the receiver's order: body, JSON, object, name; then reads every other field as text. */
export function parseEvent(body: string): ParseResult {
  if (body.trim() === '')
    return reject('EMPTY_BODY', 'The request body is empty. Send one OneSpan Sign event as a JSON object.');
  if (body.length > LIMITS.maxBodyLength) {
    return {
      status: 413,
      error: 'PAYLOAD_TOO_LARGE',
      message: `The body has ${body.length} characters; at most ${LIMITS.maxBodyLength} fit in the event log.`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return reject('MALFORMED_JSON', 'The body is not valid JSON. Send one event as a JSON object.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject(
      'NOT_AN_OBJECT',
      'The body is JSON but not an object. Send one OneSpan Sign event as a JSON object with a name.',
    );
  }
  const source = value as Record<string, unknown>;
  if (typeof source.name !== 'string' || source.name.trim() === '') {
    return reject(
      'MISSING_NAME',
      'The event has no name (a JSON string). OneSpan Sign always sends one, for example PACKAGE_COMPLETE.',
    );
  }
  const fields = {} as EventFields;
  for (const field of TEXT_FIELDS) fields[field] = textOf(source[field]);
  return { fields };
}

/** A string as is, any other JSON value as its JSON text: an unexpected type is stored, never refused. */
function textOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function computeDedupeKey(fields: EventFields): string {
  const parts = [fields.name, fields.packageId, fields.createdDate, fields.documentId, fields.sessionUser].map(
    (v) => v ?? '',
  );
  return createHash('sha256').update(parts.join('|'), 'utf8').digest('hex');
}

/** OneSpan sends ISO-8601 UTC with millis; anything else is kept only in the raw payload. */
function parseCreatedDate(value: string | null): string | null {
  if (value === null) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return null;
  const epoch = Date.parse(value);
  return Number.isNaN(epoch) ? null : formatDateTime(epoch);
}

function reject(error: string, message: string): ParseResult {
  return { status: 400, error, message };
}
