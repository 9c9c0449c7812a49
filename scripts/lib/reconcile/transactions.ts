/**
 * What a finished transaction means for the event log: which event OneSpan fires for each final
 * status, when it happened, and the payload OneSpan would have POSTed (onespan.md §2, §3.1). Pure.
 */
import { inWindow, ReconcileWindow } from './window';

export interface StatusEvent {
  status: 'COMPLETED' | 'DECLINED' | 'EXPIRED' | 'OPTED_OUT';
  event: 'PACKAGE_COMPLETE' | 'PACKAGE_DECLINE' | 'PACKAGE_EXPIRE' | 'PACKAGE_OPT_OUT';
  /** The package field holding when the status was reached; `updated` when it is missing. */
  timeField: 'completed' | 'updated';
}

/** Final statuses and their events, COMPLETED first: it is the one every registration should have. */
export const STATUS_EVENTS: readonly StatusEvent[] = [
  { status: 'COMPLETED', event: 'PACKAGE_COMPLETE', timeField: 'completed' },
  { status: 'DECLINED', event: 'PACKAGE_DECLINE', timeField: 'updated' },
  { status: 'EXPIRED', event: 'PACKAGE_EXPIRE', timeField: 'updated' },
  { status: 'OPTED_OUT', event: 'PACKAGE_OPT_OUT', timeField: 'updated' },
];

/** The statuses whose event the registration subscribes to, and the others (not reconciled). */
export function statusesFor(registered: readonly string[]): { checked: StatusEvent[]; skipped: StatusEvent[] } {
  return {
    checked: STATUS_EVENTS.filter((entry) => registered.includes(entry.event)),
    skipped: STATUS_EVENTS.filter((entry) => !registered.includes(entry.event)),
  };
}

export interface FinishedTransaction {
  packageId: string;
  status: StatusEvent['status'];
  event: StatusEvent['event'];
  /** The completion (or last update) time, ISO-8601 UTC with milliseconds: the payload's createdDate. */
  createdDate: string;
  /** The sender's id, the closest to OneSpan's sessionUser the listing holds. */
  sessionUser: string | null;
}

function timeOf(pkg: Record<string, unknown>, field: string): Date | undefined {
  const value = pkg[field];
  if (typeof value !== 'string') {
    return undefined;
  }
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

/**
 * The transaction as reconcile sees it, or `undefined` with the reason when a listed package has no
 * id or no time (it cannot be placed in the window, nor given a createdDate).
 */
export function toFinished(
  pkg: Record<string, unknown>,
  entry: StatusEvent,
): { transaction: FinishedTransaction } | { problem: 'noId' | 'noTime' } {
  if (typeof pkg.id !== 'string' || pkg.id === '') {
    return { problem: 'noId' };
  }
  const time = timeOf(pkg, entry.timeField) ?? timeOf(pkg, 'updated');
  if (!time) {
    return { problem: 'noTime' };
  }
  const sender = pkg.sender as { id?: unknown } | undefined;
  return {
    transaction: {
      packageId: pkg.id,
      status: entry.status,
      event: entry.event,
      createdDate: time.toISOString(),
      sessionUser: typeof sender?.id === 'string' ? sender.id : null,
    },
  };
}

export function finishedInWindow(transaction: FinishedTransaction, window: ReconcileWindow): boolean {
  return inWindow(window, new Date(transaction.createdDate));
}

/**
 * The body OneSpan POSTs for this event, field for field as in a real capture (onespan.md §3.1). The
 * same transaction always gives the same body, so the receiver's dedupe key (name, packageId,
 * createdDate, documentId, sessionUser) makes a second delivery a duplicate, never a second record.
 * `message` (a decline's reason) is not in the package listing, so it is null.
 */
export function eventPayload(transaction: FinishedTransaction): string {
  return JSON.stringify({
    '@class': 'com.silanis.esl.packages.event.ESLProcessEvent',
    name: transaction.event,
    sessionUser: transaction.sessionUser,
    packageId: transaction.packageId,
    message: null,
    documentId: null,
    createdDate: transaction.createdDate,
  });
}
