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
 */
import { OneSpanClient } from '../onespan/client';

export const PAGE_SIZE = 100;

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
  const extra = listingDateParameters(since);
  const seen = new Set<string>();
  let from = 1;
  let count = 0;
  for (;;) {
    const to = from + PAGE_SIZE - 1;
    const page = await onespan.listPackages({ status, from, to, extra });
    count = page.count;
    const ids = page.results.map((pkg) => pkg.id).filter((id): id is string => typeof id === 'string');
    const fresh = ids.filter((id) => !seen.has(id));
    if (page.results.length > 0 && fresh.length === 0) {
      return { count, listed: seen.size, notPaging: { from, to } };
    }
    ids.forEach((id) => seen.add(id));
    yield { from, to, count, packages: page.results };
    if (page.results.length === 0 || from - 1 + page.results.length >= page.count) {
      return { count, listed: seen.size };
    }
    from += page.results.length;
  }
}
