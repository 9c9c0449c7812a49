import { defineMessages } from './index';

const WINDOW_EXAMPLES =
  'Use a duration such as 2d, 12h, 90m or 1w, or an ISO date such as 2026-11-30 or 2026-11-30T08:00:00Z.';

export const reconcileMessages = defineMessages({
  sinceMissing: {
    code: 'FlagError',
    message: 'No window given: pass --since <duration or ISO date>, e.g. --since 2d.',
    actions: [WINDOW_EXAMPLES],
    exitCode: 2,
  },
  badInstant: {
    code: 'ReconcileWindowError',
    message: '%s "%s" is neither a duration nor an ISO date%s.',
    actions: [
      WINDOW_EXAMPLES,
      'A date with a time needs its time zone (Z or +01:00), so the window means the same everywhere.',
    ],
    exitCode: 2,
  },
  emptyWindow: {
    code: 'ReconcileWindowError',
    message: 'The window is empty: --since %s is not before --until %s.',
    actions: ['Give a --since earlier than --until, e.g. --since 2d --until 1d (--until defaults to now).'],
    exitCode: 2,
  },
  emptySettledWindow: {
    code: 'ReconcileWindowError',
    message:
      'The window is empty: --since %s is not before %s, where it ends to leave transactions finished in the last %s (--settle) to their own callback.',
    actions: [
      'Give an earlier --since, a shorter --settle (e.g. --settle 0 to include everything up to now), or an explicit --until.',
    ],
    exitCode: 2,
  },
  badSettle: {
    code: 'ReconcileWindowError',
    message: '--settle "%s" is not a duration.',
    actions: ['Use a duration such as 10m, 1h or 0 (include transactions finished up to now).'],
    exitCode: 2,
  },
  futureSince: {
    code: 'ReconcileWindowError',
    message: '--since %s is in the future; no transaction can have finished after it yet.',
    actions: [WINDOW_EXAMPLES],
    exitCode: 2,
  },
  notRegistered: {
    code: 'ReconcileNotRegisteredError',
    message: 'Nothing is registered for the Salesforce connector at %s, so OneSpan sends no events to deliver again.',
    actions: ['Run `npm run register` first; reconcile delivers the events the registration subscribes to.'],
  },
  nothingSubscribed: {
    code: 'ReconcileNoEventsError',
    message:
      'The registration subscribes to none of %s, the events a finished transaction fires; there is nothing to reconcile.',
    actions: [
      'Register PACKAGE_COMPLETE (the default): `npm run register -- --events PACKAGE_COMPLETE,PACKAGE_CREATE`.',
    ],
  },
});

/** Warnings and notes of a reconcile run, each a template. */
export const reconcileNotes = {
  statusSkipped:
    '%s transactions are not checked: %s not among the registered events (%s), so OneSpan would not have sent them.',
  otherUrl:
    'The registration sends events to %s, not to %s (this org); reconcile delivers to this org, as these settings say.',
  noTime: 'Transaction %s (%s) has no %s time, so its event time is unknown; it was not checked.',
  countMismatch:
    'OneSpan counted %s %s transactions for the window but listed %s; the listing may have changed while paging, or the server pages differently. Run reconcile again.',
  pageListed: '%s: packages %s-%s of %s listed',
  /** A page without packages (none in the window, or the count changed while paging): no "1-0" range. */
  emptyPage: '%s: no packages listed (%s in all)',
  otherStatus:
    'OneSpan answered the listing of %s transactions with %s package(s) in another status (%s); they were left out: only a package whose own status is %s is reconciled.',
  settling:
    '%s %s transaction(s) finished in the last %s were left to their own callback (--settle; pass --until to include them).',
  shifted:
    'The listing of %s transactions moved while it was paged (a page did not start with packages already listed); some may have been skipped. Run reconcile again.',
  notPaging:
    'OneSpan answered page %s-%s of the %s transactions with packages already listed; it does not seem to honour from/to, so the listing stopped there.',
} as const;
