/**
 * reconcile: OneSpan sends each event once and only e-mails the sender when that delivery fails, so
 * this restores completeness from OneSpan's own records. For each final status whose event the
 * registration subscribes to: page through the transactions that reached it in the window, ask the
 * org in bulk which of their events it holds, and deliver the others as OneSpan would (replay's
 * delivery, after register's Salesforce checks). Nothing is delivered twice: the query skips what is
 * stored, and the payload of a transaction is always the same, so the receiver's dedupe key turns a
 * repeat into `duplicate`.
 *
 * Pages are handled as they arrive (list, query, deliver), so a failure of OneSpan or Salesforce
 * half-way keeps what was done, reports where it stopped, and the next run carries on from the org's
 * state. A refused or failed delivery is reported and the others go on.
 */
import { OssError } from '../errors';
import { createError, formatMessage } from '../messages';
import { reconcileMessages, reconcileNotes } from '../messages/reconcile';
import { SALESFORCE_CONNECTOR } from '../onespan/client';
import { WITHDRAWN_EVENTS } from '../onespan/events';
import { Reporter } from '../output';
import { CallbackTarget, checkSalesforceSide, runStep, Services } from '../registration';
import { deliverPayload } from '../replay/deliver';
import { SoqlQuery, tokenQuery } from '../salesforce/namespace';
import { Settings } from '../settings';
import { eventKey, findStoredEvents } from './eventLog';
import { ListingEnd, listPackages } from './listing';
import {
  eventPayload,
  FinishedTransaction,
  finishedInWindow,
  STATUS_EVENTS,
  StatusEvent,
  statusesFor,
  toFinished,
} from './transactions';
import { ReconcileWindow } from './window';

export interface ReconcileOptions {
  window: ReconcileWindow;
  dryRun: boolean;
}

export interface DeliveredEvent extends FinishedTransaction {
  /** As replay counts it: `delivered` is an HTTP 200 from a receiver that is not this project's. */
  result: 'stored' | 'duplicate' | 'delivered';
  recordId?: string;
  message?: string;
}

export interface FailedEvent extends FinishedTransaction {
  result: 'rejected' | 'failed';
  errorCode?: string;
  message?: string;
  fix?: string;
}

export interface StatusListing {
  status: string;
  event: string;
  /** OneSpan's count for the status since the window's start (before the exact window filter). */
  count: number;
  listed: number;
  inWindow: number;
  /** Packages the listing returned for this status whose own status is another (left out). */
  otherStatus: number;
  /** Transactions finished after the window's end, within the --settle margin (left to their own callback). */
  settling: number;
}

export interface ReconcileResult {
  since: string;
  until: string;
  /** The --settle margin in minutes when the window ends that long before now (no --until). */
  settleMinutes?: number;
  dryRun: boolean;
  callbackUrl: string;
  /** The events reconciled (registered and fired by a final status) and the statuses left out. */
  events: string[];
  skippedStatuses: string[];
  listings: StatusListing[];
  /** Transactions in the window whose event was looked for in the org. */
  checked: number;
  alreadyStored: number;
  missing: FinishedTransaction[];
  delivered: DeliveredEvent[];
  failed: FailedEvent[];
  /** Set when OneSpan or Salesforce failed part-way: what was done before is kept and reported. */
  stoppedEarly?: { stage: 'listing' | 'query'; code: string; message: string; actions: string[] };
  /** The listing did not add up (count vs listed, or no paging): run again. */
  incompleteListing: boolean;
}

async function eventLogQuery(settings: Settings, services: Services, target: CallbackTarget): Promise<SoqlQuery> {
  if (settings.targetOrg) {
    const org = await services.connectTargetOrg(settings.targetOrg);
    return org.query.bind(org);
  }
  return tokenQuery(services.salesforce, target.token.instanceUrl, target.session, 'the event log query');
}

export async function reconcile(
  settings: Settings,
  services: Services,
  reporter: Reporter,
  { window, dryRun }: ReconcileOptions,
): Promise<ReconcileResult> {
  const target = await checkSalesforceSide(settings, services, reporter);
  const connector = await runStep(
    reporter,
    'Registered events',
    async () => {
      const found = await services.onespan.getConnector();
      if (!found || found.events.length === 0) {
        throw createError(reconcileMessages.notRegistered, [services.onespan.connectorUrl(SALESFORCE_CONNECTOR)]);
      }
      return found;
    },
    (found) => found.events.join(', '),
  );
  if (connector.url !== target.callbackUrl) {
    reporter.warn(formatMessage(reconcileNotes.otherUrl, [connector.url || '(empty)', target.callbackUrl]));
  }
  const { checked: statuses, skipped: unregistered } = statusesFor(connector.events);
  // A withdrawn event (PACKAGE_OPT_OUT) cannot be registered any more (register refuses it), so its
  // absence is no advice to give; a registration that still holds it is reconciled all the same.
  const skipped = unregistered.filter((entry) => !WITHDRAWN_EVENTS[entry.event]);
  if (skipped.length > 0) {
    const events = skipped.map((entry) => entry.event);
    reporter.warn(
      formatMessage(reconcileNotes.statusSkipped, [
        skipped.map((entry) => entry.status).join(', '),
        `${events.join(', ')} ${events.length === 1 ? 'is' : 'are'}`,
        connector.events.join(', '),
      ]),
    );
  }
  if (statuses.length === 0) {
    throw createError(reconcileMessages.nothingSubscribed, [STATUS_EVENTS.map((entry) => entry.event).join(', ')]);
  }
  const query = await eventLogQuery(settings, services, target);
  const result: ReconcileResult = {
    since: window.since.toISOString(),
    until: window.until.toISOString(),
    ...(window.settleMs ? { settleMinutes: window.settleMs / 60_000 } : {}),
    dryRun,
    callbackUrl: target.callbackUrl,
    events: statuses.map((entry) => entry.event),
    skippedStatuses: skipped.map((entry) => entry.status),
    listings: [],
    checked: 0,
    alreadyStored: 0,
    missing: [],
    delivered: [],
    failed: [],
    incompleteListing: false,
  };

  const context: RunContext = { query, services, target, dryRun, reporter, result, seen: new Set() };
  for (const entry of statuses) {
    if (!(await reconcileStatus(entry, window, context))) {
      break;
    }
  }
  return result;
}

/** One status, page by page; false when OneSpan or the org failed and the run must stop. */
/** The progress line of one listing page: its range, or that it was empty. */
export function pageProgress(status: string, from: number, size: number, count: number): string {
  return size === 0
    ? formatMessage(reconcileNotes.emptyPage, [status, count])
    : formatMessage(reconcileNotes.pageListed, [status, from, from + size - 1, count]);
}

async function reconcileStatus(entry: StatusEvent, window: ReconcileWindow, context: RunContext): Promise<boolean> {
  const { services, reporter, result } = context;
  const listing: StatusListing = {
    status: entry.status,
    event: entry.event,
    count: 0,
    listed: 0,
    inWindow: 0,
    otherStatus: 0,
    settling: 0,
  };
  const others = new Map<string, number>();
  result.listings.push(listing);
  const step = reporter.step(`${entry.status} transactions → ${entry.event}`);
  const pages = listPackages(services.onespan, entry.status, window.since);
  let stage: 'listing' | 'query' = 'listing';
  try {
    let next = await pages.next();
    while (!next.done) {
      const page = next.value;
      listing.count = page.count;
      listing.listed += page.packages.length;
      reporter.progress(pageProgress(entry.status, page.from, page.packages.length, page.count));
      const transactions = inWindowOnly(page.packages, entry, window, reporter, listing, others);
      listing.inWindow += transactions.length;
      stage = 'query';
      await handlePage(transactions, context);
      stage = 'listing';
      next = await pages.next();
    }
    noteListingEnd(next.value, entry.status, listing, reporter, result);
    noteLeftOut(entry.status, listing, others, window, reporter);
    step.pass(`${listing.inWindow} in the window, ${listing.count} updated since ${result.since}`);
    return true;
  } catch (error) {
    const failure = OssError.wrap(error);
    step.fail(failure.code);
    result.stoppedEarly = { stage, code: failure.code, message: failure.message, actions: failure.actions };
    return false;
  }
}

/**
 * The page's transactions to check: those whose own status is the one listed (a listing filter is no
 * proof: a server answering `query=COMPLETED` with SENT packages would otherwise have their unsigned
 * documents archived), finished inside the window.
 */
function inWindowOnly(
  packages: readonly Record<string, unknown>[],
  entry: StatusEvent,
  window: ReconcileWindow,
  reporter: Reporter,
  listing: StatusListing,
  others: Map<string, number>,
): FinishedTransaction[] {
  const transactions: FinishedTransaction[] = [];
  for (const pkg of packages) {
    if (pkg.status !== entry.status) {
      const status = typeof pkg.status === 'string' ? pkg.status : '(none)';
      others.set(status, (others.get(status) ?? 0) + 1);
      listing.otherStatus += 1;
      continue;
    }
    const finished = toFinished(pkg, entry);
    if ('problem' in finished) {
      reporter.warn(formatMessage(reconcileNotes.noTime, [String(pkg.id ?? '(no id)'), entry.status, entry.timeField]));
    } else if (finishedInWindow(finished.transaction, window)) {
      transactions.push(finished.transaction);
    } else if (window.settleMs && new Date(finished.transaction.createdDate).getTime() > window.until.getTime()) {
      listing.settling += 1;
    }
  }
  return transactions;
}

/** Says what the listing returned that was left out: other statuses, and transactions still settling. */
function noteLeftOut(
  status: string,
  listing: StatusListing,
  others: Map<string, number>,
  window: ReconcileWindow,
  reporter: Reporter,
): void {
  if (listing.otherStatus > 0) {
    const detail = [...others]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([other, count]) => `${other} ${count}`)
      .join(', ');
    reporter.warn(formatMessage(reconcileNotes.otherStatus, [status, listing.otherStatus, detail, status]));
  }
  if (listing.settling > 0 && window.settleMs) {
    reporter.warn(formatMessage(reconcileNotes.settling, [listing.settling, status, formatDuration(window.settleMs)]));
  }
}

function formatDuration(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${Math.round(ms / 60_000)}m`;
}

function noteListingEnd(
  end: ListingEnd,
  status: string,
  listing: StatusListing,
  reporter: Reporter,
  result: ReconcileResult,
): void {
  if (end.shifted) {
    result.incompleteListing = true;
    reporter.warn(formatMessage(reconcileNotes.shifted, [status]));
  }
  if (end.notPaging) {
    result.incompleteListing = true;
    reporter.warn(formatMessage(reconcileNotes.notPaging, [end.notPaging.from, end.notPaging.to, status]));
  } else if (end.listed < end.count) {
    result.incompleteListing = true;
    reporter.warn(formatMessage(reconcileNotes.countMismatch, [end.count, status, end.listed]));
  }
  listing.count = end.count;
}

interface RunContext {
  query: SoqlQuery;
  services: Services;
  target: CallbackTarget;
  dryRun: boolean;
  reporter: Reporter;
  result: ReconcileResult;
  /** Event keys already looked at in this run. */
  seen: Set<string>;
}

/** One page: which events the org lacks (one bulk query), then each delivered unless --dry-run. */
async function handlePage(
  transactions: readonly FinishedTransaction[],
  { query, services, target, dryRun, reporter, result, seen }: RunContext,
): Promise<void> {
  // A package can come back on a later page when the listing shifts while it is paged.
  const fresh = transactions.filter((transaction) => !seen.has(eventKey(transaction)));
  fresh.forEach((transaction) => seen.add(eventKey(transaction)));
  if (fresh.length === 0) {
    return;
  }
  const stored = await findStoredEvents(query, fresh);
  result.checked += fresh.length;
  result.alreadyStored += stored.size;
  const missing = fresh.filter((transaction) => !stored.has(eventKey(transaction)));
  result.missing.push(...missing);
  if (dryRun) {
    return;
  }
  for (const transaction of missing) {
    reporter.progress(
      `Delivering ${transaction.event} of ${transaction.packageId} (${result.delivered.length + result.failed.length + 1} of ${result.missing.length} missing so far)`,
    );
    const outcome = await deliverPayload(services, target.callbackUrl, target.session, {
      label: `${transaction.event} ${transaction.packageId}`,
      source: 'OneSpan package listing',
      index: 0,
      name: transaction.event,
      packageId: transaction.packageId,
      body: eventPayload(transaction),
    });
    if (outcome.status === 'stored' || outcome.status === 'duplicate' || outcome.status === 'delivered') {
      result.delivered.push({
        ...transaction,
        result: outcome.status,
        recordId: outcome.recordId,
        ...(outcome.message ? { message: outcome.message } : {}),
      });
    } else {
      result.failed.push({
        ...transaction,
        result: outcome.status === 'rejected' ? 'rejected' : 'failed',
        errorCode: outcome.errorCode,
        message: outcome.message,
        fix: outcome.fix,
      });
    }
  }
}

/** Non-zero when anything could not be delivered or the run could not look at everything. */
export function reconcileExitCode(result: ReconcileResult): number {
  return result.failed.length > 0 || result.stoppedEarly || result.incompleteListing ? 1 : 0;
}
