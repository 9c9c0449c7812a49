/**
 * Offline checks of the GitHub Actions workflows in `.github/workflows/`. A workflow can only be run on
 * GitHub, so the mistakes that would surface there late (a YAML slip, an `npm run` of a script that does
 * not exist, a secret the presence check forgets, a secret printed to the log) are caught here instead,
 * together with the house rules for CI (docs/ci.md): actions pinned to commit SHAs, triggers that never
 * run a job twice or hand secrets to fork code, credentials behind an Environment, timeouts that cover
 * every wait, URLs as variables, a clean-up that copes with a failed create, and OneSpan's one callback
 * recorded before and given back after a run registers. actionlint (./actionlint.ts) checks the rest.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';

/**
 * npm scripts the workflows call that are being written right now. Delete an entry once package.json
 * has the script (the check then reports the entry as stale). Empty: every script the workflows call exists.
 */
export const SCRIPTS_BEING_WRITTEN: readonly string[] = [];

/** The `id` of the step that checks a job's secrets are set; later steps run only when it says so. */
export const SECRETS_GUARD_STEP_ID = 'check-secrets';

/** Always provided by GitHub, so never missing on a fork. */
const ALWAYS_PRESENT_SECRETS = new Set(['GITHUB_TOKEN']);

export interface WorkflowProblem {
  file: string;
  /** Where in the file, e.g. `jobs.scratch-org.steps[3] (Authenticate Dev Hub)`. */
  where: string;
  message: string;
}

const envSchema = z.record(z.unknown());

const stepSchema = z
  .object({
    id: z.string().optional(),
    name: z.string().optional(),
    run: z.string().optional(),
    if: z.union([z.string(), z.boolean()]).optional(),
    env: envSchema.optional(),
    uses: z.string().optional(),
    with: z.record(z.unknown()).optional(),
    'timeout-minutes': z.unknown().optional(),
  })
  .passthrough();

const jobSchema = z
  .object({
    env: envSchema.optional(),
    steps: z.array(stepSchema).optional(),
    environment: z.unknown().optional(),
    'timeout-minutes': z.unknown().optional(),
  })
  .passthrough();

const workflowSchema = z
  .object({ on: z.unknown(), env: envSchema.optional(), jobs: z.record(jobSchema) })
  .passthrough()
  .refine((workflow) => workflow.on !== undefined, { message: 'has no `on:` trigger', path: ['on'] });

export type Workflow = z.infer<typeof workflowSchema>;
type Step = z.infer<typeof stepSchema>;
type Env = z.infer<typeof envSchema>;

/** Parses a workflow; YAML errors and a missing `on:`/`jobs:` are problems, not exceptions. */
export function parseWorkflow(file: string, text: string): { workflow?: Workflow; problems: WorkflowProblem[] } {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => ({ file, where: 'YAML', message: error.message.split('\n')[0] })),
    };
  }
  const parsed = workflowSchema.safeParse(document.toJS());
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        file,
        where: issue.path.join('.') || 'top level',
        message: `not a workflow: ${issue.message}`,
      })),
    };
  }
  return { workflow: parsed.data, problems: [] };
}

function stepLabel(jobId: string, index: number, step: Step): string {
  return `jobs.${jobId}.steps[${index}]${step.name ? ` (${step.name})` : ''}`;
}

function forEachStep(workflow: Workflow, visit: (jobId: string, index: number, step: Step) => void): void {
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    (job.steps ?? []).forEach((step, index) => visit(jobId, index, step));
  }
}

/** The npm scripts a shell script runs: `npm run X`, `npm run X -- ...`, `npm run-script X`, `npm test`. */
export function npmScriptsCalled(script: string): string[] {
  const runs = [...script.matchAll(/\bnpm\s+run(?:-script)?(?:\s+--?[\w-]+)*\s+([\w:.-]+)/g)].map((match) => match[1]);
  const tests = /\bnpm\s+(?:test|t)\b/.test(script) ? ['test'] : [];
  return [...runs, ...tests];
}

/** Each `npm run X` a step calls must exist in package.json, or be on the list of scripts being written. */
export function findUnknownScripts(
  file: string,
  workflow: Workflow,
  scripts: ReadonlySet<string>,
  beingWritten: readonly string[] = SCRIPTS_BEING_WRITTEN,
): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  forEachStep(workflow, (jobId, index, step) => {
    for (const script of npmScriptsCalled(step.run ?? '')) {
      if (!scripts.has(script) && !beingWritten.includes(script)) {
        problems.push({
          file,
          where: stepLabel(jobId, index, step),
          message: `runs \`npm run ${script}\`, but package.json has no "${script}" script`,
        });
      }
    }
  });
  return problems;
}

/** Entries of the being-written list that package.json now has: time to delete them from the list. */
export function findStaleScriptsBeingWritten(
  scripts: ReadonlySet<string>,
  beingWritten: readonly string[] = SCRIPTS_BEING_WRITTEN,
): WorkflowProblem[] {
  return beingWritten
    .filter((script) => scripts.has(script))
    .map((script) => ({
      file: 'scripts/checks/workflows.ts',
      where: 'SCRIPTS_BEING_WRITTEN',
      message: `"${script}" now exists in package.json: delete it from the list`,
    }));
}

/** Secret names referenced in `${{ ... }}` expressions, as `secrets.X` or `secrets['X']`. */
export function secretsReferenced(text: string): string[] {
  const names = [...text.matchAll(/\$\{\{([^}]*)\}\}/g)].flatMap((expression) =>
    [...expression[1].matchAll(/\bsecrets(?:\.([A-Za-z_]\w*)|\[\s*['"]([^'"]+)['"]\s*\])/g)].map(
      (match) => match[1] ?? match[2],
    ),
  );
  return [...new Set(names)];
}

/** Every string value in a parsed YAML tree: where `${{ }}` expressions can hide. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (value !== null && typeof value === 'object') {
    return Object.values(value).flatMap(stringsIn);
  }
  return [];
}

/** Names of environment variables whose value comes from a secret. */
function secretEnvNames(env: Env | undefined): string[] {
  return Object.entries(env ?? {})
    .filter(([, value]) => secretsReferenced(String(value)).length > 0)
    .map(([name]) => name);
}

/**
 * Every secret a job uses must be checked for presence by its guard step (bound in the guard's `env:`
 * and tested there as `$NAME`), every step after the guard must run only on the guard's say-so, and
 * secrets belong on the steps that need them, not in workflow- or job-wide `env:`.
 */
export function findUncheckedSecrets(file: string, workflow: Workflow): WorkflowProblem[] {
  const problems: WorkflowProblem[] = secretEnvNames(workflow.env).map((name) => ({
    file,
    where: `env.${name}`,
    message: 'a secret in workflow-wide env reaches every step: move it to the steps that need it',
  }));
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    for (const name of secretEnvNames(job.env)) {
      problems.push({
        file,
        where: `jobs.${jobId}.env.${name}`,
        message: 'a secret in job-wide env reaches every step: move it to the steps that need it',
      });
    }
    const steps = job.steps ?? [];
    const used = secretsOfJob(job);
    if (used.length === 0) {
      continue;
    }
    const guardIndex = steps.findIndex((step) => step.id === SECRETS_GUARD_STEP_ID);
    if (guardIndex < 0) {
      problems.push({
        file,
        where: `jobs.${jobId}`,
        message: `uses secrets ${used.join(', ')} but has no step with id "${SECRETS_GUARD_STEP_ID}" checking they are set`,
      });
      continue;
    }
    const guard = steps[guardIndex];
    const checkedEnv = Object.entries(guard.env ?? {});
    for (const secret of used) {
      const binding = checkedEnv.find(([, value]) => secretsReferenced(String(value)).includes(secret));
      const tested = binding && new RegExp(`\\$\\{?${binding[0]}\\b`).test(guard.run ?? '');
      if (!tested) {
        problems.push({
          file,
          where: stepLabel(jobId, guardIndex, guard),
          message: `does not check that secret ${secret} is set (bind it in env: and test "$NAME" in run:)`,
        });
      }
    }
    steps.slice(guardIndex + 1).forEach((step, offset) => {
      if (!String(step.if ?? '').includes(`steps.${SECRETS_GUARD_STEP_ID}.outputs.`)) {
        problems.push({
          file,
          where: stepLabel(jobId, guardIndex + 1 + offset, step),
          message: `runs even when secrets are missing: add "if: steps.${SECRETS_GUARD_STEP_ID}.outputs.ready == 'true'"`,
        });
      }
    });
  }
  return problems;
}

/**
 * The simple commands of a shell script, split at newlines, `;`, `&&`, `||`, pipes and `then`/`else`/`do`,
 * so that a test of a secret and an `echo` of something else on the same line are told apart.
 */
function shellCommands(script: string): string[] {
  return script
    .split(/\n|;|&&|\|\||\||\b(?:then|else|do)\b/)
    .map((command) => command.trim())
    .filter((command) => command.length > 0);
}

/**
 * No run script may print a secret (`echo`/`printf` of `${{ secrets.X }}` or of an env var bound to one),
 * and none may splice `${{ secrets.X }}` into its text: that puts the value in the script file and the
 * process list, where GitHub's log masking does not reach derived forms. Secrets go in through `env:`.
 */
export function findExposedSecrets(file: string, workflow: Workflow): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    (job.steps ?? []).forEach((step, index) => {
      const script = step.run ?? '';
      const where = stepLabel(jobId, index, step);
      const secretVars = [...secretEnvNames(workflow.env), ...secretEnvNames(job.env), ...secretEnvNames(step.env)];
      const inline = secretsReferenced(script);
      if (inline.length > 0) {
        problems.push({
          file,
          where,
          message: `puts secret ${inline.join(', ')} into the script text: pass it through env: instead`,
        });
      }
      for (const command of shellCommands(script)) {
        if (!/\b(?:echo|printf)\b/.test(command)) {
          continue;
        }
        const printed = [
          ...secretVars.filter((name) => new RegExp(`\\$\\{?${name}\\b`).test(command)),
          ...secretsReferenced(command),
        ];
        if (printed.length > 0) {
          problems.push({ file, where, message: `prints a secret (${printed.join(', ')}): "${command}"` });
        }
      }
    });
  }
  return problems;
}

/** `owner/repo@<40 hex> # vX.Y.Z`: a tag can be moved to other code, a commit cannot. */
const PINNED_USES = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;
const TAG_COMMENT = /^#\s*v\d+(?:\.\d+)*\s*$/;

/**
 * Every action or reusable workflow a workflow uses is pinned to a full commit SHA with its tag in a
 * comment on the same line (for people and for Dependabot). Local actions (`./`) and `docker://` images
 * are not looked up by tag, so they are left alone. Works on the text: comments are not in the parsed tree.
 */
export function findUnpinnedActions(file: string, text: string): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  text.split('\n').forEach((line, index) => {
    const match = /^\s*(?:-\s+)?uses:\s*['"]?([^'"\s#]+)['"]?\s*(#.*)?$/.exec(line);
    if (!match || match[1].startsWith('./') || match[1].startsWith('docker://')) {
      return;
    }
    const [, reference, comment] = match;
    const where = `line ${index + 1}`;
    if (!PINNED_USES.test(reference)) {
      problems.push({
        file,
        where,
        message: `uses ${reference}: pin it to a full commit SHA, with the tag in a comment`,
      });
    } else if (!comment || !TAG_COMMENT.test(comment.trim())) {
      problems.push({ file, where, message: `uses ${reference} without its tag in a comment (e.g. "# v4.3.0")` });
    }
  });
  return problems;
}

/** The events a workflow may run on: none of them runs fork code with secrets, none doubles a run. */
const ALLOWED_EVENTS = new Set(['push', 'pull_request', 'workflow_dispatch', 'schedule']);
const DEFAULT_BRANCH = 'main';

function triggerMap(on: unknown): Record<string, unknown> {
  if (typeof on === 'string') {
    return { [on]: null };
  }
  if (Array.isArray(on)) {
    return Object.fromEntries(on.map((event) => [String(event), null]));
  }
  return on !== null && typeof on === 'object' ? (on as Record<string, unknown>) : {};
}

/**
 * Triggers: only push, pull_request, workflow_dispatch and schedule (pull_request_target and the like run
 * with secrets on code from forks), and push only on main, so that a pull request from a branch of this
 * repository starts one run, not a push run and a pull_request run, each with its own scratch org.
 */
export function findUnsafeTriggers(file: string, workflow: Workflow): WorkflowProblem[] {
  const triggers = triggerMap(workflow.on);
  const problems: WorkflowProblem[] = Object.keys(triggers)
    .filter((event) => !ALLOWED_EVENTS.has(event))
    .map((event) => ({
      file,
      where: `on.${event}`,
      message: `runs on ${event}: only ${[...ALLOWED_EVENTS].join(', ')} are allowed`,
    }));
  if ('push' in triggers) {
    const push = triggers.push as { branches?: unknown } | null;
    const branches = Array.isArray(push?.branches) ? push.branches.map(String) : undefined;
    if (!branches || branches.length !== 1 || branches[0] !== DEFAULT_BRANCH) {
      problems.push({
        file,
        where: 'on.push',
        message: `runs on a push to any branch: limit it to "branches: [${DEFAULT_BRANCH}]" (a pull request runs through pull_request)`,
      });
    }
  }
  return problems;
}

function secretsOfJob(job: Workflow['jobs'][string]): string[] {
  return [...new Set(stringsIn(job).flatMap(secretsReferenced))].filter((name) => !ALWAYS_PRESENT_SECRETS.has(name));
}

/** A job that uses secrets runs behind a GitHub Environment, whose protection rules decide who may use them. */
export function findUnprotectedSecrets(file: string, workflow: Workflow): WorkflowProblem[] {
  return Object.entries(workflow.jobs)
    .filter(([, job]) => secretsOfJob(job).length > 0 && !job.environment)
    .map(([jobId, job]) => ({
      file,
      where: `jobs.${jobId}`,
      message: `uses secrets ${secretsOfJob(job).join(', ')} without "environment:": put them in a protected Environment`,
    }));
}

/** Settings that are not secrets: as secrets, GitHub would turn every URL in the log into `***`. */
export const SETTINGS_NOT_SECRETS: readonly string[] = ['ONESPAN_API_URL', 'SF_INSTANCE_URL', 'ONESPAN_EVENTS'];

export function findSettingsAsSecrets(file: string, workflow: Workflow): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    const misused = secretsOfJob(job).filter((name) => SETTINGS_NOT_SECRETS.includes(name));
    for (const name of misused) {
      problems.push({
        file,
        where: `jobs.${jobId}`,
        message: `reads ${name} from secrets: it is not a secret, make it a variable (\${{ vars.${name} }})`,
      });
    }
  }
  return problems;
}

function minutes(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : Number(value);
  return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(number))
    ? number
    : undefined;
}

/**
 * Every job has a timeout (GitHub's default is 6 hours), every step of it too, and the job's is above the
 * sum of its steps', so a step that hangs fails on its own timeout and the `always()` clean-up steps
 * still run. A step that waits for a new consumer key (`--wait-for-key N`) gets more than N minutes.
 */
export function findTimeoutProblems(file: string, workflow: Workflow): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    const jobTimeout = minutes(job['timeout-minutes']);
    if (jobTimeout === undefined) {
      problems.push({ file, where: `jobs.${jobId}`, message: 'has no timeout-minutes (the default is 360)' });
      continue;
    }
    let sum = 0;
    (job.steps ?? []).forEach((step, index) => {
      const stepTimeout = minutes(step['timeout-minutes']);
      const where = stepLabel(jobId, index, step);
      if (stepTimeout === undefined) {
        problems.push({
          file,
          where,
          message: 'has no timeout-minutes, so the job timeout cannot be checked against it',
        });
        return;
      }
      sum += stepTimeout;
      const keyWait = /--wait-for-key\s+(\d+(?:\.\d+)?)/.exec(step.run ?? '');
      if (keyWait && Number(keyWait[1]) >= stepTimeout) {
        problems.push({
          file,
          where,
          message: `waits up to ${keyWait[1]} min for a new key but times out after ${stepTimeout} min`,
        });
      }
    });
    if (sum >= jobTimeout) {
      problems.push({
        file,
        where: `jobs.${jobId}`,
        message: `timeout-minutes ${jobTimeout} is not above the sum of its steps' timeouts (${sum})`,
      });
    }
  }
  return problems;
}

function stepIndex(steps: readonly Step[], pattern: RegExp): number {
  return steps.findIndex((step) => pattern.test(step.run ?? ''));
}

/**
 * The scratch-org clean-up runs whatever happened (`always()`), but only once a create was attempted
 * (`steps.<create id>.outcome`), so a run that never got that far does not add a second red step.
 */
export function findUnsafeCleanup(file: string, workflow: Workflow): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    const steps = job.steps ?? [];
    const deleteIndex = stepIndex(steps, /\bsf\s+org\s+delete\b/);
    if (deleteIndex < 0) {
      continue;
    }
    const cleanup = steps[deleteIndex];
    const where = stepLabel(jobId, deleteIndex, cleanup);
    const condition = String(cleanup.if ?? '');
    if (!condition.startsWith('always()')) {
      problems.push({
        file,
        where,
        message: 'deletes the org only when everything passed: start its if: with always()',
      });
    }
    const create = steps[stepIndex(steps, /\bsf\s+org\s+create\b/)];
    if (!create?.id || !condition.includes(`steps.${create.id}.outcome`)) {
      problems.push({
        file,
        where,
        message: 'runs even when no org was created: give the create step an id and test steps.<id>.outcome in if:',
      });
    }
  }
  return problems;
}

/**
 * A job that registers a callback with OneSpan takes the account's one callback: it must record the
 * registration before (`ci-registration -- record`, which also refuses non-sandbox URLs) and give it back
 * after, in a step that runs whatever happened (`ci-registration -- restore`, `if: always() ...`); and it
 * must wait for the new consumer key (`--wait-for-key`), since it registers right after a deploy.
 */
export function findUnguardedRegistration(file: string, workflow: Workflow): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    const steps = job.steps ?? [];
    const registerIndex = stepIndex(steps, /\bnpm\s+run\s+register\b/);
    if (registerIndex < 0) {
      continue;
    }
    const where = stepLabel(jobId, registerIndex, steps[registerIndex]);
    const recordIndex = stepIndex(steps, /\bnpm\s+run\s+ci-registration\s+--\s+record\b/);
    const restoreIndex = stepIndex(steps, /\bnpm\s+run\s+ci-registration\s+--\s+restore\b/);
    if (recordIndex < 0 || recordIndex > registerIndex) {
      problems.push({
        file,
        where,
        message: 'registers without recording the OneSpan registration first (npm run ci-registration -- record)',
      });
    }
    if (restoreIndex < registerIndex || !String(steps[restoreIndex].if ?? '').startsWith('always()')) {
      problems.push({
        file,
        where,
        message:
          'registers without giving the callback back afterwards (npm run ci-registration -- restore, if: always() ...)',
      });
    }
    if (!/--wait-for-key\s+\d/.test(steps[registerIndex].run ?? '')) {
      problems.push({
        file,
        where,
        message: "registers right after a deploy without --wait-for-key: the new key's first token requests fail",
      });
    }
  }
  return problems;
}

/**
 * The commands that talk to OneSpan or point the org at it. In a job that names a OneSpan URL, each of them
 * must see it: without it, deploy points the Named Credential at the default region and register or smoke
 * would talk to another account's region than the one the job recorded.
 */
const ONESPAN_COMMANDS = [
  'deploy',
  'register',
  'verify',
  'doctor',
  'smoke',
  'reconcile',
  'archive',
  'credential',
  'ci-registration',
];

function envNames(env: Env | undefined): string[] {
  return Object.keys(env ?? {});
}

export function findStepsWithoutOneSpanUrl(file: string, workflow: Workflow): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    const steps = job.steps ?? [];
    const inherited = [...envNames(workflow.env), ...envNames(job.env)].includes('ONESPAN_API_URL');
    if (inherited || !steps.some((step) => envNames(step.env).includes('ONESPAN_API_URL'))) {
      continue;
    }
    steps.forEach((step, index) => {
      const oneSpanCommands = npmScriptsCalled(step.run ?? '').filter((script) => ONESPAN_COMMANDS.includes(script));
      if (oneSpanCommands.length > 0 && !envNames(step.env).includes('ONESPAN_API_URL')) {
        problems.push({
          file,
          where: stepLabel(jobId, index, step),
          message: `runs npm run ${oneSpanCommands.join(', ')} without ONESPAN_API_URL, which other steps of the job set: add it to the step's env`,
        });
      }
    });
  }
  return problems;
}

/** The Apex analyzer in `npm test` needs Java 21 or later (class-file 65). */
export const MIN_JAVA_VERSION = 21;

export function findOldJava(file: string, workflow: Workflow): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  forEachStep(workflow, (jobId, index, step) => {
    if (!/^actions\/setup-java@/.test(String(step.uses ?? ''))) {
      return;
    }
    const version = String((step.with as Record<string, unknown> | undefined)?.['java-version'] ?? '');
    const major = Number(/^\d+/.exec(version)?.[0]);
    if (!(major >= MIN_JAVA_VERSION)) {
      problems.push({
        file,
        where: stepLabel(jobId, index, step),
        message: `installs Java "${version}": the Apex analyzer needs ${MIN_JAVA_VERSION} or later`,
      });
    }
  });
  return problems;
}

/**
 * Node comes from .nvmrc in every workflow, so that moving to the next LTS is one file, proven by .ci/run on the same
 * version (scripts/checks/node-versions.ts keeps .nvmrc inside package.json's engines).
 */
export function findNodeNotFromNvmrc(file: string, workflow: Workflow): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  forEachStep(workflow, (jobId, index, step) => {
    if (!/^actions\/setup-node@/.test(String(step.uses ?? ''))) {
      return;
    }
    const settings = (step.with as Record<string, unknown> | undefined) ?? {};
    if (settings['node-version-file'] !== '.nvmrc' || settings['node-version'] !== undefined) {
      problems.push({
        file,
        where: stepLabel(jobId, index, step),
        message: "installs Node without node-version-file: '.nvmrc': read the version from .nvmrc, as every job does",
      });
    }
  });
  return problems;
}

/** All checks of one workflow file's text. */
export function validateWorkflow(
  file: string,
  text: string,
  scripts: ReadonlySet<string>,
  beingWritten: readonly string[] = SCRIPTS_BEING_WRITTEN,
): WorkflowProblem[] {
  const { workflow, problems } = parseWorkflow(file, text);
  if (!workflow) {
    return problems;
  }
  return [
    ...findUnknownScripts(file, workflow, scripts, beingWritten),
    ...findUncheckedSecrets(file, workflow),
    ...findExposedSecrets(file, workflow),
    ...findUnpinnedActions(file, text),
    ...findUnsafeTriggers(file, workflow),
    ...findUnprotectedSecrets(file, workflow),
    ...findSettingsAsSecrets(file, workflow),
    ...findTimeoutProblems(file, workflow),
    ...findUnsafeCleanup(file, workflow),
    ...findUnguardedRegistration(file, workflow),
    ...findOldJava(file, workflow),
    ...findNodeNotFromNvmrc(file, workflow),
    ...findStepsWithoutOneSpanUrl(file, workflow),
  ];
}

/** The workflow files of a repository, relative to its root. */
export function listWorkflowFiles(rootDir: string): string[] {
  const dir = path.join(rootDir, '.github', 'workflows');
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => path.join('.github', 'workflows', name));
}

/** Checks every workflow of the repository at `rootDir` against its package.json. */
export function checkWorkflows(
  rootDir: string,
  beingWritten: readonly string[] = SCRIPTS_BEING_WRITTEN,
): WorkflowProblem[] {
  const packageJson = JSON.parse(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const scripts = new Set(Object.keys(packageJson.scripts ?? {}));
  const files = listWorkflowFiles(rootDir);
  if (files.length === 0) {
    return [{ file: '.github/workflows', where: 'folder', message: 'holds no workflow (*.yml) files' }];
  }
  return [
    ...files.flatMap((file) =>
      validateWorkflow(file, fs.readFileSync(path.join(rootDir, file), 'utf8'), scripts, beingWritten),
    ),
    ...findStaleScriptsBeingWritten(scripts, beingWritten),
  ];
}
