/**
 * Runs a deploy plan step by step through the sf CLI, stops at the first failure with its fix, and
 * treats "already done" as done, so running the deploy again after a fix is always safe.
 */
import { OssError } from '../errors';
import { formatMessage } from '../messages';
import { deployText, dryRunDependencyAction } from '../messages/deploy';
import type { Reporter } from '../output';
import { collectProblems, explainStepFailure } from './cli-errors';
import type { DeployPlan, DeployStep, StepKind } from './plan';
import type { SfOutcome, SfRunner } from './sf-cli';

export type StepStatus = 'passed' | 'unchanged' | 'skipped';

export interface StepResult {
  number: number;
  kind: StepKind;
  title: string;
  status: StepStatus;
  detail: string;
  seconds: number;
  /** The Metadata API deploy id, to look the deploy up in Setup > Deployment Status. */
  deployId?: string;
}

export interface ExecuteOptions {
  runner: SfRunner;
  reporter: Reporter;
  /** Variables the sfdx-project.json replacements read (plain values; secrets are already in the environment). */
  env: Readonly<Record<string, string>>;
  /** How often a long step reports that it is still running. */
  progressIntervalMs?: number;
}

type Loose = Record<string, unknown>;

const DEFAULT_PROGRESS_INTERVAL_MS = 15_000;
const ALREADY_ASSIGNED = /duplicate value found/i;

export async function executeDeployPlan(plan: DeployPlan, options: ExecuteOptions): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const total = plan.steps.length;
  for (const step of plan.steps) {
    const handle = options.reporter.step(`Step ${step.number}/${total}: ${step.title}`);
    if (!step.runs) {
      handle.warn(step.skipReason);
      results.push(result(step, 'skipped', step.skipReason ?? '', 0));
      continue;
    }
    const started = Date.now();
    let outcome: SfOutcome;
    const stopProgress = reportProgress(step, total, options);
    try {
      outcome = await options.runner(step.sfArgs, options.env);
    } finally {
      stopProgress();
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    try {
      const stepResult = interpret(step, outcome, plan.dryRun, seconds);
      handle.pass(`${stepResult.detail} (${seconds} s)`);
      results.push(stepResult);
    } catch (error) {
      handle.fail();
      throw withProgress(OssError.wrap(error), plan, results);
    }
  }
  return results;
}

function reportProgress(step: DeployStep, total: number, options: ExecuteOptions): () => void {
  const started = Date.now();
  options.reporter.progress(formatMessage(deployText.startingStep, [step.number, total, step.title]));
  const timer = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    options.reporter.progress(formatMessage(deployText.stillDeploying, [step.number, seconds]));
  }, options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

function interpret(step: DeployStep, outcome: SfOutcome, dryRun: boolean, seconds: number): StepResult {
  const json = outcome.json;
  const body = (json?.result ?? {}) as Loose;
  const succeeded = outcome.exitCode === 0 && json?.status === 0;

  // `sf org assign permsetlicense` itself counts an existing licence assignment as a success.
  if (step.kind !== 'deploy') {
    if (succeeded) {
      return result(step, 'passed', deployText.assigned, seconds);
    }
    const problems = collectProblems(json);
    if (problems.length > 0 && problems.every((problem) => ALREADY_ASSIGNED.test(problem))) {
      return result(step, 'unchanged', deployText.alreadyAssigned, seconds);
    }
    throw failure(step, outcome, dryRun);
  }

  if (succeeded && body.success !== false) {
    const count = typeof body.numberComponentsDeployed === 'number' ? body.numberComponentsDeployed : countFiles(body);
    const detail = formatMessage(dryRun ? deployText.validated : deployText.deployed, [count]);
    return {
      ...result(step, 'passed', detail, seconds),
      ...(typeof body.id === 'string' ? { deployId: body.id } : {}),
    };
  }
  throw failure(step, outcome, dryRun);
}

function failure(step: DeployStep, outcome: SfOutcome, dryRun: boolean): OssError {
  const problems = collectProblems(outcome.json);
  if (problems.length === 0) {
    problems.push(outcome.stderrTail || `sf exited with code ${outcome.exitCode} and reported nothing`);
  }
  const error = explainStepFailure(step, problems);
  if (!dryRun || step.dependsOn.length === 0) {
    return error;
  }
  return new OssError({
    code: error.code,
    message: error.message,
    actions: [...error.actions, formatMessage(dryRunDependencyAction, [step.dependsOn.join(', ')])],
    exitCode: error.exitCode,
    data: error.data,
  });
}

/** A failure still tells `--json` readers the plan and which steps had already succeeded. */
function withProgress(error: OssError, plan: DeployPlan, completed: StepResult[]): OssError {
  return new OssError({
    code: error.code,
    message: error.message,
    actions: error.actions,
    exitCode: error.exitCode,
    data: { ...(error.data as object | undefined), completed, plan },
    cause: error.cause,
  });
}

function countFiles(body: Loose): number {
  return Array.isArray(body.files) ? body.files.length : 0;
}

function result(step: DeployStep, status: StepStatus, detail: string, seconds: number): StepResult {
  return { number: step.number, kind: step.kind, title: step.title, status, detail, seconds };
}
