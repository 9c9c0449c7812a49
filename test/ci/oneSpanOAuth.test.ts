/**
 * OAuth-only OneSpan accounts in the scheduled reconcile and the scratch-org job: each guard is run as
 * GitHub runs it (bash, GITHUB_OUTPUT) with the settings of an API-key account, of an OAuth-only
 * account (client id as a variable, secret as a secret), and of half an OAuth pair; and every step that
 * gets the OneSpan API key also gets the OAuth pair, so the commands see whichever the account has.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseWorkflow } from '../../scripts/checks/workflows';

const ROOT = path.join(__dirname, '..', '..');

interface Step {
  id?: string;
  name?: string;
  run?: string;
  env?: Record<string, string>;
}

function jobsOf(file: string, text = fs.readFileSync(path.join(ROOT, file), 'utf8')): [string, Step[]][] {
  const { workflow, problems } = parseWorkflow(file, text);
  expect(problems).toEqual([]);
  return Object.entries(workflow?.jobs ?? {})
    .map(([name, job]) => [name, ((job as { steps?: Step[] }).steps ?? []) as Step[]] as [string, Step[]])
    .filter(([, steps]) => steps.some((step) => step.id === 'check-secrets'));
}

/** Runs a guard's script with every variable it binds set from `values` (missing ones empty); returns `ready`. */
function runGuard(guard: Step, values: Record<string, string>): boolean {
  const dir = mkdtempSync(path.join(tmpdir(), 'guard-'));
  try {
    const output = path.join(dir, 'output');
    const summary = path.join(dir, 'summary');
    writeFileSync(output, '');
    const env = Object.fromEntries(Object.keys(guard.env ?? {}).map((name) => [name, values[name] ?? '']));
    execFileSync('bash', ['-e', '-c', guard.run ?? ''], {
      env: { PATH: process.env.PATH, ...env, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
      stdio: 'pipe',
    });
    return /^ready=true$/m.test(readFileSync(output, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Everything but OneSpan's credentials, set. */
const OTHERS = {
  DEVHUB_SFDX_AUTH_URL: 'force://x',
  SF_CLIENT_SECRET: 's',
  SF_INSTANCE_URL: 'https://x.my.salesforce.com',
  SF_CLIENT_ID: '3MVG9x',
  ONESPAN_API_URL: 'https://sandbox.esignlive.com/api',
};

const FILES = ['.github/workflows/reconcile.yml', '.github/workflows/ci.yml'];

describe.each(FILES)('%s', (file) => {
  const jobs = jobsOf(file);

  it('has a guarded job', () => {
    expect(jobs.length).toBeGreaterThan(0);
  });

  it.each([
    ['an API key', { ONESPAN_API_KEY: 'k' }, true],
    ['an OAuth-only account', { ONESPAN_CLIENT_ID: 'id', ONESPAN_CLIENT_SECRET: 'secret' }, true],
    ['the OAuth client id without its secret', { ONESPAN_CLIENT_ID: 'id' }, false],
    ['the OAuth secret without its client id', { ONESPAN_CLIENT_SECRET: 'secret' }, false],
    ['no OneSpan credential', {}, false],
  ])('the guard with %s: ready is %s', (_case, onespan, ready) => {
    for (const [, steps] of jobs) {
      const guard = steps.find((step) => step.id === 'check-secrets') as Step;
      expect(runGuard(guard, { ...OTHERS, ...onespan })).toBe(ready);
    }
  });

  it('gives every step that has the API key the OAuth client id (variable) and secret (secret) too', () => {
    for (const [, steps] of jobs) {
      const withKey = steps.filter((step) => step.env?.ONESPAN_API_KEY);
      expect(withKey.length).toBeGreaterThan(1);
      for (const step of withKey) {
        expect({ step: step.name, id: step.env?.ONESPAN_CLIENT_ID, secret: step.env?.ONESPAN_CLIENT_SECRET }).toEqual({
          step: step.name,
          id: '${{ vars.ONESPAN_CLIENT_ID }}',
          secret: '${{ secrets.ONESPAN_CLIENT_SECRET }}',
        });
      }
    }
  });
});

describe('a workflow mutated back to API-key only', () => {
  it('fails the OAuth-only guard run', () => {
    const file = FILES[0];
    const original = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const mutated = original.replace(
      / {10}# OneSpan: an API key[\s\S]*?\n {10}fi\n/,
      '          if [ -z "$ONESPAN_API_KEY" ]; then missing="$missing ONESPAN_API_KEY(secret)"; fi\n',
    );
    expect(mutated).not.toBe(original);
    const [[, steps]] = jobsOf(file, mutated);
    const guard = steps.find((step) => step.id === 'check-secrets') as Step;
    expect(runGuard(guard, { ...OTHERS, ONESPAN_CLIENT_ID: 'id', ONESPAN_CLIENT_SECRET: 'secret' })).toBe(false);
  });
});
