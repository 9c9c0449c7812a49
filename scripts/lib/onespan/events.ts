/**
 * OneSpan Sign callback event names, exact wire spelling (reference/onespan.md §2, Java SDK 11.68
 * `NotificationEvent` api values). Note `PACKAGE_READY_FOR_COMPLETE`: the SDK constant says
 * COMPLETION but the wire value does not. PACKAGE_OPT_OUT is not offered: OneSpan removed it from its
 * .NET SDK and from its Java registration test "for Backend 11.49 compatibility" (onespan.md §9); a
 * registration read back with it (or any name not listed) is only compared, never refused.
 * OneSpan may add names later; registering a name not listed here needs a code change on purpose, so
 * a typo can never be registered silently.
 */
export const ONESPAN_EVENTS = [
  'PACKAGE_ACTIVATE',
  'PACKAGE_COMPLETE',
  'PACKAGE_EXPIRE',
  'PACKAGE_DECLINE',
  'SIGNER_COMPLETE',
  'DOCUMENT_SIGNED',
  'ROLE_REASSIGN',
  'PACKAGE_CREATE',
  'PACKAGE_DEACTIVATE',
  'PACKAGE_READY_FOR_COMPLETE',
  'PACKAGE_TRASH',
  'PACKAGE_RESTORE',
  'PACKAGE_DELETE',
  'KBA_FAILURE',
  'EMAIL_BOUNCE',
  'PACKAGE_ATTACHMENT',
  'SIGNER_LOCKED',
  'PACKAGE_ARCHIVE',
  'TEMPLATE_CREATE',
  'DOCUMENT_VIEWED',
] as const;

export type OneSpanEvent = (typeof ONESPAN_EVENTS)[number];

/** The guide's example subscription. */
export const DEFAULT_EVENTS: readonly OneSpanEvent[] = ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'];

/** Names OneSpan has withdrawn; asking for one gets this reason instead of a "did you mean". */
export const WITHDRAWN_EVENTS: Readonly<Record<string, string>> = {
  PACKAGE_OPT_OUT: 'OneSpan removed it for backend 11.49 (signers can no longer opt out)',
};

export function isOneSpanEvent(name: string): name is OneSpanEvent {
  return (ONESPAN_EVENTS as readonly string[]).includes(name);
}

/** Levenshtein distance; event names are short, so the quadratic table is fine. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The valid event name nearest to `name` (compared in upper case with `_` for spaces and dashes). */
export function closestEvent(name: string): OneSpanEvent {
  const normalised = name
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  let best: OneSpanEvent = ONESPAN_EVENTS[0];
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of ONESPAN_EVENTS) {
    const distance = editDistance(normalised, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
