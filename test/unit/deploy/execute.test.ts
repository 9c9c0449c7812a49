import { OssError } from '../../../scripts/lib/errors';
import { executeDeployPlan } from '../../../scripts/lib/deploy/execute';
import { buildDeployPlan, type DeployPlanOptions } from '../../../scripts/lib/deploy/plan';
import type { SfOutcome, SfRunner } from '../../../scripts/lib/deploy/sf-cli';
import { Reporter } from '../../../scripts/lib/output';

const folders = [
  'classes',
  'externalClientApps',
  'extlClntAppGlobalOauthSets',
  'extlClntAppOauthPolicies',
  'extlClntAppOauthSettings',
  'extlClntAppPolicies',
  'permissionsets',
].map((name) => `force-app/main/default/${name}`);

function plan(dryRun = false, overrides: Partial<DeployPlanOptions> = {}) {
  return buildDeployPlan({
    option: 'external-client-app',
    dryRun,
    targetOrg: 'uat',
    runAsUsername: { value: 'int@acme.com', source: 'environment', origin: 'OSS_RUN_AS_USERNAME' },
    contactEmail: { value: 'ops@acme.com', source: 'environment', origin: 'OSS_CONTACT_EMAIL' },
    metadataFolders: folders,
    waitMinutes: 33,
    ...overrides,
  });
}

/** `sf org assign permset|permsetlicense` refusing the user, with Salesforce's message. */
function assignmentRefused(message: string): SfOutcome {
  return {
    exitCode: 1,
    json: { status: 1, result: { successes: [], failures: [{ name: 'int@acme.com', message }] } },
    stderrTail: '',
  };
}

const deployed: SfOutcome = {
  exitCode: 0,
  json: { status: 0, result: { id: '0Af000000000001', success: true, numberComponentsDeployed: 7, files: [] } },
  stderrTail: '',
};
const assigned: SfOutcome = {
  exitCode: 0,
  json: {
    status: 0,
    result: { successes: [{ name: 'int@acme.com', value: 'OSS_Callback_Integration' }], failures: [] },
  },
  stderrTail: '',
};
const invalidRunAs: SfOutcome = {
  exitCode: 1,
  json: {
    status: 1,
    result: {
      success: false,
      details: {
        componentFailures: {
          componentType: 'ExtlClntAppOauthConfigurablePolicies',
          fullName: 'OneSpan_Sign_Callback_oauthPlcy',
          problem: 'Enter a valid execution user for the OAuth client credentials flow.',
        },
      },
    },
  },
  stderrTail: '',
};

/** Answers each call with the next outcome and records what was asked. */
type Call = { args: readonly string[]; env: Readonly<Record<string, string | undefined>> };

function scriptedRunner(outcomes: SfOutcome[]): SfRunner & { calls: Call[] } {
  const calls: Call[] = [];
  const runner = async (args: readonly string[], env: Call['env'] = {}) => {
    calls.push({ args, env });
    const outcome = outcomes.shift();
    if (!outcome) throw new Error(`unexpected sf call: ${args.join(' ')}`);
    return outcome;
  };
  return Object.assign(runner, { calls });
}

function capture(): { reporter: Reporter; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { reporter: new Reporter(false, { out: (t) => out.push(t), err: (t) => err.push(t) }), out, err };
}

const env = { OSS_RUN_AS_USERNAME: 'int@acme.com', OSS_CONTACT_EMAIL: 'ops@acme.com' };

describe('executeDeployPlan', () => {
  it('runs the steps in order with the replacement values and reports each one', async () => {
    const runner = scriptedRunner([deployed, deployed, deployed, assigned]);
    const { reporter, out } = capture();
    const results = await executeDeployPlan(plan(), { runner, reporter, env });
    expect(runner.calls.map((call) => call.args.slice(0, 3).join(' '))).toEqual([
      'project deploy start',
      'project deploy start',
      'project deploy start',
      'org assign permset',
    ]);
    runner.calls.forEach((call) => expect(call.env).toEqual(env));
    expect(results.map((r) => [r.number, r.status, r.detail])).toEqual([
      [1, 'passed', '7 components'],
      [2, 'passed', '7 components'],
      [3, 'passed', '7 components'],
      [4, 'passed', 'assigned'],
    ]);
    expect(results[0].deployId).toBe('0Af000000000001');
    expect(out.join('')).toMatch(
      /✔ Step 4\/4: Assign OSS_Callback_Integration to the Run As user int@acme.com \.\.\. assigned/,
    );
  });

  it('treats an existing assignment as done, so a re-run succeeds', async () => {
    const duplicate = assignmentRefused(
      'duplicate value found: <unknown> duplicates value on record with id: <unknown>',
    );
    const results = await executeDeployPlan(plan(), {
      runner: scriptedRunner([deployed, deployed, deployed, duplicate]),
      reporter: capture().reporter,
      env,
    });
    expect(results[3]).toMatchObject({ status: 'unchanged', detail: 'already assigned' });
  });

  it('assigns the permission set licence before the permission set, and names the fix when Salesforce refuses the set', async () => {
    const withLicence = plan(false, { runAsNeedsIntegrationPsl: true });
    const licenceAssigned: SfOutcome = {
      exitCode: 0,
      json: {
        status: 0,
        result: { successes: [{ name: 'int@acme.com', value: 'SalesforceAPIIntegrationPsl' }], failures: [] },
      },
      stderrTail: '',
    };
    const results = await executeDeployPlan(withLicence, {
      runner: scriptedRunner([deployed, deployed, deployed, licenceAssigned, assigned]),
      reporter: capture().reporter,
      env,
    });
    expect(results.map((result) => [result.kind, result.status])).toEqual([
      ['deploy', 'passed'],
      ['deploy', 'passed'],
      ['deploy', 'passed'],
      ['assign-permission-set-licence', 'passed'],
      ['assign-permission-set', 'passed'],
    ]);

    const refused = assignmentRefused(
      'Can\'t assign permission set "OSS Callback Integration" to user "Int". The user license doesn\'t allow the permission: Read User External Credentials',
    );
    const error = await executeDeployPlan(plan(), {
      runner: scriptedRunner([deployed, deployed, deployed, refused]),
      reporter: capture().reporter,
      env,
    }).catch((e: unknown) => e);
    expect((error as OssError).code).toBe('IntegrationLicenceRefusedError');
    expect((error as OssError).actions[0]).toContain('sf org assign permsetlicense --name SalesforceAPIIntegrationPsl');
  });

  it("stops at the failing step with the guide's fix, the plan and the steps already done", async () => {
    const runner = scriptedRunner([deployed, deployed, invalidRunAs]);
    const { reporter, out } = capture();
    const error = await executeDeployPlan(plan(), { runner, reporter, env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OssError);
    expect((error as OssError).code).toBe('InvalidRunAsUserError');
    expect(runner.calls).toHaveLength(3);
    const data = (error as OssError).data as {
      step: number;
      completed: { number: number }[];
      plan: { targetOrg: string };
    };
    expect(data.step).toBe(3);
    expect(data.completed.map((r) => r.number)).toEqual([1, 2]);
    expect(data.plan.targetOrg).toBe('uat');
    expect(out.join('')).toContain('✖ Step 3/4');
  });

  it('fails on a deploy the CLI reports as unsuccessful even with exit code 0', async () => {
    const partial: SfOutcome = { exitCode: 0, json: { status: 0, result: { success: false } }, stderrTail: '' };
    await expect(
      executeDeployPlan(plan(), { runner: scriptedRunner([partial]), reporter: capture().reporter, env }),
    ).rejects.toMatchObject({
      code: 'DeployStepFailedError',
    });
  });

  it('uses stderr when the CLI printed no JSON', async () => {
    const crash: SfOutcome = { exitCode: 1, stderrTail: 'TypeError: Cannot read properties of undefined' };
    await expect(
      executeDeployPlan(plan(), { runner: scriptedRunner([crash]), reporter: capture().reporter, env }),
    ).rejects.toThrow(
      'Step 1 (Deploy the receiver and its permission sets) failed: TypeError: Cannot read properties of undefined',
    );
  });

  it('in a dry run, validates the deploys, skips the assignment, and says the policies may fail only for lack of the app', async () => {
    const validated: SfOutcome = {
      exitCode: 0,
      json: { status: 0, result: { success: true, checkOnly: true, numberComponentsDeployed: 3 } },
      stderrTail: '',
    };
    const runner = scriptedRunner([validated, validated, validated]);
    const results = await executeDeployPlan(plan(true), { runner, reporter: capture().reporter, env });
    expect(runner.calls).toHaveLength(3);
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed', 'skipped']);
    expect(results[0].detail).toBe('3 components validated, nothing changed');

    const failing = scriptedRunner([validated, validated, invalidRunAs]);
    const error = (await executeDeployPlan(plan(true), { runner: failing, reporter: capture().reporter, env }).catch(
      (e: unknown) => e,
    )) as OssError;
    expect(error.actions[error.actions.length - 1]).toMatch(/without step 2/);
  });

  it('reports progress on stderr while a step runs', async () => {
    jest.useFakeTimers();
    try {
      let finish: (outcome: SfOutcome) => void = () => undefined;
      const slow: SfRunner = () => new Promise((resolve) => (finish = resolve));
      const { reporter, err } = capture();
      const running = executeDeployPlan(plan(true), { runner: slow, reporter, env, progressIntervalMs: 1000 });
      await jest.advanceTimersByTimeAsync(2500);
      expect(err.join('')).toMatch(
        /Step 1\/4: Deploy the receiver[\s\S]*step 1 still running \(1 s\)[\s\S]*step 1 still running \(2 s\)/,
      );
      finish(invalidRunAs);
      await expect(running).rejects.toBeInstanceOf(OssError);
    } finally {
      jest.useRealTimers();
    }
  });
});
