/** GNU time's -v report, as the archive benchmark reads it: wall time and peak memory. */
import { parseGnuTime } from '../../../scripts/bench/archive';

const report = (elapsed: string) =>
  [
    '\tCommand being timed: "node --import tsx scripts/commands/archive.ts"',
    '\tPercent of CPU this job got: 61%',
    `\tElapsed (wall clock) time (h:mm:ss or m:ss): ${elapsed}`,
    '\tMaximum resident set size (kbytes): 187432',
  ].join('\n');

it('reads m:ss.ss and h:mm:ss wall times and the maximum resident set size', () => {
  expect(parseGnuTime(report('0:05.12'))).toEqual({ wallMs: 5120, maxRssKb: 187432 });
  expect(parseGnuTime(report('1:02:03'))).toEqual({ wallMs: 3_723_000, maxRssKb: 187432 });
});

it('gives nothing for output that is not the report', () => {
  expect(parseGnuTime('archive: stored 11 files')).toBeUndefined();
  expect(parseGnuTime(report('soon'))).toBeUndefined();
});
