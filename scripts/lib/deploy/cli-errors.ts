/**
 * Turns what the sf CLI reports about a failed step into one OssError: the guide's cause and fix when
 * the failure is a known one, else the CLI's own words with where to look next.
 */
import type { OssError } from '../errors';
import { createError } from '../messages';
import { cliFailureFixes, deployMessages, type CliFailureFix } from '../messages/deploy';
import type { SfJson } from './sf-cli';

type Loose = Record<string, unknown>;

function asRecord(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined;
}

/** The Metadata API sends one failure as an object and several as an array. */
function asList(value: unknown): Loose[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.map(asRecord).filter((item): item is Loose => item !== undefined);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Every problem in an sf `--json` document, one line each: the top-level error (`Name: message`),
 * component failures and failed files of a deploy (`Type Name: problem`), failed Apex tests, and the
 * failures of `org assign permset` (`user: message`). Duplicates (a deploy lists a failure twice) go.
 */
export function collectProblems(json: SfJson | undefined): string[] {
  if (!json) {
    return [];
  }
  const problems: string[] = [];
  const message = text(json.message);
  if (message) {
    problems.push(json.name ? `${json.name}: ${message}` : message);
  }
  const result = asRecord(json.result);
  const details = asRecord(result?.details);
  for (const failure of asList(details?.componentFailures)) {
    const problem = text(failure.problem);
    if (problem) {
      problems.push(`${text(failure.componentType) ?? 'Component'} ${text(failure.fullName) ?? ''}: ${problem}`);
    }
  }
  for (const file of asList(result?.files)) {
    const error = text(file.error);
    if (file.state === 'Failed' && error) {
      problems.push(`${text(file.type) ?? 'Component'} ${text(file.fullName) ?? ''}: ${error}`);
    }
  }
  for (const test of asList(asRecord(details?.runTestResult)?.failures)) {
    problems.push(
      `Apex test ${text(test.name) ?? ''}.${text(test.methodName) ?? ''}: ${text(test.message) ?? 'failed'}`,
    );
  }
  for (const failure of asList(result?.failures)) {
    const failureMessage = text(failure.message);
    if (failureMessage) {
      problems.push(`${text(failure.name) ?? 'user'}: ${failureMessage}`);
    }
  }
  return [...new Set(problems)];
}

/** The first fix whose pattern matches any problem line, with the line it matched. */
export function findKnownFix(
  problems: readonly string[],
  fixes: readonly CliFailureFix[] = cliFailureFixes,
): { fix: CliFailureFix; problem: string } | undefined {
  for (const fix of fixes) {
    const problem = problems.find((line) => fix.pattern.test(line));
    if (problem) {
      return { fix, problem };
    }
  }
  return undefined;
}

export interface FailedStep {
  number: number;
  title: string;
}

/** One error for a failed step; `data` carries every problem line for `--json`. */
export function explainStepFailure(step: FailedStep, problems: readonly string[]): OssError {
  const data = { step: step.number, problems };
  const known = findKnownFix(problems);
  if (known) {
    return createError(known.fix.entry, [known.problem], { data });
  }
  const summary = problems.length > 0 ? problems.join('; ') : 'the sf CLI gave no reason';
  return createError(deployMessages.stepFailed, [step.number, step.title, summary], { data });
}
