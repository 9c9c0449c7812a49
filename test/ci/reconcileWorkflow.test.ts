/** The scheduled reconcile workflow: daily, guarded like the scratch-org job, failing when reconcile fails. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkWorkflows, parseWorkflow } from '../../scripts/checks/workflows';

const ROOT = path.join(__dirname, '..', '..');
const FILE = path.join('.github', 'workflows', 'reconcile.yml');

describe('.github/workflows/reconcile.yml', () => {
  const { workflow, problems } = parseWorkflow(FILE, fs.readFileSync(path.join(ROOT, FILE), 'utf8'));

  it('passes the workflow checks (scripts exist, secrets checked and never printed)', () => {
    expect(problems).toEqual([]);
    expect(checkWorkflows(ROOT).filter((problem) => problem.file === FILE)).toEqual([]);
  });

  it('keeps its credentials in the reconcile environment and pins actions to commit SHAs', () => {
    expect((workflow?.jobs.reconcile as { environment?: string }).environment).toBe('reconcile');
    const text = fs.readFileSync(path.join(ROOT, FILE), 'utf8');
    const uses = [...text.matchAll(/uses: (\S+)/g)].map((match) => match[1]);
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.filter((reference) => !/@[0-9a-f]{40}$/.test(reference))).toEqual([]);
  });

  it('runs daily and on demand', () => {
    const on = workflow?.on as { schedule: { cron: string }[]; workflow_dispatch: unknown };
    expect(on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) as string }]);
    expect(on.workflow_dispatch).toBeDefined();
  });

  it('runs reconcile --since 2d by default, only when the settings are there, and lets its exit code fail the job', () => {
    const steps = (workflow?.jobs.reconcile.steps ?? []) as {
      run?: string;
      if?: string;
      env?: Record<string, string>;
      'continue-on-error'?: boolean;
    }[];
    const step = steps.find((candidate) => candidate.run?.includes('npm run reconcile'));
    expect(step?.run).toBe('npm run reconcile -- --since "$SINCE"');
    expect(step?.env?.SINCE).toBe("${{ inputs.since || '2d' }}");
    expect(step?.if).toBe("steps.check-secrets.outputs.ready == 'true'");
    expect(step?.['continue-on-error']).toBeUndefined();
    expect(Object.keys(step?.env ?? {})).toEqual(
      expect.arrayContaining([
        'SF_INSTANCE_URL',
        'SF_CLIENT_ID',
        'SF_CLIENT_SECRET',
        'ONESPAN_API_URL',
        'ONESPAN_API_KEY',
      ]),
    );
  });
});
