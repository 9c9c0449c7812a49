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
  reporter.log();
  reporter.log(doctorVerdict(checks));
}

/**
 * One line that counts each result apart: "All 14 checks passed." only when all 14 ran and passed; a
 * skipped check (no --target-org, or an earlier failure) is never counted as passed.
 */
export function doctorVerdict(checks: readonly DoctorCheck[]): string {
  const count = (status: DoctorCheck['status']) => checks.filter((check) => check.status === status).length;
  const [passed, warned, skipped, failed] = [count('pass'), count('warn'), count('skip'), count('fail')];
  if (passed === checks.length) {
    return `${formatMessage(doctorText.allPassed, [checks.length])}.`;
  }
  const parts = [
    [doctorText.passedCount, passed],
    [doctorText.warnedCount, warned],
    [doctorText.skippedCount, skipped],
  ] as const;
  const counts = parts.filter(([, n]) => n > 0).map(([text, n]) => formatMessage(text, [n]));
  const lead =
    failed > 0
      ? formatMessage(doctorText.failedCount, [failed, checks.length])
      : formatMessage(doctorText.checkCount, [checks.length]);
  return counts.length > 0 ? `${lead}: ${counts.join(', ')}.` : `${lead}.`;
}

/** Exit code of a doctor run: 1 when any check failed; warnings and skips alone do not fail it. */
export function doctorExitCode(checks: readonly DoctorCheck[]): number {
  return checks.some((check) => check.status === 'fail') ? 1 : 0;
}
