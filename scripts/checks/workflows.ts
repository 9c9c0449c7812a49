/**
 * Offline checks of the GitHub Actions workflows in `.github/workflows/`. A workflow can only be run on
 * GitHub, so the mistakes that would surface there late (a YAML slip, an `npm run` of a script that does
 * not exist, a secret the presence check forgets, a secret printed to the log) are caught here instead.
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
  })
  .passthrough();

const jobSchema = z.object({ env: envSchema.optional(), steps: z.array(stepSchema).optional() }).passthrough();

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
    const used = [...new Set(stringsIn(job).flatMap(secretsReferenced))].filter(
      (name) => !ALWAYS_PRESENT_SECRETS.has(name),
    );
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
