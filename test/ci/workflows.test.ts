import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  findUnpinnedActions,
  findUnsafeTriggers,
  SCRIPTS_BEING_WRITTEN,
  Workflow,
  checkWorkflows,
  findExposedSecrets,
  findStaleScriptsBeingWritten,
  findUncheckedSecrets,
  findUnknownScripts,
  listWorkflowFiles,
  npmScriptsCalled,
  parseWorkflow,
  secretsReferenced,
  validateWorkflow,
} from '../../scripts/checks/workflows';

const ROOT = path.join(__dirname, '..', '..');
const CI_FILE = path.join('.github', 'workflows', 'ci.yml');

/** A minimal valid workflow with a guarded job; tests break one thing at a time. */
const GUARDED = `
on:
  push:
    branches: [main]
jobs:
  org:
    runs-on: ubuntu-latest
    environment: scratch-org
    timeout-minutes: 10
    steps:
      - name: 'Check secrets'
        id: check-secrets
        timeout-minutes: 1
        env:
          DEVHUB_SFDX_AUTH_URL: \${{ secrets.DEVHUB_SFDX_AUTH_URL }}
        run: |
          if [ -z "$DEVHUB_SFDX_AUTH_URL" ]; then echo "ready=false" >> "$GITHUB_OUTPUT"; else echo "ready=true" >> "$GITHUB_OUTPUT"; fi
      - name: 'Authenticate Dev Hub'
        timeout-minutes: 1
        if: steps.check-secrets.outputs.ready == 'true'
        env:
          DEVHUB_SFDX_AUTH_URL: \${{ secrets.DEVHUB_SFDX_AUTH_URL }}
        run: printenv DEVHUB_SFDX_AUTH_URL | npx sf org login sfdx-url --sfdx-url-stdin -
      - name: 'Deploy'
        timeout-minutes: 1
        if: steps.check-secrets.outputs.ready == 'true'
        run: npm run deploy -- --target-org scratch
`;

function workflow(text: string): Workflow {
  const { workflow: parsed, problems } = parseWorkflow('test.yml', text);
  expect(problems).toEqual([]);
  return parsed as Workflow;
}

function messages(problems: { message: string }[]): string[] {
  return problems.map((problem) => problem.message);
}

describe('the workflows of this repository', () => {
  it('include the CI pipeline', () => {
    expect(listWorkflowFiles(ROOT)).toContain(CI_FILE);
  });

  it('parse, call only npm scripts that exist (or are being written), check and never print their secrets', () => {
    expect(checkWorkflows(ROOT)).toEqual([]);
  });

  it('run the offline checks and, in the scratch-org job, every step the README promises', () => {
    const ci = workflow(fs.readFileSync(path.join(ROOT, CI_FILE), 'utf8'));
    const runs = (job: string): string => (ci.jobs[job].steps ?? []).map((step) => step.run ?? '').join('\n');
    expect(npmScriptsCalled(runs('offline-checks'))).toEqual(['test']);
    expect(npmScriptsCalled(runs('scratch-org'))).toEqual([
      'ci-registration',
      'deploy',
      'coverage-gate',
      'register',
      'smoke',
      'ci-registration',
    ]);
    expect(runs('scratch-org')).toContain(
      'sf apex run test --code-coverage --result-format json --output-dir test-results',
    );
    expect(ci.jobs['scratch-org'].needs).toBe('offline-checks');
    const cleanup = (ci.jobs['scratch-org'].steps ?? []).at(-1);
    expect(cleanup?.run).toContain('sf org delete scratch');
    expect(String(cleanup?.if)).toMatch(/^always\(\) && /);
  });

  it('run the scratch-org job behind its Environment, on push to main, pull requests and by hand', () => {
    const ci = workflow(fs.readFileSync(path.join(ROOT, CI_FILE), 'utf8'));
    expect(ci.on).toEqual({ push: { branches: ['main'] }, pull_request: null, workflow_dispatch: null });
    const job = ci.jobs['scratch-org'];
    expect(job.environment).toBe('scratch-org');
    const run = (pattern: RegExp): string =>
      (job.steps ?? []).map((step) => step.run ?? '').find((r) => pattern.test(r)) ?? '';
    // H2's deploy option deploys and assigns the CI-only permission set that lets register read the key and secret.
    expect(run(/npm run deploy/)).toContain('--ci-permissions');
    // H4's register refuses to replace another org's registration without --replace; record made sure it can be given back.
    expect(run(/npm run register/)).toMatch(/--replace\b.*--wait-for-key 15/);
    const java = (ci.jobs['offline-checks'].steps ?? []).find((step) =>
      String(step.uses).startsWith('actions/setup-java@'),
    );
    expect(java?.with?.['java-version']).toBe('21');
  });

  it('give every step a quoted human name, with a one-line comment above it', () => {
    const text = fs.readFileSync(path.join(ROOT, CI_FILE), 'utf8').split('\n');
    const stepLines = text
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => /^\s+- (name|uses|run):/.test(line));
    expect(stepLines.length).toBeGreaterThan(10);
    for (const { line, index } of stepLines) {
      expect(line).toMatch(/^\s+- name: '[^']+'$/);
      expect(text[index - 1]).toMatch(/^\s+# \S/);
    }
  });
});

describe('parseWorkflow', () => {
  it('reports broken YAML instead of throwing', () => {
    const { workflow: parsed, problems } = parseWorkflow('bad.yml', 'on: push\njobs:\n  a:\n    steps: [\n');
    expect(parsed).toBeUndefined();
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: 'bad.yml', where: 'YAML' });
  });

  it('reports a duplicate key, which GitHub would reject', () => {
    expect(parseWorkflow('dup.yml', 'on: push\non: pull_request\njobs: {}\n').problems).toHaveLength(1);
  });

  it('reports YAML that is not a workflow', () => {
    expect(messages(parseWorkflow('x.yml', 'name: no jobs\non: push\n').problems)).toEqual([
      expect.stringContaining('not a workflow'),
    ]);
    expect(messages(parseWorkflow('x.yml', 'jobs: {}\n').problems)).toEqual(['not a workflow: has no `on:` trigger']);
  });
});

describe('npm scripts', () => {
  it('finds npm run X, npm run X -- flags, npm run-script X and npm test', () => {
    expect(npmScriptsCalled('npm ci && npm test')).toEqual(['test']);
    expect(npmScriptsCalled('npm run deploy -- --target-org scratch\nnpm run --silent lint:sf')).toEqual([
      'deploy',
      'lint:sf',
    ]);
    expect(npmScriptsCalled('npm run-script coverage-gate -- --min 90')).toEqual(['coverage-gate']);
    expect(npmScriptsCalled('npx sf org list')).toEqual([]);
  });

  it('flags a script package.json does not have', () => {
    const scripts = new Set(['deploy']);
    const parsed = workflow(GUARDED.replace('npm run deploy', 'npm run deploy-everything'));
    expect(findUnknownScripts('test.yml', parsed, scripts, [])).toEqual([
      {
        file: 'test.yml',
        where: 'jobs.org.steps[2] (Deploy)',
        message: 'runs `npm run deploy-everything`, but package.json has no "deploy-everything" script',
      },
    ]);
    expect(findUnknownScripts('test.yml', workflow(GUARDED), scripts, [])).toEqual([]);
  });

  it('accepts a script on the being-written list, and says when the list entry has become stale', () => {
    const parsed = workflow(GUARDED.replace('npm run deploy', 'npm run smoke'));
    expect(findUnknownScripts('test.yml', parsed, new Set(), ['smoke'])).toEqual([]);
    expect(findUnknownScripts('test.yml', parsed, new Set(), [])).toHaveLength(1);
    expect(messages(findStaleScriptsBeingWritten(new Set(['smoke']), ['smoke', 'replay']))).toEqual([
      '"smoke" now exists in package.json: delete it from the list',
    ]);
  });

  it('lists only scripts that package.json does not have yet', () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: object };
    expect(SCRIPTS_BEING_WRITTEN.filter((script) => script in scripts.scripts)).toEqual([]);
  });
});

describe('secret presence checks', () => {
  it('finds secrets in expressions, in both spellings', () => {
    expect(secretsReferenced("${{ secrets.A }} ${{ secrets['B'] }} ${{ secrets.A || 'x' }} secrets.C")).toEqual([
      'A',
      'B',
    ]);
  });

  it('accepts a job whose guard checks every secret it uses and gates every later step', () => {
    expect(findUncheckedSecrets('test.yml', workflow(GUARDED))).toEqual([]);
  });

  it('flags a secret the guard does not check', () => {
    const extra = GUARDED.replace(
      'run: npm run deploy -- --target-org scratch',
      'env:\n          ONESPAN_API_KEY: ${{ secrets.ONESPAN_API_KEY }}\n        run: npm run deploy -- --target-org scratch',
    );
    expect(messages(findUncheckedSecrets('test.yml', workflow(extra)))).toEqual([
      'does not check that secret ONESPAN_API_KEY is set (bind it in env: and test "$NAME" in run:)',
    ]);
  });

  it('flags a guard that binds a secret but never tests it', () => {
    const untested = GUARDED.replace('if [ -z "$DEVHUB_SFDX_AUTH_URL" ]', 'if true');
    expect(messages(findUncheckedSecrets('test.yml', workflow(untested)))).toEqual([
      'does not check that secret DEVHUB_SFDX_AUTH_URL is set (bind it in env: and test "$NAME" in run:)',
    ]);
  });

  it('flags a job that uses secrets without a guard step', () => {
    const unguarded = GUARDED.replace('id: check-secrets', 'id: something-else');
    expect(messages(findUncheckedSecrets('test.yml', workflow(unguarded)))).toEqual([
      'uses secrets DEVHUB_SFDX_AUTH_URL but has no step with id "check-secrets" checking they are set',
    ]);
  });

  it('flags a step after the guard that would run with the secrets missing', () => {
    const ungated = GUARDED.replace(
      "        if: steps.check-secrets.outputs.ready == 'true'\n        run: npm run deploy",
      '        run: npm run deploy',
    );
    expect(findUncheckedSecrets('test.yml', workflow(ungated))).toEqual([
      {
        file: 'test.yml',
        where: 'jobs.org.steps[2] (Deploy)',
        message: 'runs even when secrets are missing: add "if: steps.check-secrets.outputs.ready == \'true\'"',
      },
    ]);
  });

  it('flags secrets put in workflow-wide or job-wide env', () => {
    const wide = GUARDED.replace('jobs:\n', 'env:\n  KEY: ${{ secrets.ONESPAN_API_KEY }}\njobs:\n').replace(
      '    runs-on: ubuntu-latest\n',
      '    runs-on: ubuntu-latest\n    env:\n      URL: ${{ secrets.ONESPAN_API_URL }}\n',
    );
    const found = findUncheckedSecrets('test.yml', workflow(wide));
    expect(found.map((problem) => problem.where)).toEqual(expect.arrayContaining(['env.KEY', 'jobs.org.env.URL']));
  });
});

describe('secrets never printed', () => {
  it('accepts secrets that reach commands through env and stdin', () => {
    expect(findExposedSecrets('test.yml', workflow(GUARDED))).toEqual([]);
  });

  it.each([
    ['echo of a secret expression', 'echo "${{ secrets.DEVHUB_SFDX_AUTH_URL }}" > auth.txt'],
    ['echo of a secret env var', 'echo $DEVHUB_SFDX_AUTH_URL | npx sf org login sfdx-url --sfdx-url-stdin -'],
    ['echo of a braced secret env var', 'echo "url=${DEVHUB_SFDX_AUTH_URL}"'],
    ['printf of a secret env var', 'printf "%s" "$DEVHUB_SFDX_AUTH_URL" | base64'],
  ])('flags %s', (_label, command) => {
    const leaking = GUARDED.replace(
      'run: printenv DEVHUB_SFDX_AUTH_URL | npx sf org login sfdx-url --sfdx-url-stdin -',
      `run: ${command}`,
    );
    const found = messages(findExposedSecrets('test.yml', workflow(leaking)));
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^prints a secret \(DEVHUB_SFDX_AUTH_URL/)]));
  });

  it('flags a secret spliced into the script text, printed or not', () => {
    const inline = GUARDED.replace(
      'run: printenv DEVHUB_SFDX_AUTH_URL | npx sf org login sfdx-url --sfdx-url-stdin -',
      'run: npx sf org login sfdx-url --sfdx-url-file ${{ secrets.DEVHUB_SFDX_AUTH_URL }}',
    );
    expect(messages(findExposedSecrets('test.yml', workflow(inline)))).toEqual([
      'puts secret DEVHUB_SFDX_AUTH_URL into the script text: pass it through env: instead',
    ]);
  });

  it('does not mistake the name of a secret in a message for its value', () => {
    const naming = GUARDED.replace(
      'run: printenv DEVHUB_SFDX_AUTH_URL | npx sf org login sfdx-url --sfdx-url-stdin -',
      'run: echo "::warning::DEVHUB_SFDX_AUTH_URL is not set. Is this workflow running on a fork?"',
    );
    expect(findExposedSecrets('test.yml', workflow(naming))).toEqual([]);
  });
});

describe('validateWorkflow', () => {
  it('reports every kind of problem of one file together', () => {
    const broken = GUARDED.replace('npm run deploy', 'npm run nope').replace(
      'run: printenv DEVHUB_SFDX_AUTH_URL |',
      'run: echo $DEVHUB_SFDX_AUTH_URL |',
    );
    const found = messages(validateWorkflow('test.yml', broken, new Set(['deploy']), []));
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('npm run nope');
    expect(found[1]).toContain('prints a secret');
  });

  it('stops at a parse error', () => {
    expect(validateWorkflow('test.yml', 'on: [push\n', new Set(), [])).toEqual([
      expect.objectContaining({ where: 'YAML' }),
    ]);
  });
});

describe('the CI workflow, broken one rule at a time, fails a check', () => {
  const original = fs.readFileSync(path.join(ROOT, CI_FILE), 'utf8');
  const scripts = new Set(
    Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: object }).scripts),
  );

  /** Applies `from` → `to` (every occurrence) and insists the text changed, so a stale rule cannot pass silently. */
  function mutate(from: string, to: string): string {
    expect(original).toContain(from);
    return original.split(from).join(to);
  }

  it('passes every check as it is', () => {
    expect(validateWorkflow(CI_FILE, original, scripts, [])).toEqual([]);
  });

  it.each([
    [
      'an action pinned by tag',
      () => mutate('actions/checkout@08eba0b27e820071cde6df949e0beb9ba4906955 # v4.3.0', 'actions/checkout@v4'),
      'uses actions/checkout@v4: pin it to a full commit SHA',
    ],
    [
      'a pinned action without its tag',
      () => mutate('@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2', '@ea165f8d65b6e75b540449e92b4886f43607fa02'),
      'without its tag in a comment',
    ],
    [
      'push on every branch (a PR would run twice)',
      () => mutate('  push:\n    branches: [main]\n', '  push:\n'),
      'runs on a push to any branch',
    ],
    [
      'pull_request_target (secrets for fork code)',
      () => mutate('  pull_request:\n', '  pull_request_target:\n'),
      'runs on pull_request_target',
    ],
    [
      'the Dev Hub credential outside an Environment',
      () => mutate('    environment: scratch-org\n', ''),
      'without "environment:"',
    ],
    [
      'ONESPAN_API_URL as a secret',
      () => mutate('vars.ONESPAN_API_URL', 'secrets.ONESPAN_API_URL'),
      'reads ONESPAN_API_URL from secrets',
    ],
    [
      'a job timeout below the sum of its waits',
      () => mutate('    timeout-minutes: 180\n', '    timeout-minutes: 60\n'),
      'is not above the sum of its steps',
    ],
    ['a step without a timeout', () => mutate('        timeout-minutes: 45\n', ''), 'has no timeout-minutes'],
    [
      'a key wait longer than its step',
      () => mutate('--wait-for-key 15', '--wait-for-key 25'),
      'waits up to 25 min for a new key',
    ],
    [
      'a clean-up that runs only on success',
      () =>
        mutate(
          "if: always() && steps.check-secrets.outputs.ready == 'true' && steps.create-scratch",
          "if: steps.check-secrets.outputs.ready == 'true' && steps.create-scratch",
        ),
      'start its if: with always()',
    ],
    [
      'a clean-up that ignores whether a create was attempted',
      () => mutate(" && steps.create-scratch.outcome != 'skipped'", ''),
      'runs even when no org was created',
    ],
    [
      'register without recording the OneSpan registration',
      () => mutate('npm run ci-registration -- record --target-org scratch', 'echo "no record"'),
      'without recording the OneSpan registration',
    ],
    [
      'a restore that runs only on success',
      () =>
        mutate(
          "if: always() && steps.check-secrets.outputs.ready == 'true' && steps.onespan-record",
          "if: steps.check-secrets.outputs.ready == 'true' && steps.onespan-record",
        ),
      'without giving the callback back',
    ],
    ['register without the key wait', () => mutate(' --wait-for-key 15', ''), 'without --wait-for-key'],
    [
      'a deploy that does not see the OneSpan URL the job registers with',
      () =>
        mutate(
          "          # The Named Credential's URL: the archiving handler calls the same OneSpan region CI registers with\n          ONESPAN_API_URL: ${{ vars.ONESPAN_API_URL }}\n",
          '          OTHER: x\n',
        ),
      'runs npm run deploy without ONESPAN_API_URL',
    ],
    [
      'Java 17 for the Apex analyzer',
      () => mutate("java-version: '21'", "java-version: '17'"),
      'the Apex analyzer needs 21 or later',
    ],
    [
      'a Node version written into the workflow instead of read from .nvmrc',
      () => mutate("node-version-file: '.nvmrc'", "node-version: '20'"),
      "installs Node without node-version-file: '.nvmrc'",
    ],
    [
      'a secret the guard does not check',
      () => mutate('          elif [ -z "$ONESPAN_API_KEY" ]; then\n', '          else\n'),
      'does not check that secret ONESPAN_API_KEY is set',
    ],
    [
      'a printed secret',
      () => mutate('printenv DEVHUB_SFDX_AUTH_URL |', 'echo "$DEVHUB_SFDX_AUTH_URL" |'),
      'prints a secret (DEVHUB_SFDX_AUTH_URL)',
    ],
    [
      'an npm script that does not exist',
      () => mutate('npm run coverage-gate', 'npm run coverage-check'),
      'package.json has no "coverage-check" script',
    ],
  ])('%s', (_label, broken, expected) => {
    const found = messages(validateWorkflow(CI_FILE, broken(), scripts, []));
    expect(found).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });
});

describe('rules on small inputs', () => {
  it('accepts local actions and docker images unpinned, and a SHA with its tag', () => {
    const text = [
      '      - uses: ./.github/actions/local',
      '      - uses: docker://alpine:3.20',
      '      - uses: actions/checkout@08eba0b27e820071cde6df949e0beb9ba4906955 # v4.3.0',
      "      - uses: 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020' # v4.4.0",
    ].join('\n');
    expect(findUnpinnedActions('x.yml', text)).toEqual([]);
    expect(findUnpinnedActions('x.yml', '    uses: org/repo/.github/workflows/reuse.yml@main\n')).toEqual([
      { file: 'x.yml', where: 'line 1', message: expect.stringContaining('pin it to a full commit SHA') },
    ]);
    expect(messages(findUnpinnedActions('x.yml', '  - uses: actions/checkout@08eba0b # v4\n'))).toHaveLength(1);
  });

  it('reads triggers in all three spellings, and allows a schedule', () => {
    expect(findUnsafeTriggers('x.yml', workflow('on: [workflow_dispatch, schedule]\njobs: {}\n'))).toEqual([]);
    expect(messages(findUnsafeTriggers('x.yml', workflow('on: push\njobs: {}\n')))).toEqual([
      expect.stringContaining('runs on a push to any branch'),
    ]);
    expect(
      messages(findUnsafeTriggers('x.yml', workflow("on:\n  push:\n    branches: ['**']\njobs: {}\n"))),
    ).toHaveLength(1);
    expect(messages(findUnsafeTriggers('x.yml', workflow('on: workflow_run\njobs: {}\n')))).toEqual([
      expect.stringContaining('runs on workflow_run'),
    ]);
  });
});
