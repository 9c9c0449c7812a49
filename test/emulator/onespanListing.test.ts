/**
 * The OneSpan emulator's package listing (documents.md A4) and its delivery fault mode: status and
 * date filters, 1-based inclusive paging with a cap, and a failed delivery ending as an e-mail only.
 */
import { startEmulators, type Emulators, type OneSpanEmulatorOptions } from '../../scripts/emulator';

let emu: Emulators;

afterEach(async () => {
  await emu?.close();
});

async function start(options: OneSpanEmulatorOptions = {}): Promise<void> {
  emu = await startEmulators({ onespan: options });
}

async function list(query: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${emu.onespan.apiUrl}/packages?${new URLSearchParams(query).toString()}`, {
    headers: { Authorization: `Basic ${emu.onespan.apiKey}`, Accept: 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const idsOf = (body: Record<string, unknown>) => (body.results as { id: string }[]).map((pkg) => pkg.id);

/** Completed packages at 10:00, 11:00, ... on 2026-11-30 (newest first in the listing), plus one DRAFT. */
function seedCompleted(count: number): string[] {
  const ids = Array.from({ length: count }, (_, i) => {
    const at = new Date(Date.UTC(2026, 10, 30, 10 + i)).toISOString();
    return emu.onespan.seedPackage({ status: 'COMPLETED', completed: at }).id;
  });
  emu.onespan.seedPackage({ status: 'DRAFT' });
  return ids;
}

describe('OneSpan emulator: package listing', () => {
  it('filters by status and pages 1-based with an inclusive to, newest update first', async () => {
    await start();
    const ids = seedCompleted(5);
    const newestFirst = [...ids].reverse();
    const first = await list({ query: 'COMPLETED', from: '1', to: '2' });
    expect(first).toEqual({ status: 200, body: { count: 5, results: expect.any(Array) as unknown[] } });
    expect(idsOf(first.body)).toEqual(newestFirst.slice(0, 2));
    expect(idsOf((await list({ query: 'COMPLETED', from: '3', to: '5' })).body)).toEqual(newestFirst.slice(2, 5));
    expect(idsOf((await list({ query: 'COMPLETED', from: '6', to: '10' })).body)).toEqual([]);
    expect((await list({ query: 'DRAFT' })).body.count).toBe(1);
    expect(emu.onespan.seedPackage({ status: 'SENT' }).status).toBe('SENT');
  });

  it('caps a page at listingPageCap', async () => {
    await start({ listingPageCap: 2 });
    seedCompleted(5);
    expect(idsOf((await list({ query: 'COMPLETED', from: '1', to: '100' })).body)).toHaveLength(2);
  });

  it.each([
    ['startDate/endDate', 'startDate', 'endDate', 'lastUpdatedStartDate'],
    ['lastUpdatedStartDate/lastUpdatedEndDate', 'lastUpdatedStartDate', 'lastUpdatedEndDate', 'startDate'],
  ] as const)('honours %s (inclusive) and ignores the other spelling', async (mode, start_, end, other) => {
    await start({ listingDateParameters: mode });
    const ids = seedCompleted(5);
    const window = await list({ query: 'COMPLETED', [start_]: '2026-11-30T11:00:00Z', [end]: '2026-11-30T13:00:00Z' });
    expect(idsOf(window.body).sort()).toEqual(ids.slice(1, 4).sort());
    expect((await list({ query: 'COMPLETED', [other]: '2026-11-30T13:00:00Z' })).body.count).toBe(5);
    const bad = await list({ query: 'COMPLETED', [start_]: '30/11/2026' });
    expect(bad.status).toBe(400);
  });

  it('ignores both spellings in mode none', async () => {
    await start({ listingDateParameters: 'none' });
    seedCompleted(3);
    const all = await list({
      query: 'COMPLETED',
      startDate: '2026-12-30T00:00:00Z',
      lastUpdatedStartDate: '2026-12-30T00:00:00Z',
    });
    expect(all.body.count).toBe(3);
  });

  it('refuses a query that is not a status (folders are not emulated)', async () => {
    await start();
    expect((await list({ query: 'inbox' })).status).toBe(400);
  });
});

describe('OneSpan emulator: finishing packages and the delivery fault mode', () => {
  it('fires the status event to the org, except for the chosen packages, whose event is only e-mailed', async () => {
    await start();
    const { salesforce, onespan } = emu;
    onespan.setConnector('salesforceOauth2', {
      url: `${salesforce.url}/services/apexrest/OSS/callback`,
      key: Buffer.from(
        JSON.stringify({
          host: new URL(salesforce.url).host,
          client_id: salesforce.demo.clientId,
          client_secret: salesforce.demo.clientSecret,
        }),
      ).toString('base64'),
      events: ['PACKAGE_COMPLETE', 'PACKAGE_DECLINE'],
    });
    const delivered = onespan.seedPackage({ status: 'SENT', data: { origin: 'OSS' } }).id;
    const lost = onespan.seedPackage({ status: 'SENT', data: { origin: 'OSS' } }).id;
    const unsubscribed = onespan.seedPackage({ status: 'SENT', data: { origin: 'OSS' } }).id;
    onespan.failDeliveriesFor([lost]);
    const finished = onespan.finishPackage(delivered, 'COMPLETED', '2026-11-30T10:00:00.000Z');
    onespan.finishPackage(lost, 'DECLINED', '2026-11-30T11:00:00.000Z');
    onespan.finishPackage(unsubscribed, 'EXPIRED');
    await onespan.idle();
    expect(finished).toMatchObject({
      status: 'COMPLETED',
      completed: '2026-11-30T10:00:00.000Z',
      updated: '2026-11-30T10:00:00.000Z',
    });
    expect(salesforce.events().map((e) => [e.Event_Name__c, e.Package_Id__c])).toEqual([
      ['PACKAGE_COMPLETE', delivered],
    ]);
    expect(onespan.failureEmails()).toEqual([
      expect.objectContaining({
        packageId: lost,
        event: 'PACKAGE_DECLINE',
        payload: expect.stringContaining(lost) as string,
      }),
    ]);
    expect(onespan.deliveries().find((d) => d.packageId === lost)).toMatchObject({ status: 'error' });
    expect(() => onespan.finishPackage(delivered, 'SENT')).toThrow('not a final status');
  });
});
