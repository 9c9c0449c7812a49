/**
 * What every offline check reports. A check fails when it reports at least one finding of severity `error`;
 * `warning` findings are printed but never fail the run (e.g. PMD severity 3-5).
 */
export type Finding = {
  /** Path relative to the project root (or absolute when the file is outside it). */
  file: string;
  line?: number;
  column?: number;
  message: string;
  rule?: string;
  /** Absent means `error`. */
  severity?: 'error' | 'warning';
};

/** A check's findings plus short lines worth printing even on success (e.g. component counts). */
export type CheckOutcome = {
  findings: Finding[];
  notes?: string[];
};

export const isError = (finding: Finding): boolean => (finding.severity ?? 'error') === 'error';

export function formatFinding(finding: Finding): string {
  const position = [finding.file, finding.line, finding.line === undefined ? undefined : finding.column]
    .filter((part) => part !== undefined)
    .join(':');
  const rule = finding.rule ? ` [${finding.rule}]` : '';
  const prefix = isError(finding) ? '' : 'warning: ';
  return `${position} ${prefix}${finding.message}${rule}`;
}
