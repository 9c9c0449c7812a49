/**
 * `npm run bench`: what the whole registration costs compared with the first thing a person does by
 * hand, one `sf data query` of the ApexClass NamespacePrefix, both against the same loopback emulators.
 * Each contender is a cold process, started as a user starts it (`npm run register -- ...`, the real sf
 * CLI after an access-token login); runs are interleaved and the medians compared. It also counts the
 * HTTP requests of one register from the emulators' logs, and times register through tsx to show what
 * the launcher saves at start-up.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchReconcile, renderReconcileBench } from '../bench/reconcile';
import { startEmulators } from '../emulator';
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import { benchArchive } from '../lib/bench/archive';
import { interleave, median, requestBreakdown } from '../lib/bench/stats';
import { createSfRunner, QUIET_SF_ENV } from '../lib/deploy/sf-cli';
import { PROJECT_ROOT } from '../lib/deploy/source-layout';
import { OssError } from '../lib/errors';
import { runCommand } from '../lib/output';
import { secrets } from '../lib/secrets';

const NAMESPACE_QUERY = "SELECT NamespacePrefix FROM ApexClass WHERE Name = 'OssCallbackResource'";
const TARGETS = { ratio: 1.0, requests: 5 };

type Contender = 'register (npm run)' | 'sf data query' | 'register (tsx, for comparison)';

interface Exit {
  exitCode: number;
  stdout: string;
}

/** Runs a process to its end; the caller times it. */
function runProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout }));
  });
}

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

    const npm = process.env.npm_execpath;
    const contenders: Record<Contender, () => Promise<Exit>> = {
      'register (npm run)': () =>
        npm
          ? runProcess(process.execPath, [npm, 'run', '--silent', 'register', '--', '--json'], registerEnv)
          : runProcess('npm', ['run', '--silent', 'register', '--', '--json'], registerEnv),
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
    return { result: { ...result, reconcile, archive } };
  } finally {
    await emulators.close();
    await rm(home, { recursive: true, force: true });
  }
});
