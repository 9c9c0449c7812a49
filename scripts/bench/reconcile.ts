/**
 * The reconcile section of `npm run bench`: one reconcile over 1,000 transactions completed in the
 * window, 50 of which OneSpan failed to deliver (fault mode: the event was only e-mailed), then the
 * same reconcile again, when nothing is missing (the daily steady state). Each run is a cold process
 * started as a user starts it (`npm run reconcile`); its HTTP requests are counted from both
 * emulators' logs. Kept apart from bench.ts because it needs its own emulators and set-up, and
 * because lib/ may not import the emulator.
 */
import { startEmulators } from '../emulator';
import { Exit, runNpmScript } from './process';
import { requestBreakdown } from './stats';
import { OssError } from '../lib/errors';
import { Reporter } from '../lib/output';
import { secrets } from '../lib/secrets';

export const RECONCILE_BENCH = { transactions: 1000, missing: 50 };
const SETUP_BATCH = 50;

export interface ReconcileRunFigures {
  wallMs: number;
  requests: number;
  requestBreakdown: Record<string, number>;
  checked: number;
  delivered: number;
}

export interface ReconcileBenchResult {
  transactions: number;
  missing: number;
  setupMs: number;
  firstRun: ReconcileRunFigures;
  secondRun: ReconcileRunFigures;
}

function runReconcile(env: NodeJS.ProcessEnv): Promise<Exit> {
  return runNpmScript('reconcile', ['--since', '1d', '--json'], env);
}

function failed(message: string): OssError {
  return new OssError({
    code: 'BenchRunFailedError',
    message,
    actions: ['Run `npm run reconcile -- --since 1d` by hand against `npm run emulator` to see why.'],
  });
}

export async function benchReconcile(reporter: Reporter, baseEnv: NodeJS.ProcessEnv): Promise<ReconcileBenchResult> {
  const emulators = await startEmulators();
  try {
    const { salesforce, onespan } = emulators;
    [salesforce.demo.clientSecret, onespan.apiKey].forEach((value) => secrets.add(value));
    const key = Buffer.from(
      JSON.stringify({
        host: new URL(salesforce.url).host,
        client_id: salesforce.demo.clientId,
        client_secret: salesforce.demo.clientSecret,
      }),
    ).toString('base64');
    secrets.add(key);
    onespan.setConnector('salesforceOauth2', {
      url: `${salesforce.url}/services/apexrest/OSS/callback`,
      key,
      events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
    });

    reporter.progress(
      `Reconcile: ${RECONCILE_BENCH.transactions} transactions complete, OneSpan fails to deliver ${RECONCILE_BENCH.missing} ...`,
    );
    const setupStarted = Date.now();
    const ids = Array.from(
      { length: RECONCILE_BENCH.transactions },
      () => onespan.seedPackage({ status: 'SENT', data: { origin: 'OSS' } }).id,
    );
    const every = RECONCILE_BENCH.transactions / RECONCILE_BENCH.missing;
    onespan.failDeliveriesFor(ids.filter((_, index) => index % every === 0));
    const now = Date.now();
    // In batches: a thousand deliveries at once would time out on a busy machine and lose more than 50.
    for (let start = 0; start < ids.length; start += SETUP_BATCH) {
      ids
        .slice(start, start + SETUP_BATCH)
        .forEach((id, offset) =>
          onespan.finishPackage(id, 'COMPLETED', new Date(now - 3_600_000 - (start + offset) * 1000).toISOString()),
        );
      await onespan.idle();
    }
    onespan.failDeliveriesFor([]);
    const lost = onespan.failureEmails().length;
    if (lost !== RECONCILE_BENCH.missing) {
      throw failed(
        `OneSpan's emulated deliveries lost ${lost} events instead of ${RECONCILE_BENCH.missing}; rerun on a quieter machine.`,
      );
    }
    const setupMs = Date.now() - setupStarted;

    const env: NodeJS.ProcessEnv = {
      ...baseEnv,
      SF_INSTANCE_URL: salesforce.url,
      SF_CLIENT_ID: salesforce.demo.clientId,
      SF_CLIENT_SECRET: salesforce.demo.clientSecret,
      ONESPAN_API_URL: onespan.apiUrl,
      ONESPAN_API_KEY: onespan.apiKey,
    };
    const measure = async (expectedDelivered: number, label: string): Promise<ReconcileRunFigures> => {
      reporter.progress(`  reconcile (${label}) ...`);
      const before = { salesforce: salesforce.requests().length, onespan: onespan.requests().length };
      const started = process.hrtime.bigint();
      const exit = await runReconcile(env);
      const wallMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
      const requests = [...salesforce.requests().slice(before.salesforce), ...onespan.requests().slice(before.onespan)];
      const result = (JSON.parse(exit.stdout || '{}') as { result?: { checked: number; delivered: unknown[] } }).result;
      if (exit.exitCode !== 0 || !result || result.delivered.length !== expectedDelivered) {
        throw failed(
          `reconcile (${label}) exited ${exit.exitCode} and delivered ${result?.delivered.length ?? 'nothing'}, expected ${expectedDelivered}; its figures would be meaningless.`,
        );
      }
      return {
        wallMs,
        requests: requests.length,
        requestBreakdown: Object.fromEntries(requestBreakdown(requests)),
        checked: result.checked,
        delivered: result.delivered.length,
      };
    };
    const firstRun = await measure(RECONCILE_BENCH.missing, `${RECONCILE_BENCH.missing} missing`);
    const secondRun = await measure(0, 'nothing missing');
    return { ...RECONCILE_BENCH, setupMs, firstRun, secondRun };
  } finally {
    await emulators.close();
  }
}

/** The human lines of the section. */
export function renderReconcileBench(reporter: Reporter, figures: ReconcileBenchResult): void {
  reporter.log();
  reporter.log(
    `Reconcile over ${figures.transactions} completed transactions, ${figures.missing} not delivered by OneSpan:`,
  );
  const rows: [string, ReconcileRunFigures][] = [
    ['first (events missing)', figures.firstRun],
    ['second (nothing missing)', figures.secondRun],
  ];
  reporter.table(
    ['Run', 'Wall time', 'HTTP requests', 'Checked', 'Delivered'],
    rows.map(([label, run]) => [
      label,
      `${run.wallMs} ms`,
      String(run.requests),
      String(run.checked),
      String(run.delivered),
    ]),
  );
  Object.entries(figures.firstRun.requestBreakdown).forEach(([request, count]) =>
    reporter.log(`  first run: ${count} × ${request}`),
  );
}
