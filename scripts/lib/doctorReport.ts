/** The human form of doctor's checks: one table row per check, then a one-line verdict. */
import { DoctorCheck } from './doctor';
import { formatMessage } from './messages';
import { doctorText } from './messages/doctor';
import { Reporter } from './output';

const MARKS = { pass: '✔ pass', fail: '✖ fail', warn: '⚠ warn', skip: '- skip' } as const;

export function renderDoctor(reporter: Reporter, checks: readonly DoctorCheck[]): void {
  reporter.table(
    ['Check', 'Result', 'Fix'],
    checks.map((check) => [check.title, `${MARKS[check.status]}: ${check.detail}`, check.fix.join(' ')]),
  );
  const failed = checks.filter((check) => check.status === 'fail').length;
  const warned = checks.filter((check) => check.status === 'warn').length;
  reporter.log();
  reporter.log(
    failed > 0
      ? formatMessage(doctorText.failedCount, [failed, checks.length])
      : formatMessage(doctorText.allPassed, [
          checks.length,
          warned > 0 ? formatMessage(doctorText.withWarnings, [warned]) : '',
        ]),
  );
}

/** Exit code of a doctor run: 1 when any check failed; warnings and skips alone do not fail it. */
export function doctorExitCode(checks: readonly DoctorCheck[]): number {
  return checks.some((check) => check.status === 'fail') ? 1 : 0;
}
