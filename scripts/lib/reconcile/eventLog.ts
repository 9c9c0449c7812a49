/**
 * Which transactions' events the org already holds, asked in bulk: one SOQL query per chunk of
 * package ids (`IN`), never one per transaction. A chunk of 100 ids keeps the statement well inside
 * SOQL's limits (a 28-character id is ~32 characters in the IN list, so ~3,200 for the list, below
 * the long-standing 4,000-character WHERE guidance) and the GET URL far below the REST API's 16 KB,
 * and matches OneSpan's page size, so a page costs one query.
 *
 * A record counts only with a dedupe key: the receiver's fallback after a storage fault keeps the
 * raw payload without one, expecting the event to be sent again (OssCallbackEventStore), so reconcile
 * sends it again. SOQL compares text case-insensitively while OneSpan's ids are case-sensitive, so
 * the rows are matched to transactions exactly here.
 */
import { soqlString } from '../salesforce/callbackEvents';
import { SoqlQuery } from '../salesforce/namespace';

export const QUERY_CHUNK = 100;

export interface EventKey {
  packageId: string;
  event: string;
}

interface StoredRow {
  Package_Id__c: string | null;
  Event_Name__c: string | null;
}

export function storedEventsQuery(packageIds: readonly string[], events: readonly string[]): string {
  const list = (values: readonly string[]) => values.map(soqlString).join(', ');
  return (
    'SELECT Package_Id__c, Event_Name__c FROM OSS_Callback_Event__c ' +
    `WHERE Package_Id__c IN (${list(packageIds)}) AND Event_Name__c IN (${list(events)}) AND Dedupe_Key__c != null`
  );
}

export function eventKey({ packageId, event }: EventKey): string {
  return `${event}\u0000${packageId}`;
}

/** The keys (see eventKey) of the wanted events that are stored; one query per QUERY_CHUNK packages. */
export async function findStoredEvents(query: SoqlQuery, wanted: readonly EventKey[]): Promise<Set<string>> {
  const stored = new Set<string>();
  const wantedKeys = new Set(wanted.map(eventKey));
  const packageIds = [...new Set(wanted.map((entry) => entry.packageId))];
  const events = [...new Set(wanted.map((entry) => entry.event))];
  for (let start = 0; start < packageIds.length; start += QUERY_CHUNK) {
    const rows = await query<StoredRow>(storedEventsQuery(packageIds.slice(start, start + QUERY_CHUNK), events));
    for (const row of rows) {
      const key = eventKey({ packageId: row.Package_Id__c ?? '', event: row.Event_Name__c ?? '' });
      if (wantedKeys.has(key)) {
        stored.add(key);
      }
    }
  }
  return stored;
}
