/**
 * `npm run bench`: what the whole registration costs compared with the first thing a person does by
 * hand, one `sf data query` of the ApexClass NamespacePrefix, both against the same loopback emulators.
 * Each contender is a cold process, started as a user starts it (`npm run register -- ...`, the real sf
 * CLI after an access-token login); runs are interleaved and the medians compared. It also counts the
 * HTTP requests of one register from the emulators' logs, and times register through tsx to show what
 * the launcher saves at start-up.
 *
 * Then the round trips on register's critical path: every emulator answer delayed by 150 ms, register's
 * fastest wall time minus its fastest without the delay, divided by 150 ms (with and without
 * --namespace); and start-up: Node alone, the register bundle stopping at its settings (jsforce not yet
 * loaded), and Node loading jsforce, which a run pays at its first Salesforce call.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchReconcile, renderReconcileBench } from '../bench/reconcile';
import { startEmulators } from '../emulator';
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import { benchArchive } from '../bench/archive';
import { Exit, runNpmScript, runProcess } from '../bench/process';
import { interleave, median, requestBreakdown, serialRoundTrips } from '../bench/stats';
import { createSfRunner, QUIET_SF_ENV } from '../lib/deploy/sf-cli';
import { PROJECT_ROOT } from '../lib/deploy/source-layout';
import { OssError } from '../lib/errors';
import { runCommand } from '../lib/output';
import { secrets } from '../lib/secrets';

const NAMESPACE_QUERY = "SELECT NamespacePrefix FROM ApexClass WHERE Name = 'OssCallbackResource'";
const TARGETS = { ratio: 1.0, requests: 5 };
/** The delay added to every emulator answer for the round-trip count. */
const LATENCY_MS = 150;
/** token, query, probe, POST, read-back (the OneSpan read runs beside the first three); no query with --namespace. */
const ROUND_TRIP_TARGETS = { register: 5, 'register --namespace': 4 } as const;
const ROUND_TRIP_TOLERANCE = 0.3;
const LAUNCHER = join(PROJECT_ROOT, 'scripts', 'launcher', 'run.mjs');

type Variant = keyof typeof ROUND_TRIP_TARGETS;
const VARIANT_ARGS: Record<Variant, string[]> = { register: [], 'register --namespace': ['--namespace', ''] };
type StartUp = 'node -e 0' | 'register bundle, stops at settings' | 'node -e "require(\'jsforce/lib/core\')"';

type Contender = 'register (npm run)' | 'sf data query' | 'register (tsx, for comparison)';

async function timed(run: () => Promise<Exit>, what: string): Promise<number> {
  const started = process.hrtime.bigint();
  const exit = await run();
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (exit.exitCode !== 0) {
    throw new OssError({
      code: 'BenchRunFailedError',
      message: `${what} exited ${exit.exitCode} during the benchmark; its timing would be meaningless.`,
      actions: ['Run the same command by hand against `npm run emulator` to see why.'],
    });
  }
  return elapsedMs;
}

const argv = process.argv.slice(2);

void runCommand(wantsJson(argv), async (reporter) => {
  const flags = parseFlags<{ runs: string }>(
    createCommand('bench', 'Time register against one sf data query, on the local emulators.').option(
      '--runs <n>',
      'Runs of each contender (interleaved).',
      '7',
    ),
    argv,
  );
  const rounds = Math.max(1, Number.parseInt(flags.runs, 10) || 7);
  const emulators = await startEmulators();
  const home = await mkdtemp(join(tmpdir(), 'oss-bench-home-'));
  try {
    const { salesforce, onespan } = emulators;
    const baseEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      ...QUIET_SF_ENV,
      SF_DISABLE_LOG_FILE: 'true',
    };
    const registerEnv: NodeJS.ProcessEnv = {
      ...baseEnv,
      SF_INSTANCE_URL: salesforce.url,
      SF_CLIENT_ID: salesforce.demo.clientId,
      SF_CLIENT_SECRET: salesforce.demo.clientSecret,
      ONESPAN_API_URL: onespan.apiUrl,
      ONESPAN_API_KEY: onespan.apiKey,
    };
    [salesforce.demo.clientSecret, onespan.apiKey].forEach((value) => secrets.add(value));

    reporter.progress('Logging the sf CLI into the emulated org (access token) ...');
    const accessToken = salesforce.issueAccessToken();
    secrets.add(accessToken);
    const sf = createSfRunner(PROJECT_ROOT);
    const sfEnv = {
      HOME: home,
      XDG_CONFIG_HOME: baseEnv.XDG_CONFIG_HOME,
      XDG_DATA_HOME: baseEnv.XDG_DATA_HOME,
      XDG_CACHE_HOME: baseEnv.XDG_CACHE_HOME,
      SF_DISABLE_LOG_FILE: 'true',
    };
    const login = await sf(
      ['org', 'login', 'access-token', '--instance-url', salesforce.url, '--no-prompt', '--alias', 'bench', '--json'],
      { ...sfEnv, SF_ACCESS_TOKEN: accessToken },
    );
    if (login.exitCode !== 0) {
      throw new OssError({
        code: 'BenchRunFailedError',
        message: `sf org login access-token failed: ${login.json?.name ?? ''} ${login.json?.message ?? login.stderrTail}`,
      });
    }

    const contenders: Record<Contender, () => Promise<Exit>> = {
      'register (npm run)': () => runNpmScript('register', ['--json'], registerEnv),
      'sf data query': async () => {
        const outcome = await sf(
          ['data', 'query', '--query', NAMESPACE_QUERY, '--target-org', 'bench', '--json'],
          sfEnv,
        );
        return { exitCode: outcome.exitCode, stdout: '' };
      },
      'register (tsx, for comparison)': () =>
        runProcess(
          join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
          ['scripts/commands/register.ts', '--json'],
          registerEnv,
        ),
    };
    const names = Object.keys(contenders) as Contender[];

    // One register counted on its own: every request it makes, from both emulators' logs.
    const before = { salesforce: salesforce.requests().length, onespan: onespan.requests().length };
    reporter.progress('Warm-up: one run of each (builds the register bundle, fills the file cache) ...');
    await timed(contenders['register (npm run)'], 'npm run register');
    const requests = [...salesforce.requests().slice(before.salesforce), ...onespan.requests().slice(before.onespan)];
    for (const name of names.slice(1)) {
      await timed(contenders[name], name);
    }

    const times: Record<Contender, number[]> = Object.fromEntries(names.map((name) => [name, []])) as never;
    for (const name of interleave(names, rounds)) {
      reporter.progress(`  ${name} ...`);
      times[name].push(await timed(contenders[name], name));
    }

    const medians = Object.fromEntries(names.map((name) => [name, Math.round(median(times[name]))])) as Record<
      Contender,
      number
    >;
    const ratio = Number((medians['register (npm run)'] / medians['sf data query']).toFixed(2));
    const breakdown = requestBreakdown(requests);
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version, platform: `${process.platform}-${process.arch}` },
      runs: rounds,
      medianMs: medians,
      timesMs: Object.fromEntries(names.map((name) => [name, times[name].map(Math.round)])),
      ratio,
      ratioTarget: TARGETS.ratio,
      requests: requests.length,
      requestsTarget: TARGETS.requests,
      requestBreakdown: Object.fromEntries(breakdown),
    };

    reporter.table(
      ['Contender', 'Median', `All ${rounds} runs (ms)`],
      names.map((name) => [name, `${medians[name]} ms`, times[name].map(Math.round).join(' ')]),
    );
    reporter.log();
    reporter.log(
      `Ratio register / sf data query: ${ratio} (target ≤ ${TARGETS.ratio}) ${ratio <= TARGETS.ratio ? '✔' : '✖'}`,
    );
    reporter.log(
      `HTTP requests of one register: ${requests.length} (target ≤ ${TARGETS.requests}) ${requests.length <= TARGETS.requests ? '✔' : '✖'}`,
    );
    breakdown.forEach(([request, count]) => reporter.log(`  ${count} × ${request}`));

    // Round trips: the same register, started from the launcher (no npm in the way), with and without
    // a delay on every answer of both emulators, interleaved so the machine's mood hits both alike.
    const setLatency = (ms: number): void => {
      for (const emulator of [salesforce, onespan]) {
        emulator.faults.clear();
        if (ms > 0) {
          emulator.faults.add({ kind: 'latency', ms });
        }
      }
    };
    const latencyRuns = (Object.keys(VARIANT_ARGS) as Variant[]).flatMap((variant) =>
      [0, LATENCY_MS].map((delayMs) => ({ name: `${variant} @ ${delayMs} ms`, variant, delayMs })),
    );
    const latencyTimes = new Map<string, number[]>(latencyRuns.map((run) => [run.name, []]));
    try {
      for (const run of interleave(latencyRuns, rounds)) {
        reporter.progress(`  ${run.name} ...`);
        setLatency(run.delayMs);
        const ms = await timed(
          () =>
            runProcess(process.execPath, [LAUNCHER, 'register', '--json', ...VARIANT_ARGS[run.variant]], registerEnv),
          run.name,
        );
        latencyTimes.get(run.name)?.push(ms);
      }
    } finally {
      setLatency(0);
    }
    const latencyMedian = (variant: Variant, delayMs: number): number =>
      median(latencyTimes.get(`${variant} @ ${delayMs} ms`) ?? []);
    // The fastest run of each: a busy machine only ever adds time (start-up and jsforce's load are CPU
    // work, the delays are not), so the least-disturbed runs are the closest to what the delays cost.
    const latencyFastest = (variant: Variant, delayMs: number): number =>
      Math.min(...(latencyTimes.get(`${variant} @ ${delayMs} ms`) ?? []));
    const roundTrips = Object.fromEntries(
      (Object.keys(VARIANT_ARGS) as Variant[]).map((variant) => [
        variant,
        {
          baselineMs: Math.round(latencyFastest(variant, 0)),
          delayedMs: Math.round(latencyFastest(variant, LATENCY_MS)),
          serialRoundTrips: Number(
            serialRoundTrips(latencyFastest(variant, LATENCY_MS), latencyFastest(variant, 0), LATENCY_MS).toFixed(2),
          ),
          byMedians: Number(
            serialRoundTrips(latencyMedian(variant, LATENCY_MS), latencyMedian(variant, 0), LATENCY_MS).toFixed(2),
          ),
          target: ROUND_TRIP_TARGETS[variant],
        },
      ]),
    ) as Record<
      Variant,
      { baselineMs: number; delayedMs: number; serialRoundTrips: number; byMedians: number; target: number }
    >;

    // Start-up: what a run costs before its first request, and what jsforce adds at the first Salesforce call.
    const startUps: Record<StartUp, () => Promise<Exit>> = {
      'node -e 0': () => runProcess(process.execPath, ['-e', '0'], baseEnv),
      'register bundle, stops at settings': async () => {
        const exit = await runProcess(process.execPath, [LAUNCHER, 'register', '--json'], baseEnv);
        // Exit 2 (settings) is the point of this contender: no settings, no request, no jsforce.
        return { ...exit, exitCode: exit.exitCode === 2 ? 0 : exit.exitCode || 1 };
      },
      'node -e "require(\'jsforce/lib/core\')"': () =>
        runProcess(process.execPath, ['-e', "require('jsforce/lib/core')"], baseEnv),
    };
    const startUpNames = Object.keys(startUps) as StartUp[];
    const startUpTimes: Record<StartUp, number[]> = Object.fromEntries(startUpNames.map((name) => [name, []])) as never;
    for (const name of interleave(startUpNames, rounds)) {
      reporter.progress(`  ${name} ...`);
      startUpTimes[name].push(await timed(startUps[name], name));
    }
    const startUpMedians = Object.fromEntries(
      startUpNames.map((name) => [name, Math.round(median(startUpTimes[name]))]),
    ) as Record<StartUp, number>;
    const jsforceLoadMs = startUpMedians['node -e "require(\'jsforce/lib/core\')"'] - startUpMedians['node -e 0'];

    reporter.log();
    reporter.table(
      ['Register (launcher)', 'Fastest', 'Median', `All ${rounds} runs (ms)`],
      latencyRuns.map((run) => [
        run.name,
        `${Math.round(latencyFastest(run.variant, run.delayMs))} ms`,
        `${Math.round(latencyMedian(run.variant, run.delayMs))} ms`,
        (latencyTimes.get(run.name) ?? []).map(Math.round).join(' '),
      ]),
    );
    for (const variant of Object.keys(VARIANT_ARGS) as Variant[]) {
      const { serialRoundTrips: trips, byMedians, target } = roundTrips[variant];
      const met = Math.abs(trips - target) <= ROUND_TRIP_TOLERANCE;
      reporter.log(
        `Serial round trips, ${variant}: ${trips} (target ${target.toFixed(1)} ± ${ROUND_TRIP_TOLERANCE}) ${met ? '✔' : '✖'}; from the medians: ${byMedians}`,
      );
    }
    reporter.log();
    reporter.table(
      ['Start-up', 'Median', `All ${rounds} runs (ms)`],
      startUpNames.map((name) => [name, `${startUpMedians[name]} ms`, startUpTimes[name].map(Math.round).join(' ')]),
    );
    reporter.log(`jsforce load (paid at the first Salesforce call): ${jsforceLoadMs} ms`);
    const reconcile = await benchReconcile(reporter, baseEnv);
    renderReconcileBench(reporter, reconcile);
    const archive = await benchArchive({
      emulators,
      projectRoot: PROJECT_ROOT,
      env: { ...baseEnv, ONESPAN_API_URL: onespan.apiUrl, ONESPAN_API_KEY: onespan.apiKey },
      alias: 'bench',
      runs: 3,
      progress: (text) => reporter.progress(text),
    });
    if (archive) {
      reporter.log(
        `npm run archive, 10 documents of 5 MB: median ${archive.medianWallMs} ms, peak memory (max RSS) ${archive.medianMaxRssMb} MB (runs: ${archive.runs.map((run) => `${run.wallMs} ms / ${run.maxRssMb} MB`).join(', ')}); two small documents: ${archive.baseline.wallMs} ms / ${archive.baseline.maxRssMb} MB.`,
      );
    }
    reporter.log(`Machine: ${result.machine.cpus} CPUs, Node ${result.machine.node}, ${result.machine.platform}.`);
    return {
      result: {
        ...result,
        reconcile,
        archive,
        latencyMs: LATENCY_MS,
        roundTrips,
        roundTripTolerance: ROUND_TRIP_TOLERANCE,
        startUpMedianMs: startUpMedians,
        jsforceLoadMs,
      },
    };
  } finally {
    await emulators.close();
    await rm(home, { recursive: true, force: true });
  }
});
