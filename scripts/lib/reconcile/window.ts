/**
 * The reconcile window from --since, --until and --settle: a duration back from now (`2d`) or an ISO
 * date. A date with a time must carry its zone, because a scheduled job and a person in another zone
 * must mean the same window; a bare date is midnight UTC. Without --until the window ends --settle
 * (default 10m) before now: a transaction finished seconds ago has its own callback still on the way,
 * and delivering it as well would store a second event (another sessionUser and createdDate). Pure:
 * `now` is passed in.
 */
import { createError } from '../messages';
import { reconcileMessages } from '../messages/reconcile';

export interface ReconcileWindow {
  since: Date;
  until: Date;
  /** Set when the end is now minus this margin (no --until): transactions after it are left to settle. */
  settleMs?: number;
}

/** The default of --settle: OneSpan delivers an event within seconds; ten minutes leaves room for its retries of a slow org. */
export const DEFAULT_SETTLE = '10m';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d+)([mhdw])$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Whether year-month-day exist (Date.UTC would roll 2026-02-30 over to March). */
function realDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** One bound; `flag` names it in the error. */
export function parseInstant(raw: string, flag: '--since' | '--until', now: Date): Date {
  const value = raw.trim();
  const fail = (why = '') => createError(reconcileMessages.badInstant, [flag, raw, why]);
  const duration = DURATION.exec(value);
  if (duration) {
    const amount = Number(duration[1]);
    if (amount === 0 || !Number.isSafeInteger(amount)) {
      throw fail(' (a duration must be a whole number greater than 0)');
    }
    const instant = new Date(now.getTime() - amount * UNIT_MS[duration[2]]);
    if (Number.isNaN(instant.getTime())) {
      throw fail(' (that reaches before any date)');
    }
    return instant;
  }
  const dateOnly = DATE_ONLY.exec(value);
  const dateTime = DATE_TIME.exec(value);
  const parts = dateOnly ?? dateTime;
  if (!parts) {
    const withoutZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value);
    throw fail(withoutZone ? ' (its time has no zone)' : '');
  }
  if (!realDay(Number(parts[1]), Number(parts[2]), Number(parts[3]))) {
    throw fail(' (no such day)');
  }
  // Date parses "+01:00" but not "+0100", which ISO 8601 allows too.
  const normalised = dateOnly ? `${value}T00:00:00Z` : value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const instant = new Date(normalised);
  const clock = dateTime ? [Number(parts[4]), Number(parts[5]), Number(parts[6] ?? 0)] : [0, 0, 0];
  if (Number.isNaN(instant.getTime()) || clock[0] > 23 || clock[1] > 59 || clock[2] > 59) {
    throw fail(' (no such time)');
  }
  return instant;
}

/** --settle: a duration, or 0 to reconcile up to now. */
export function parseSettle(raw: string): number {
  const value = raw.trim();
  if (value === '0') return 0;
  const duration = DURATION.exec(value);
  const amount = duration ? Number(duration[1]) : Number.NaN;
  if (!duration || !Number.isSafeInteger(amount)) {
    throw createError(reconcileMessages.badSettle, [raw]);
  }
  return amount * UNIT_MS[duration[2]];
}

/**
 * --since (required), and --until or, without it, now minus --settle; the window must be non-empty and
 * start in the past.
 */
export function parseWindow(
  since: string | undefined,
  until: string | undefined,
  now: Date,
  settle: string = DEFAULT_SETTLE,
): ReconcileWindow {
  if (since === undefined || since.trim() === '') {
    throw createError(reconcileMessages.sinceMissing);
  }
  const start = parseInstant(since, '--since', now);
  const settleMs = until === undefined ? parseSettle(settle) : undefined;
  const end = until === undefined ? new Date(now.getTime() - (settleMs ?? 0)) : parseInstant(until, '--until', now);
  if (start.getTime() > now.getTime()) {
    throw createError(reconcileMessages.futureSince, [start.toISOString()]);
  }
  if (start.getTime() >= end.getTime()) {
    if (settleMs) {
      throw createError(reconcileMessages.emptySettledWindow, [start.toISOString(), end.toISOString(), settle]);
    }
    throw createError(reconcileMessages.emptyWindow, [start.toISOString(), end.toISOString()]);
  }
  return { since: start, until: end, ...(settleMs ? { settleMs } : {}) };
}

/** Whether an instant is in the window; both ends are included. */
export function inWindow(window: ReconcileWindow, instant: Date): boolean {
  const time = instant.getTime();
  return time >= window.since.getTime() && time <= window.until.getTime();
}
