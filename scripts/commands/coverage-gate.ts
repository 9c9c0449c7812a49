/**
 * `npm run coverage-gate -- [--file <report>] [--min 90] [--source-dir <dir>]... [--json]`: fails when a
 * project Apex class or trigger is below the minimum line coverage in the report written by
 * `sf apex run test --code-coverage --result-format json --output-dir test-results`.
 */
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import {
  CoverageEvaluation,
  CoverageRow,
  DEFAULT_COVERAGE_REPORT,
  coverageFailure,
  evaluateCoverage,
  listApexSources,
  parseMinimum,
  projectSourceDirs,
  readCoverageReport,
} from '../lib/coverage';
import { Reporter, runCommand } from '../lib/output';

interface CoverageGateFlags {
  file: string;
  min: string;
  sourceDir: string[];
  json: boolean;
}

const RESULT_TEXT: Readonly<Record<CoverageRow['status'], string>> = {
  pass: 'ok',
  below: 'BELOW MINIMUM',
  missing: 'NOT RUN BY ANY TEST',
  'no-lines': 'no executable lines',
};

function formatPercent(percent: number | null): string {
  // One decimal, truncated, so a failing 89.96% never displays as a passing-looking 90.0%.
  return percent === null ? '-' : `${(Math.floor(percent * 10) / 10).toFixed(1)}%`;
}

function render(reporter: Reporter, file: string, evaluation: CoverageEvaluation): void {
  reporter.log(`Apex line coverage per project class and trigger (${file}), minimum ${evaluation.minimum}%:`);
  reporter.table(
    ['Name', 'Kind', 'Lines covered', 'Coverage', 'Result'],
    evaluation.rows.map((row) => [
      row.name,
      row.kind,
      row.status === 'missing' ? '-' : `${row.coveredLines}/${row.totalLines}`,
      formatPercent(row.percent),
      RESULT_TEXT[row.status],
    ]),
  );
  const { coveredLines, totalLines, percent } = evaluation.total;
  reporter.log(`Total: ${coveredLines}/${totalLines} lines, ${formatPercent(percent)}.`);
  if (evaluation.ignored.length > 0) {
    reporter.log(`Not measured: ${evaluation.ignored.map((source) => `${source.name} (${source.role})`).join(', ')}.`);
  }
  if (evaluation.outsideProject.length > 0) {
    reporter.log(`Outside the project, ignored: ${evaluation.outsideProject.join(', ')}.`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  return runCommand(wantsJson(argv), async (reporter) => {
    const command = createCommand('coverage-gate', 'Fail when a project Apex class is below the minimum line coverage.')
      .option('--file <path>', 'Coverage report written by sf apex run test --code-coverage.', DEFAULT_COVERAGE_REPORT)
      .option('--min <percent>', 'Lowest acceptable line coverage per class and trigger, in percent.', '90')
      .option(
        '--source-dir <dir>',
        'Folder holding the project Apex (repeatable); default: packageDirectories of sfdx-project.json.',
        (dir: string, dirs: string[]) => [...dirs, dir],
        [] as string[],
      );
    const flags = parseFlags<CoverageGateFlags>(command, argv);
    const minimum = parseMinimum(flags.min);
    const sourceDirs = flags.sourceDir.length > 0 ? flags.sourceDir : projectSourceDirs(process.cwd());
    const evaluation = evaluateCoverage(readCoverageReport(flags.file), listApexSources(sourceDirs), minimum);
    render(reporter, flags.file, evaluation);
    if (!evaluation.passed) {
      throw coverageFailure(evaluation);
    }
    return { result: evaluation };
  });
}

void main(process.argv.slice(2));
