/** doctor's last line counts passed, warned, skipped and failed checks apart: a skip is never a pass. */
import { DoctorCheck } from '../../../scripts/lib/doctor';
import { doctorVerdict } from '../../../scripts/lib/doctorReport';

function checks(statuses: Record<DoctorCheck['status'], number>): DoctorCheck[] {
  return (Object.entries(statuses) as [DoctorCheck['status'], number][]).flatMap(([status, n]) =>
    Array.from({ length: n }, () => ({ id: 'settings' as const, title: 'Settings', status, detail: '', fix: [] })),
  );
}

describe('doctorVerdict', () => {
  it('says all passed only when every check ran and passed', () => {
    expect(doctorVerdict(checks({ pass: 14, warn: 0, skip: 0, fail: 0 }))).toBe('All 14 checks passed.');
  });

  it('counts skipped checks apart, as when no --target-org is given', () => {
    expect(doctorVerdict(checks({ pass: 9, warn: 0, skip: 5, fail: 0 }))).toBe('14 checks: 9 passed, 5 skipped.');
  });

  it('counts warnings apart', () => {
    expect(doctorVerdict(checks({ pass: 12, warn: 1, skip: 1, fail: 0 }))).toBe(
      '14 checks: 12 passed, 1 with a warning, 1 skipped.',
    );
  });

  it('leads with the failures, then what passed and what was skipped', () => {
    expect(doctorVerdict(checks({ pass: 11, warn: 0, skip: 2, fail: 1 }))).toBe(
      '1 of 14 checks failed: 11 passed, 2 skipped.',
    );
    expect(doctorVerdict(checks({ pass: 0, warn: 0, skip: 0, fail: 3 }))).toBe('3 of 3 checks failed.');
  });
});
