import * as fs from 'node:fs';
import * as path from 'node:path';
import {
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
on: push
jobs:
  org:
    runs-on: ubuntu-latest
    steps:
      - name: 'Check secrets'
        id: check-secrets
        env:
          DEVHUB_SFDX_AUTH_URL: \${{ secrets.DEVHUB_SFDX_AUTH_URL }}
        run: |
          if [ -z "$DEVHUB_SFDX_AUTH_URL" ]; then echo "ready=false" >> "$GITHUB_OUTPUT"; else echo "ready=true" >> "$GITHUB_OUTPUT"; fi
      - name: 'Authenticate Dev Hub'
        if: steps.check-secrets.outputs.ready == 'true'
        env:
          DEVHUB_SFDX_AUTH_URL: \${{ secrets.DEVHUB_SFDX_AUTH_URL }}
        run: printenv DEVHUB_SFDX_AUTH_URL | npx sf org login sfdx-url --sfdx-url-stdin -
      - name: 'Deploy'
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
    expect(npmScriptsCalled(runs('scratch-org'))).toEqual(['deploy', 'coverage-gate', 'register', 'smoke']);
    expect(runs('scratch-org')).toContain(
      'sf apex run test --code-coverage --result-format json --output-dir test-results',
    );
    expect(ci.jobs['scratch-org'].needs).toBe('offline-checks');
    const cleanup = (ci.jobs['scratch-org'].steps ?? []).at(-1);
    expect(cleanup?.run).toContain('sf org delete scratch');
    expect(String(cleanup?.if)).toMatch(/^always\(\) && /);
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
    const wide = GUARDED.replace('on: push\n', 'on: push\nenv:\n  KEY: ${{ secrets.ONESPAN_API_KEY }}\n').replace(
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
