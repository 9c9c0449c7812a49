/**
 * The archive section of `npm run bench`: `npm run archive` on a 10-document, 50 MB transaction (the
 * fixture case completed-ten-documents-50mb: ten 5 MB signed documents, the consent document skipped,
 * the evidence summary) against the emulators, each run on a fresh copy of the transaction so every file
 * is downloaded and uploaded. Wall time and peak memory (maximum resident set size) of the archive
 * process come from GNU time (`/usr/bin/time -v`); the command runs in one Node process (the launcher,
 * as `npm run archive` starts it, without npm) so the figure is the command's own.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulators } from '../emulator';
import { OssError } from '../lib/errors';
import { median } from './stats';

export const ARCHIVE_BENCH_CASE = 'completed-ten-documents-50mb';
const BASELINE_CASE = 'completed-two-documents';
const GNU_TIME = '/usr/bin/time';

export interface ArchiveBenchRun {
  wallMs: number;
  maxRssMb: number;
  uploadedBytes: number;
  files: number;
}

export interface ArchiveBenchResult {
  /** The same command on a transaction of two 0.4 KB documents: the cost that does not depend on size. */
  baseline: ArchiveBenchRun;
  runs: ArchiveBenchRun[];
  medianWallMs: number;
  medianMaxRssMb: number;
}

/** Parses GNU time's -v report: elapsed "h:mm:ss" or "m:ss.ss", and the maximum resident set size in KB. */
export function parseGnuTime(report: string): { wallMs: number; maxRssKb: number } | undefined {
  const elapsed = /Elapsed \(wall clock\) time[^\n]*?\):\s*(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)/.exec(report);
  const rss = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(report);
  if (!elapsed || !rss) return undefined;
  const [hours, minutes, seconds] = [Number(elapsed[1] ?? 0), Number(elapsed[2]), Number(elapsed[3])];
  return { wallMs: Math.round(((hours * 60 + minutes) * 60 + seconds) * 1000), maxRssKb: Number(rss[1]) };
}

export async function benchArchive(options: {
  emulators: Emulators;
  projectRoot: string;
  /** Environment with an sf CLI login to the emulated org under `alias`. */
  env: NodeJS.ProcessEnv;
  alias: string;
  runs: number;
  progress(text: string): void;
}): Promise<ArchiveBenchResult | undefined> {
  if (!existsSync(GNU_TIME)) {
    options.progress(`Archive: skipped (${GNU_TIME} is not installed; it measures peak memory).`);
    return undefined;
  }
  options.progress('  archive of 2 small documents (baseline) ...');
  const baseline = await archiveOnce(options, BASELINE_CASE, 0);
  const runs: ArchiveBenchRun[] = [];
  for (let run = 1; run <= options.runs; run++) {
    options.progress(`  archive of 10 × 5 MB, run ${run} of ${options.runs} ...`);
    runs.push(await archiveOnce(options, ARCHIVE_BENCH_CASE, run));
  }
  return {
    baseline,
    runs,
    medianWallMs: Math.round(median(runs.map((run) => run.wallMs))),
    medianMaxRssMb: Math.round(median(runs.map((run) => run.maxRssMb))),
  };
}

/** One archive of a fresh copy of a fixture case, so every file is downloaded and uploaded. */
async function archiveOnce(
  options: Parameters<typeof benchArchive>[0],
  caseName: string,
  run: number,
): Promise<ArchiveBenchRun> {
  const packageId = options.emulators.onespan.addFixturePackage(
    caseName,
    `BenchArchive${String(Date.now()).slice(-8)}${run}`.padEnd(27, '0') + '=',
  );
  const outcome = await runTimed(
    [
      process.execPath,
      join(options.projectRoot, 'scripts', 'launcher', 'run.mjs'),
      'archive',
      '--package',
      packageId,
      '--target-org',
      options.alias,
      '--json',
    ],
    options.projectRoot,
    options.env,
  );
  const timing = parseGnuTime(outcome.stderr);
  const files = (JSON.parse(outcome.stdout) as { result?: { files?: { status: string; bytes: number | null }[] } })
    .result?.files;
  if (outcome.exitCode !== 0 || !timing || !files) {
    throw new OssError({
      code: 'BenchRunFailedError',
      message: `npm run archive exited ${outcome.exitCode} during the benchmark; its figures would be meaningless.`,
      actions: ['Run `npm run archive` by hand against `npm run emulator` to see why.'],
    });
  }
  const stored = files.filter((file) => file.status === 'stored');
  return {
    wallMs: timing.wallMs,
    maxRssMb: Math.round(timing.maxRssKb / 1024),
    uploadedBytes: stored.reduce((sum, file) => sum + (file.bytes ?? 0), 0),
    files: stored.length,
  };
}

function runTimed(
  command: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(GNU_TIME, ['-v', ...command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    // Progress lines go to stderr too; GNU time's report is at the end of it.
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr }));
  });
}
