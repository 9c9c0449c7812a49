/**
 * Reads the receiver's event log (OSS_Callback_Event__c) through the REST API, as a user's tooling
 * would: the demo and the smoke test wait here for a callback OneSpan delivered.
 */
import { SoqlQuery } from './namespace';

export interface CallbackEventRow {
  Id: string;
  Name: string;
  Event_Name__c: string | null;
  Package_Id__c: string | null;
  Status__c: string | null;
  CreatedDate: string;
}

/** A SOQL string literal: backslashes and quotes escaped. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function callbackEventsQuery(packageId: string, eventName: string): string {
  return (
    'SELECT Id, Name, Event_Name__c, Package_Id__c, Status__c, CreatedDate FROM OSS_Callback_Event__c ' +
    `WHERE Package_Id__c = ${soqlString(packageId)} AND Event_Name__c = ${soqlString(eventName)} ORDER BY CreatedDate ASC`
  );
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs: number;
  /** Called before each poll after the first, with the time waited so far (a progress indicator). */
  onPoll?: (elapsedMs: number) => void;
}

/** Polls until the event is logged; undefined when it did not arrive within `timeoutMs`. */
export async function waitForCallbackEvent(
  query: SoqlQuery,
  packageId: string,
  eventName: string,
  { timeoutMs, intervalMs, onPoll }: WaitOptions,
): Promise<CallbackEventRow | undefined> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  for (;;) {
    const [row] = await query<CallbackEventRow>(callbackEventsQuery(packageId, eventName));
    if (row || Date.now() >= deadline) {
      return row;
    }
    // Never sleep past the deadline, so the last poll happens at it and the wait stays bounded.
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
    onPoll?.(Date.now() - started);
  }
}
