/**
 * Pages through OneSpan's package listing for one status (documents.md A4), robust to what the
 * sources leave open:
 * - Date parameters: the Java/.NET SDK templates send `startDate`/`endDate`, the OpenAPI and the node
 *   SDK `lastUpdatedStartDate`/`lastUpdatedEndDate`. Both spellings of the START are sent, so a server
 *   honouring either narrows the listing and one ignoring unknown parameters is unharmed. No END is
 *   sent: the filter is on the last update, which may come after the completion, so an upper bound
 *   could hide a transaction completed inside the window and touched after it; a lower bound cannot
 *   (updated >= completed). The window's end, and its start to the millisecond, are applied here to
 *   each package's own completion or update time, so even a server ignoring both names gives the
 *   right answer (only slower).
 * - Paging: 1-based with an inclusive `to`, 100 a page (the SDKs' PageRequest). The next page starts
 *   after the packages actually returned, so a server capping pages below 100 loses nothing; a
 *   listing shorter than its `count` (e.g. a 0-based server) and a server ignoring from/to (the same
 *   packages again) are reported instead of being looped over or silently accepted.
 * - Order: `sort=created&dir=asc`, as the OpenAPI documents the listing's parameters (documents.md A4);
 *   whether the server honours them is unconfirmed. A creation date never changes, so in that order a
 *   package that finishes or is archived while the listing is paged moves no other package by more than
 *   one place. Without a stable order (a server ignoring `sort`, or an order by last update), packages can
 *   shift between pages; so each page after the first starts OVERLAP packages early, and must start with
 *   packages already listed: duplicates are dropped, and a page that does not start with a known package
 *   means the listing moved by more than the overlap, which is reported (`shifted`) rather than trusted.
 */
import { OneSpanClient } from '../onespan/client';

export const PAGE_SIZE = 100;
/** How many packages of the previous page each page lists again. */
export const OVERLAP = 10;
/** The listing's order (OpenAPI: sort=created|completed|updated|due|name|status, dir=asc|desc). */
export const LISTING_ORDER = { sort: 'created', dir: 'asc' } as const;

/** The listing's date filter, both spellings (see above), in OneSpan's format without milliseconds. */
export function listingDateParameters(since: Date): Record<string, string> {
  // Truncating the milliseconds keeps `since` inside what the server returns.
  const start = since.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { startDate: start, lastUpdatedStartDate: start };
}

export interface ListedPage {
  from: number;
  to: number;
  count: number;
  packages: Record<string, unknown>[];
}

export interface ListingEnd {
  count: number;
  listed: number;
  /** Set when the server answered a page with nothing new: it does not page as documented. */
  notPaging?: { from: number; to: number };
  /** Set when a page did not start with a package already listed: packages may have been skipped. */
  shifted?: boolean;
}

/**
 * Yields each page of `status` packages updated since `since`; returns how many were counted and
 * listed. Errors (after the client's retries) propagate: the caller decides what a partial run means.
 */
export async function* listPackages(
  onespan: Pick<OneSpanClient, 'listPackages'>,
  status: string,
  since: Date,
): AsyncGenerator<ListedPage, ListingEnd> {
  const extra = { ...listingDateParameters(since), ...LISTING_ORDER };
  const seen = new Set<string>();
  let from = 1;
  let count = 0;
  let overlap = 0;
  let shifted = false;
  for (;;) {
    const to = from + PAGE_SIZE - 1;
    const page = await onespan.listPackages({ status, from, to, extra });
    count = page.count;
    const ids = page.results.map((pkg) => pkg.id).filter((id): id is string => typeof id === 'string');
    const fresh = ids.filter((id) => !seen.has(id));
    if (page.results.length > 0 && fresh.length === 0) {
      // Nothing past the overlap: the listing ended early (the caller compares with count); more than
      // the overlap and nothing new: the server ignores from/to.
      const ignoresPaging = page.results.length > overlap;
      return {
        count,
        listed: seen.size,
        ...(ignoresPaging ? { notPaging: { from, to } } : {}),
        ...(shifted ? { shifted } : {}),
      };
    }
    // The overlap's first package must be one listed before; if not, the listing moved back past it.
    if (overlap > 0 && ids.length > 0 && !seen.has(ids[0])) {
      shifted = true;
    }
    ids.forEach((id) => seen.add(id));
    const freshIds = new Set(fresh);
    yield {
      from,
      to,
      count,
      packages: page.results.filter((pkg) => typeof pkg.id !== 'string' || freshIds.has(pkg.id)),
    };
    if (page.results.length === 0 || from - 1 + page.results.length >= page.count) {
      return { count, listed: seen.size, ...(shifted ? { shifted } : {}) };
    }
    // Never more than half a page again, so a server capping pages small still moves on.
    overlap = Math.min(OVERLAP, Math.floor(page.results.length / 2));
    from += page.results.length - overlap;
  }
}
