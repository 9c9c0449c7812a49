/**
 * `npm run reconcile` against the emulators: transactions finish, OneSpan's single delivery fails for
 * some (the event is then only e-mailed), and reconcile must deliver exactly those, once.
 */
import { EmulatorOptions, PackageStatus } from '../../scripts/emulator';
import { countRequests, EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';
import { CliRun } from '../helpers/runCli';

jest.setTimeout(180_000);

let fixture: EmulatorFixture;

afterEach(async () => {
  await fixture?.close();
});

const HOUR = 3_600_000;

async function start(options: EmulatorOptions['onespan'] = {}, events = ['PACKAGE_COMPLETE', 'PACKAGE_CREATE']) {
  fixture = await startEmulatorFixture({ onespan: options });
  const { salesforce, onespan } = fixture.emulators;
  onespan.setConnector('salesforceOauth2', {
    url: `${salesforce.url}/services/apexrest/OSS/callback`,
    key: fixture.expectedKey,
    events,
  });
}

/**
 * `count` transactions of the "OSS" origin reach `status`, the i-th at `at(i)`; OneSpan's delivery
 * fails for the indexes in `lost`. Returns the package ids in order.
 */
async function finish(
  count: number,
  {
    status = 'COMPLETED',
    at = (i: number) => new Date(Date.now() - HOUR - i * 1000).toISOString(),
    lost = [] as number[],
  }: {
    status?: PackageStatus;
    at?: (i: number) => string;
    lost?: number[];
  } = {},
): Promise<string[]> {
  const { onespan } = fixture.emulators;
  const ids = Array.from({ length: count }, () => onespan.seedPackage({ status: 'SENT', data: { origin: 'OSS' } }).id);
  onespan.failDeliveriesFor(lost.map((i) => ids[i]));
  const emailsBefore = onespan.failureEmails().length;
  // In batches: hundreds of deliveries at once could time out on a busy machine and lose more than `lost`.
  for (let start = 0; start < count; start += 25) {
    ids.slice(start, start + 25).forEach((id, offset) => onespan.finishPackage(id, status, at(start + offset)));
    await onespan.idle();
  }
  onespan.failDeliveriesFor([]);
  // Exactly the chosen deliveries failed (and were only e-mailed); the others reached the org.
  expect(onespan.failureEmails().length - emailsBefore).toBe(lost.length);
  return ids;
}

interface Entry {
  packageId: string;
  event: string;
  createdDate: string;
  result?: string;
  errorCode?: string;
}
interface Result {
  checked: number;
  alreadyStored: number;
  missing: Entry[];
  delivered: Entry[];
  failed: Entry[];
  stoppedEarly?: { stage: string; code: string };
  incompleteListing: boolean;
  listings: { status: string; count: number; listed: number; inWindow: number }[];
}
const resultOf = (run: CliRun) => run.json?.result as unknown as Result;
const ids = (entries: Entry[]) => entries.map((entry) => entry.packageId).sort();
const callbackPosts = () =>
  countRequests(fixture.emulators.salesforce.requests(), 'POST', /^\/services\/apexrest\/OSS\/callback$/);
const listingRequests = () => countRequests(fixture.emulators.onespan.requests(), 'GET', /^\/api\/packages$/);
const logQueries = () => countRequests(fixture.emulators.salesforce.requests(), 'GET', /\/query$/);
/** Records of one event per package: never more than one each. */
function storedPerPackage(event = 'PACKAGE_COMPLETE'): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of fixture.emulators.salesforce.events().filter((e) => e.Event_Name__c === event)) {
    counts.set(record.Package_Id__c as string, (counts.get(record.Package_Id__c as string) ?? 0) + 1);
  }
  return counts;
}
const reconcile = (args: string[], env: Record<string, string> = {}) =>
  fixture.run('reconcile', ['--namespace', '', ...args, '--json'], { env: { OSS_RETRY_BASE_MS: '1', ...env } });

describe('reconcile', () => {
  it('delivers exactly the K lost events of N completed transactions, as OneSpan would, and nothing on a second run', async () => {
    await start();
    const lost = [1, 4, 7];
    const packages = await finish(12, { lost });
    expect(storedPerPackage().size).toBe(9);
    const postsBefore = callbackPosts();

    const first = await reconcile(['--since', '1d']);
    expect(first.exitCode).toBe(0);
    const result = resultOf(first);
    expect(result).toMatchObject({ checked: 12, alreadyStored: 9, failed: [] });
    expect(ids(result.missing)).toEqual(lost.map((i) => packages[i]).sort());
    expect(ids(result.delivered)).toEqual(lost.map((i) => packages[i]).sort());
    expect(result.delivered.every((entry) => entry.result === 'stored')).toBe(true);
    expect(callbackPosts() - postsBefore).toBe(3);
    // One bulk query for the page, not one per transaction.
    expect(logQueries()).toBe(1);

    // The payload is OneSpan's, with the completion time as createdDate.
    const restored = fixture.emulators.salesforce.events().find((e) => e.Package_Id__c === packages[4]);
    expect(JSON.parse(restored?.Raw_Payload__c as string)).toEqual({
      '@class': 'com.silanis.esl.packages.event.ESLProcessEvent',
      name: 'PACKAGE_COMPLETE',
      sessionUser: expect.any(String) as string,
      packageId: packages[4],
      message: null,
      documentId: null,
      createdDate: result.delivered.find((entry) => entry.packageId === packages[4])?.createdDate,
    });
    expect([...storedPerPackage().values()]).toEqual(Array(12).fill(1));

    const second = await reconcile(['--since', '1d']);
    expect(second.exitCode).toBe(0);
    expect(resultOf(second)).toMatchObject({ checked: 12, alreadyStored: 12, missing: [], delivered: [], failed: [] });
    expect(callbackPosts() - postsBefore).toBe(3);
  });

  it('--dry-run lists what is missing and sends nothing', async () => {
    await start();
    const packages = await finish(5, { lost: [0, 2] });
    const posts = callbackPosts();
    const run = await reconcile(['--since', '2h', '--dry-run']);
    expect(run.exitCode).toBe(0);
    expect(ids(resultOf(run).missing)).toEqual([packages[0], packages[2]].sort());
    expect(resultOf(run).delivered).toEqual([]);
    expect(callbackPosts()).toBe(posts);
  });

  it('pages through several pages of 100 (1-based, inclusive to), one bulk query per page', async () => {
    await start();
    const lost = [0, 99, 100, 199, 200, 249];
    const packages = await finish(250, { lost });
    const run = await reconcile(['--since', '1d']);
    expect(run.exitCode).toBe(0);
    const result = resultOf(run);
    expect(result.checked).toBe(250);
    expect(ids(result.delivered)).toEqual(lost.map((i) => packages[i]).sort());
    expect(listingRequests()).toBe(3);
    expect(logQueries()).toBe(3);
    const pages = fixture.emulators.onespan.requests().filter((r) => r.path === '/api/packages');
    expect(pages).toHaveLength(3);
  });

  it('loses nothing when the server caps a page below 100', async () => {
    await start({ listingPageCap: 7 });
    const lost = [0, 6, 7, 13, 14, 19];
    const packages = await finish(20, { lost });
    const run = await reconcile(['--since', '1d']);
    expect(run.exitCode).toBe(0);
    expect(resultOf(run).checked).toBe(20);
    expect(ids(resultOf(run).delivered)).toEqual(lost.map((i) => packages[i]).sort());
    // Pages of 7 that each list the previous page's last 3 again (the overlap is at most half a page): 1, 5, 9, 13, 17.
    expect(listingRequests()).toBe(5);
  });

  it('keeps only packages whose own status is the one asked for, and says when the server returned others', async () => {
    await start({ listingIgnoresStatus: true });
    const completed = await finish(3, { lost: [0, 1, 2] });
    const { onespan } = fixture.emulators;
    const recent = new Date(Date.now() - HOUR).toISOString();
    const sent = [1, 2].map(() => onespan.seedPackage({ status: 'SENT', updated: recent }).id);
    onespan.seedPackage({ status: 'DRAFT', updated: recent });
    const run = await reconcile(['--since', '1d']);
    expect(run.exitCode).toBe(0);
    const result = resultOf(run) as Result & { listings: { otherStatus: number }[] };
    expect(ids(result.delivered)).toEqual([...completed].sort());
    expect(result.listings[0]).toMatchObject({ status: 'COMPLETED', otherStatus: 3 });
    expect(run.json?.warnings).toContain(
      'OneSpan answered the listing of COMPLETED transactions with 3 package(s) in another status (DRAFT 1, SENT 2); they were left out: only a package whose own status is COMPLETED is reconciled.',
    );
    expect(sent.some((id) => storedPerPackage().has(id))).toBe(false);
  });

  it('leaves a transaction finished in the last minutes to its own callback; --until (or --settle 0) includes it', async () => {
    await start();
    const [old, fresh] = await finish(2, {
      at: (i) => new Date(Date.now() - (i === 0 ? HOUR : 2 * 60_000)).toISOString(),
      lost: [0, 1],
    });
    const first = await reconcile(['--since', '1d']);
    expect(first.exitCode).toBe(0);
    expect(ids(resultOf(first).delivered)).toEqual([old]);
    expect(warningsOf(first)).toContain(
      '1 COMPLETED transaction(s) finished in the last 10m were left to their own callback (--settle; pass --until to include them).',
    );
    const second = await reconcile(['--since', '1d', '--until', new Date().toISOString()]);
    expect(second.exitCode).toBe(0);
    expect(ids(resultOf(second).delivered)).toEqual([fresh]);
    expect([...storedPerPackage().values()]).toEqual([1, 1]);
  });

  it.each([
    ['startDate/endDate (Java and .NET SDK templates)', 'startDate/endDate'],
    ['lastUpdatedStartDate/lastUpdatedEndDate (OpenAPI, node SDK)', 'lastUpdatedStartDate/lastUpdatedEndDate'],
    ['neither (a server ignoring both)', 'none'],
  ] as const)(
    'finds the same events whichever date parameters the server honours: %s',
    async (_label, dateParameters) => {
      await start({ listingDateParameters: dateParameters });
      // Five completed in the window, five long before it (lost too, but outside the window).
      const recent = await finish(5, { lost: [1, 3] });
      const old = await finish(5, {
        at: (i) => new Date(Date.now() - 10 * 24 * HOUR - i).toISOString(),
        lost: [0, 1, 2, 3, 4],
      });
      const run = await reconcile(['--since', '2d']);
      expect(run.exitCode).toBe(0);
      const result = resultOf(run);
      expect(ids(result.delivered)).toEqual([recent[1], recent[3]].sort());
      expect(result.checked).toBe(5);
      expect(result.delivered.some((entry) => old.includes(entry.packageId))).toBe(false);
      // The server narrowed the listing only when it honours one of the names sent.
      expect(result.listings[0].count).toBe(dateParameters === 'none' ? 10 : 5);
    },
  );

  it('includes transactions finished exactly at --since and --until and excludes those a millisecond outside', async () => {
    await start();
    const since = '2026-11-20T10:00:00.250Z';
    const until = '2026-11-21T10:00:00.750Z';
    const times = [
      '2026-11-20T10:00:00.249Z', // 1 ms before
      since,
      '2026-11-20T22:00:00.000Z',
      until,
      '2026-11-21T10:00:00.751Z', // 1 ms after
    ];
    const packages = await finish(5, { at: (i) => times[i], lost: [0, 1, 2, 3, 4] });
    const run = await reconcile(['--since', since, '--until', until]);
    expect(run.exitCode).toBe(0);
    expect(ids(resultOf(run).delivered)).toEqual([packages[1], packages[2], packages[3]].sort());
  });

  it('reconciles DECLINED, EXPIRED and OPTED_OUT only when their event is registered', async () => {
    await start({}, ['PACKAGE_COMPLETE', 'PACKAGE_DECLINE']);
    const completed = await finish(2, { lost: [0, 1] });
    const declined = await finish(2, { status: 'DECLINED', lost: [0] });
    await finish(2, { status: 'EXPIRED' });
    await finish(2, { status: 'OPTED_OUT' });
    const run = await reconcile(['--since', '1d']);
    expect(run.exitCode).toBe(0);
    const result = resultOf(run);
    expect(result.delivered.map((entry) => `${entry.event} ${entry.packageId}`).sort()).toEqual(
      [`PACKAGE_COMPLETE ${completed[0]}`, `PACKAGE_COMPLETE ${completed[1]}`, `PACKAGE_DECLINE ${declined[0]}`].sort(),
    );
    expect(result.listings.map((listing) => listing.status)).toEqual(['COMPLETED', 'DECLINED']);
    expect(run.json?.warnings).toEqual([
      // Not PACKAGE_OPT_OUT: register refuses that withdrawn event, so it is no advice to give.
      'EXPIRED transactions are not checked: PACKAGE_EXPIRE is not among the registered events (PACKAGE_COMPLETE, PACKAGE_DECLINE), so OneSpan would not have sent them.',
    ]);
    expect(fixture.emulators.salesforce.events().some((e) => e.Event_Name__c === 'PACKAGE_EXPIRE')).toBe(false);
  });

  it('refuses to run when the registration subscribes to no event of a finished transaction', async () => {
    await start({}, ['PACKAGE_CREATE']);
    const run = await reconcile(['--since', '1d']);
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'ReconcileNoEventsError' });
    expect(listingRequests()).toBe(0);
  });

  it('reports an event the receiver refuses and delivers the others; the next run delivers it, none twice', async () => {
    await start();
    const lost = [0, 1, 2, 3];
    const packages = await finish(6, { lost });
    fixture.emulators.salesforce.faults.add({
      method: 'POST',
      path: /\/OSS\/callback$/,
      times: 1,
      kind: 'status',
      status: 400,
    });
    const first = await reconcile(['--since', '1d']);
    expect(first.exitCode).toBe(1);
    expect(first.json?.status).toBe(1);
    const result = resultOf(first);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]).toMatchObject({ result: 'failed', errorCode: expect.any(String) as string });
    expect(result.delivered).toHaveLength(3);

    const second = await reconcile(['--since', '1d']);
    expect(second.exitCode).toBe(0);
    expect(ids(resultOf(second).delivered)).toEqual([result.failed[0].packageId]);
    expect(storedPerPackage().size).toBe(6);
    expect([...storedPerPackage().values()]).toEqual(Array(6).fill(1));
    expect(packages).toHaveLength(6);
  });

  it('stops with exit 1 when OneSpan fails mid-way, keeps what it delivered, and the next run delivers the rest once', async () => {
    await start({ listingPageCap: 10 });
    const lost = [0, 5, 12, 17, 25];
    await finish(30, { lost });
    const { onespan, salesforce } = fixture.emulators;
    // Hold the first delivery long enough to break OneSpan before the second page is asked for.
    salesforce.faults.add({ method: 'POST', path: /\/OSS\/callback$/, times: 1, kind: 'latency', ms: 3000 });
    const before = callbackPosts();
    const running = reconcile(['--since', '1d']);
    await until(() => callbackPosts() > before);
    onespan.faults.add({ method: 'GET', path: '/api/packages', kind: 'status', status: 503 });
    const first = await running;
    expect(first.exitCode).toBe(1);
    const result = resultOf(first);
    expect(result.stoppedEarly).toMatchObject({ stage: 'listing' });
    expect(result.delivered.length).toBeGreaterThan(0);
    expect(result.delivered.length).toBeLessThan(lost.length);

    onespan.faults.clear();
    const posts = callbackPosts();
    const second = await reconcile(['--since', '1d']);
    expect(second.exitCode).toBe(0);
    expect(resultOf(second).delivered).toHaveLength(lost.length - result.delivered.length);
    expect(callbackPosts() - posts).toBe(lost.length - result.delivered.length);
    expect([...storedPerPackage().values()]).toEqual(Array(30).fill(1));
  });

  it('stops with exit 1 when the org query fails mid-way, and the next run delivers nothing twice', async () => {
    await start({ listingPageCap: 10 });
    const lost = [0, 5, 12, 17, 25];
    await finish(30, { lost });
    const { salesforce } = fixture.emulators;
    salesforce.faults.add({ method: 'POST', path: /\/OSS\/callback$/, times: 1, kind: 'latency', ms: 3000 });
    const before = callbackPosts();
    const running = reconcile(['--since', '1d']);
    await until(() => callbackPosts() > before);
    salesforce.faults.add({ method: 'GET', path: /\/query$/, kind: 'status', status: 503 });
    const first = await running;
    expect(first.exitCode).toBe(1);
    const result = resultOf(first);
    expect(result.stoppedEarly).toMatchObject({ stage: 'query' });
    expect(result.delivered.length).toBeGreaterThan(0);
    expect(result.delivered.length).toBeLessThan(lost.length);

    salesforce.faults.clear();
    const second = await reconcile(['--since', '1d']);
    expect(second.exitCode).toBe(0);
    expect(resultOf(second).delivered).toHaveLength(lost.length - result.delivered.length);
    expect([...storedPerPackage().values()]).toEqual(Array(30).fill(1));
  });

  it.each([
    [['--since', 'yesterday'], '--since "yesterday" is neither a duration nor an ISO date.'],
    [['--since', '7x'], '--since "7x" is neither a duration nor an ISO date.'],
    [['--since', '0d'], 'a duration must be a whole number greater than 0'],
    [['--since', '2026-02-30'], '(no such day)'],
    [['--since', '2026-11-30T10:00:00'], '(its time has no zone)'],
    [['--since', '2999-01-01'], 'is in the future'],
    [['--since', '1d', '--until', '2d'], 'The window is empty'],
    [[], 'No window given: pass --since'],
  ])('refuses %j with a clear error and contacts nothing', async (args, text) => {
    await start();
    const run = await fixture.run('reconcile', [...args, '--json']);
    expect(run.exitCode).toBe(2);
    expect(run.json?.message).toContain(text);
    expect(run.json?.actions?.join(' ')).toContain('2d');
    expect(fixture.emulators.salesforce.requests()).toHaveLength(0);
    expect(fixture.emulators.onespan.requests()).toHaveLength(0);
  });
});

function warningsOf(run: CliRun): string[] {
  return (run.json?.warnings as string[] | undefined) ?? [];
}

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
