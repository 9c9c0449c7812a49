/**
 * `npm run deploy` as a user runs it: a child process with its own HOME. Without an authorised org it
 * must stop before sending anything, with the fix; against the Salesforce emulator (authorised through
 * the real sf CLI) it must tell a scratch org from any other by its Organization row, apply the Run As
 * rule (the org's own user only in a scratch org; no administrator elsewhere unless allowed), and hand
 * step 1 to the Metadata API, then report that API's failure (the emulator has no Metadata API) as step
 * 1's. Reaching step 1 is how these tests see that the Run As check let the deploy through.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSalesforceEmulator } from '../../../scripts/emulator/salesforce/emulator';
import type { SalesforceEmulator } from '../../../scripts/emulator/types';
import { loginSfCli, SF_QUIET_ENV, type SfCliSession } from '../../helpers/sfCliLogin';

const ROOT = path.resolve(__dirname, '../../..');
const LAUNCHER = path.join(ROOT, 'scripts/launcher/run.mjs');
/**
 * Each run loads @salesforce/core and, past the Run As check, spawns the sf CLI: tens of seconds on a
 * busy shared machine, so the runs and the tests get generous limits instead of flaking.
 */
const CHILD_TIMEOUT_MS = 240_000;
const TEST_TIMEOUT_MS = 300_000;
jest.setTimeout(TEST_TIMEOUT_MS);
/** Made up for this test. */
const TEST_SECRET = 'BEEFCAFE'.repeat(8);

interface Run {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command without blocking this process (the emulator answers from the same event loop). */
function deploy(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [LAUNCHER, 'deploy', ...args],
      { cwd: ROOT, env, timeout: CHILD_TIMEOUT_MS },
      (_error, stdout, stderr) => resolve({ exitCode: child.exitCode, stdout, stderr }),
    );
  });
}

function cleanEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, ...SF_QUIET_ENV, ...extra };
}

describe('deploy without an authorised org', () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(path.join(tmpdir(), 'deploy-home-'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('fails cleanly with the login fix, in JSON', async () => {
    const run = await deploy(['--target-org', 'uat', '--json'], cleanEnv(home));
    expect(run.exitCode).toBe(1);
    const envelope = JSON.parse(run.stdout) as { status: number; name: string; message: string; actions: string[] };
    expect(envelope).toMatchObject({ status: 1, name: 'TargetOrgNotFoundError' });
    expect(envelope.message).toContain('nothing was sent to Salesforce');
    expect(envelope.actions[0]).toContain('sf org login web --alias uat');
  });

  it('fails cleanly with the fix for a person, on stderr', async () => {
    const run = await deploy(['--target-org', 'uat'], cleanEnv(home));
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Error (TargetOrgNotFoundError)');
    expect(run.stderr).toContain('Try this:');
  });

  it('asks for the Connected App credentials before looking for the org, without echoing the one given', async () => {
    const run = await deploy(
      ['--target-org', 'uat', '--connected-app', '--json'],
      cleanEnv(home, { SF_CLIENT_SECRET: TEST_SECRET }),
    );
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ name: 'MissingConnectedAppCredentialsError' });
    expect(run.stdout + run.stderr).not.toContain(TEST_SECRET);
  });

  it('refuses --ci-permissions with --connected-app before looking for the org', async () => {
    const run = await deploy(
      ['--target-org', 'uat', '--connected-app', '--ci-permissions', '--json'],
      cleanEnv(home, { SF_CLIENT_ID: 'OSS0123456789abcdef', SF_CLIENT_SECRET: TEST_SECRET }),
    );
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ name: 'CiPermissionsFlagError' });
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const run = await deploy(['--target-org', 'uat', '--client-secret', 'x', '--json'], cleanEnv(home));
    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ name: 'FlagError' });
  });
});

interface FailureEnvelope {
  name: string;
  message: string;
  actions: string[];
  warnings: string[];
  data: {
    step: number;
    completed: unknown[];
    plan: { runAsUsername: { value: string; source: string }; steps: { kind: string; sfArgs: string[] }[] };
  };
}

function metadataCalls(sf: SalesforceEmulator) {
  return sf
    .requests()
    .filter((request) => request.method === 'POST' && /\/services\/Soap\/m\/\d+\.0$/.test(request.path));
}

describe('deploy --dry-run against an emulated scratch org', () => {
  let sf: SalesforceEmulator;
  let session: SfCliSession;

  beforeAll(async () => {
    sf = await startSalesforceEmulator({ orgType: 'scratch' });
    session = await loginSfCli({ instanceUrl: sf.url, accessToken: sf.issueAccessToken(), alias: 'emu' });
  });
  afterAll(async () => {
    await session?.dispose();
    await sf?.close();
  });

  it("defaults the Run As user to the org's user, validates step 1 through the Metadata API, and reports its failure as step 1's", async () => {
    const run = await deploy(['--target-org', 'emu', '--dry-run', '--json'], session.env);
    expect(run.exitCode).toBe(1);
    const envelope = JSON.parse(run.stdout) as FailureEnvelope;
    expect(envelope.name).toBe('DeployStepFailedError');
    expect(envelope.message).toMatch(/^Step 1 \(/);
    expect(envelope.data.step).toBe(1);
    expect(envelope.data.completed).toEqual([]);
    expect(envelope.data.plan.runAsUsername).toMatchObject({ value: 'admin@emulator.example', source: 'target-org' });
    expect(envelope.warnings.join(' ')).toContain("Run As user: admin@emulator.example, the scratch org's own user");
    expect(envelope.data.plan.steps[0].sfArgs).toContain('--dry-run');
    const metadataCalls = sf
      .requests()
      .filter((request) => request.method === 'POST' && /\/services\/Soap\/m\/65\.0$/.test(request.path));
    expect(metadataCalls).toHaveLength(1);
  });
});

describe('deploy --dry-run against an emulated production org (not a scratch org)', () => {
  let sf: SalesforceEmulator;
  let session: SfCliSession;

  beforeAll(async () => {
    sf = await startSalesforceEmulator({ orgType: 'production' });
    session = await loginSfCli({ instanceUrl: sf.url, accessToken: sf.issueAccessToken(), alias: 'prod' });
  });
  afterAll(async () => {
    await session?.dispose();
    await sf?.close();
  });

  const run = async (args: string[]) => {
    const before = metadataCalls(sf).length;
    const result = await deploy(['--target-org', 'prod', '--dry-run', '--json', ...args], session.env);
    return {
      ...result,
      envelope: JSON.parse(result.stdout) as FailureEnvelope,
      deployed: metadataCalls(sf).length > before,
    };
  };

  it("asks for --run-as-username instead of defaulting to the org's own user, and deploys nothing", async () => {
    const { exitCode, envelope, deployed } = await run([]);
    expect(exitCode).toBe(1);
    expect(envelope.name).toBe('RunAsUsernameRequiredError');
    expect(envelope.actions.join(' ')).toContain('"Minimum Access - API Only Integrations"');
    expect(deployed).toBe(false);
  });

  it('refuses the System Administrator as Run As user, with the integration user fix', async () => {
    const { exitCode, envelope, deployed } = await run(['--run-as-username', 'admin@emulator.example']);
    expect(exitCode).toBe(1);
    expect(envelope.name).toBe('AdminRunAsUserError');
    expect(envelope.message).toContain('Modify All Data (profile "System Administrator")');
    expect(envelope.actions.join(' ')).toContain('user license "Salesforce Integration"');
    expect(deployed).toBe(false);
  });

  it('goes on with --allow-admin-run-as, warning about it', async () => {
    const { envelope, deployed } = await run(['--run-as-username', 'admin@emulator.example', '--allow-admin-run-as']);
    expect(envelope.name).toBe('DeployStepFailedError');
    expect(envelope.warnings.join(' ')).toContain('allowed by --allow-admin-run-as');
    expect(deployed).toBe(true);
  });

  it('goes on with the API-only integration user, without a warning', async () => {
    // The OneSpan environment is named too: without it the deploy warns that it defaulted to us-sandbox.
    const { envelope, deployed } = await run([
      '--run-as-username',
      sf.demo.runAsUsername,
      '--onespan-env',
      'us-sandbox',
    ]);
    expect(envelope.name).toBe('DeployStepFailedError');
    expect(envelope.data.plan.runAsUsername).toMatchObject({ value: sf.demo.runAsUsername, source: 'flag' });
    expect(envelope.warnings ?? []).toEqual([]);
    expect(deployed).toBe(true);
    // It already holds the Salesforce API Integration licence: nothing to assign before its permission set.
    expect(envelope.data.plan.steps.map((step) => step.kind)).toEqual([
      'deploy',
      'deploy',
      'deploy',
      'assign-permission-set',
    ]);
  });

  it('plans the Salesforce API Integration licence before the permission set for an integration user without it', async () => {
    const username = 'oss-new-integration@emulator.example';
    sf.addUser({ username });
    const { envelope, deployed } = await run(['--run-as-username', username, '--onespan-env', 'us-sandbox']);
    expect(envelope.name).toBe('DeployStepFailedError');
    expect(deployed).toBe(true);
    expect(envelope.data.plan.steps.map((step) => [step.kind, step.sfArgs.slice(0, 5).join(' ')])).toEqual([
      ['deploy', expect.any(String)],
      ['deploy', expect.any(String)],
      ['deploy', expect.any(String)],
      ['assign-permission-set-licence', 'org assign permsetlicense --name SalesforceAPIIntegrationPsl'],
      ['assign-permission-set', 'org assign permset --name OSS_Callback_Integration'],
    ]);
  });
});
