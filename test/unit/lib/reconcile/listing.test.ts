/** Paging through a fake listing that behaves as each kind of server might. */
import { PackageListQuery, PackagePage } from '../../../../scripts/lib/onespan/client';
import { ListedPage, ListingEnd, listPackages, PAGE_SIZE } from '../../../../scripts/lib/reconcile/listing';

const SINCE = new Date('2026-11-30T08:00:00.456Z');

/** A server over `total` packages: 1-based or 0-based, with a page cap, or ignoring from/to. */
function server(total: number, { zeroBased = false, cap = 100, ignoresPaging = false } = {}) {
  const packages = Array.from({ length: total }, (_, i) => ({ id: `p${i}` }));
  const queries: PackageListQuery[] = [];
  return {
    queries,
    listPackages: (query: PackageListQuery): Promise<PackagePage> => {
      queries.push(query);
      const start = ignoresPaging ? 0 : zeroBased ? query.from : query.from - 1;
      const size = Math.min(query.to - query.from + 1, cap);
      return Promise.resolve({ count: total, results: packages.slice(start, start + size) });
    },
  };
}

async function drain(source: ReturnType<typeof server>): Promise<{ pages: ListedPage[]; end: ListingEnd }> {
  const pages: ListedPage[] = [];
  const iterator = listPackages(source, 'COMPLETED', SINCE);
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { pages, end: next.value };
    pages.push(next.value);
  }
}

describe('listPackages', () => {
  it('asks 1-based pages of 100 with an inclusive to, and both date spellings without milliseconds', async () => {
    const source = server(250);
    const { pages, end } = await drain(source);
    // Each page after the first lists the previous page's last OVERLAP packages again.
    expect(source.queries.map(({ from, to }) => [from, to])).toEqual([
      [1, 100],
      [91, 190],
      [181, 280],
    ]);
    expect(source.queries[0]).toMatchObject({
      status: 'COMPLETED',
      extra: {
        startDate: '2026-11-30T08:00:00Z',
        lastUpdatedStartDate: '2026-11-30T08:00:00Z',
        sort: 'created',
        dir: 'asc',
      },
    });
    expect(pages.flatMap((page) => page.packages)).toHaveLength(250);
    expect(end).toEqual({ count: 250, listed: 250 });
    expect(PAGE_SIZE).toBe(100);
  });

  it('stops after one request when everything fits, and asks once for an empty listing', async () => {
    expect((await drain(server(100))).pages).toHaveLength(1);
    const empty = server(0);
    expect(await drain(empty)).toEqual({
      pages: [{ from: 1, to: 100, count: 0, packages: [] }],
      end: { count: 0, listed: 0 },
    });
    expect(empty.queries).toHaveLength(1);
  });

  it('continues after what a capped server returned, so nothing is skipped', async () => {
    const source = server(95, { cap: 40 });
    const { end } = await drain(source);
    expect(source.queries.map((query) => query.from)).toEqual([1, 31, 61]);
    expect(end).toEqual({ count: 95, listed: 95 });
  });

  it('reports a 0-based server as a listing shorter than its count', async () => {
    const { end } = await drain(server(150, { zeroBased: true }));
    expect(end).toEqual({ count: 150, listed: 149 });
  });

  it('stops instead of looping when the server ignores from/to', async () => {
    const source = server(250, { ignoresPaging: true });
    const { end } = await drain(source);
    expect(source.queries).toHaveLength(2);
    expect(end).toEqual({ count: 250, listed: 100, notPaging: { from: 91, to: 190 } });
  });

  it('loses nothing when a package leaves the listing while it is paged (within the overlap)', async () => {
    const packages = Array.from({ length: 150 }, (_, i) => ({ id: `p${i}` }));
    let pagesServed = 0;
    const source = {
      listPackages: (query: PackageListQuery): Promise<PackagePage> => {
        // After the first page, three listed packages are archived: everything after them moves back 3.
        if (pagesServed++ === 1) packages.splice(10, 3);
        return Promise.resolve({ count: packages.length, results: packages.slice(query.from - 1, query.to) });
      },
    };
    const listed: string[] = [];
    const iterator = listPackages(source, 'COMPLETED', SINCE);
    let next = await iterator.next();
    for (; !next.done; next = await iterator.next()) listed.push(...next.value.packages.map((pkg) => String(pkg.id)));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(expect.arrayContaining(packages.map((pkg) => pkg.id)));
    expect(next.value.shifted).toBeUndefined();
  });

  it('reports a listing that moved back by more than the overlap instead of trusting it', async () => {
    const packages = Array.from({ length: 150 }, (_, i) => ({ id: `p${i}` }));
    let pagesServed = 0;
    const source = {
      listPackages: (query: PackageListQuery): Promise<PackagePage> => {
        if (pagesServed++ === 1) packages.splice(0, 20);
        return Promise.resolve({ count: packages.length, results: packages.slice(query.from - 1, query.to) });
      },
    };
    const iterator = listPackages(source, 'COMPLETED', SINCE);
    let next = await iterator.next();
    while (!next.done) next = await iterator.next();
    expect(next.value.shifted).toBe(true);
  });
});
