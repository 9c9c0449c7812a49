/**
 * OneSpan safety in CI, end to end against the emulators: `ci-registration record` before register and
 * `ci-registration restore` after it give a shared sandbox account its callback back, refuse what could
 * not be undone, and never write a secret (the leak guard scans output and every file written, the
 * step-outputs file included).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callbackKeyOf, countRequests, EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';

/** The team's shared sandbox org whose callback CI borrows. */
const SHARED = {
  url: 'https://acme--uat.sandbox.my.salesforce.com/services/apexrest/OSS/callback',
  host: 'acme--uat.sandbox.my.salesforce.com',
  clientId: '3MVG9sharedSandboxConsumerKey',
  clientSecret: 'F00DCAFE0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF01234567',
  events: ['PACKAGE_COMPLETE', 'PACKAGE_DECLINE'],
};
const SHARED_KEY = callbackKeyOf(SHARED.host, SHARED.clientId, SHARED.clientSecret);
const sharedSecrets = [
  { label: "the shared org's consumer secret", value: SHARED.clientSecret },
  { label: "the shared org's callback key", value: SHARED_KEY },
];
const RESTORE_CREDENTIALS = {
  ONESPAN_RESTORE_CLIENT_ID: SHARED.clientId,
  ONESPAN_RESTORE_CLIENT_SECRET: SHARED.clientSecret,
};

let fixture: EmulatorFixture;
let outputsDir: string;

async function start(echoKey: boolean): Promise<void> {
  fixture = await startEmulatorFixture({ onespan: { echoKey } });
  fixture.emulators.onespan.setConnector('salesforceOauth2', {
    url: SHARED.url,
    events: SHARED.events,
    key: SHARED_KEY,
  });
}

beforeEach(async () => {
  outputsDir = await mkdtemp(join(tmpdir(), 'oss-gh-output-'));
});

afterEach(async () => {
  await fixture.close();
  await rm(outputsDir, { recursive: true, force: true });
});

/** Runs ci-registration as the workflow does, with $GITHUB_OUTPUT; returns the run and the outputs written. */
async function ciRegistration(action: string, env: Record<string, string | undefined> = {}, args: string[] = []) {
  const outputFile = join(outputsDir, 'github-output');
  await writeFile(outputFile, '');
  const run = await fixture.run('ci-registration', [action, ...args], {
    env: { GITHUB_OUTPUT: outputFile, ...env },
    secrets: sharedSecrets,
  });
  const text = await readFile(outputFile, 'utf8');
  for (const { value } of [...fixture.secrets, ...sharedSecrets]) {
    expect(text).not.toContain(value);
  }
  const outputs = Object.fromEntries(
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  ) as Record<string, string>;
  return { run, outputs };
}

const posts = () => countRequests(fixture.emulators.onespan.requests(), 'POST', /\/callback\/connectors\//);

describe('record, register, restore: a shared sandbox gets its callback back', () => {
  it.each([
    ['OneSpan echoes the key', true],
    ['OneSpan does not echo the key', false],
  ])('%s: the exact registration (url, events, key) is back after the run', async (_label, echoKey) => {
    await start(echoKey);
    const record = await ciRegistration('record', RESTORE_CREDENTIALS);
    expect(record.run.exitCode).toBe(0);
    expect(record.outputs).toEqual({
      'restore-url': SHARED.url,
      'restore-events': SHARED.events.join(','),
      owner: 'other-org',
    });
    expect(record.run.stdout).toContain(
      echoKey ? 'the restore credentials match the key OneSpan holds' : 'could not be checked',
    );

    const register = await fixture.run('register', ['--replace']);
    expect(register.exitCode).toBe(0);
    expect(fixture.emulators.onespan.connector()?.url).not.toBe(SHARED.url);

    const restore = await ciRegistration('restore', {
      ...RESTORE_CREDENTIALS,
      ONESPAN_RESTORE_URL: record.outputs['restore-url'],
      ONESPAN_RESTORE_EVENTS: record.outputs['restore-events'],
    });
    expect(restore.run.exitCode).toBe(0);
    expect(restore.run.stdout).toMatch(/✔ Restored[^\n]*\n✔ Verified/);
    expect(fixture.emulators.onespan.connector()).toEqual({ url: SHARED.url, events: SHARED.events, key: SHARED_KEY });
  });
});

describe('record refuses before anything is changed', () => {
  it('a takeover of another org it could not undo (no restore credentials), naming both fixes', async () => {
    await start(true);
    const { run } = await ciRegistration('record', {});
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Error (CallbackTakeoverRefusedError)');
    expect(run.stderr).toContain(SHARED.url);
    expect(run.stderr).toContain('a OneSpan account (sandbox) of its own');
    expect(run.stderr).toContain('ONESPAN_RESTORE_CLIENT_ID (variable) and ONESPAN_RESTORE_CLIENT_SECRET (secret)');
    expect(posts()).toBe(0);
  });

  it('restore credentials that do not match the key OneSpan echoes', async () => {
    await start(true);
    const { run } = await ciRegistration('record', {
      ...RESTORE_CREDENTIALS,
      ONESPAN_RESTORE_CLIENT_SECRET: 'not-the-shared-secret-0000000000',
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Error (RestoreCredentialsMismatchError)');
    expect(run.stderr).toContain('another client_secret');
  });

  it('a OneSpan URL that is not a sandbox host, before any request', async () => {
    await start(true);
    const { run } = await ciRegistration('record', {
      ...RESTORE_CREDENTIALS,
      ONESPAN_API_URL: 'https://apps.esignlive.com/api',
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Error (OneSpanNotSandboxError)');
    expect(run.stderr).toContain('ONESPAN_ALLOW_NON_SANDBOX=true');
    expect(fixture.emulators.onespan.requests()).toHaveLength(0);
  });
});

describe('nothing to give back', () => {
  it('when nothing is registered, or only a scratch org of an earlier run', async () => {
    fixture = await startEmulatorFixture();
    const empty = await ciRegistration('record');
    expect(empty.run.exitCode).toBe(0);
    expect(empty.outputs).toEqual({ 'restore-url': '', 'restore-events': '', owner: 'none' });

    fixture.emulators.onespan.setConnector('salesforceOauth2', {
      url: 'https://ability-data-1234-dev-ed.scratch.my.salesforce.com/services/apexrest/OSS/callback',
      events: ['PACKAGE_CREATE'],
      key: 'eyJ9',
    });
    const leftover = await ciRegistration('record');
    expect(leftover.run.exitCode).toBe(0);
    expect(leftover.outputs.owner).toBe('scratch-org');
    expect(leftover.outputs['restore-url']).toBe('');

    const restore = await ciRegistration('restore', { ONESPAN_RESTORE_URL: '' });
    expect(restore.run.exitCode).toBe(0);
    expect(restore.run.stdout).toContain('nothing recorded to give back');
    expect(posts()).toBe(0);
  });
});

describe('in the workflow, before the scratch org exists', () => {
  it('takes --target-org without contacting the org, as the record step runs before the org is created', async () => {
    fixture = await startEmulatorFixture();
    const noOrgSettings = { SF_INSTANCE_URL: undefined, SF_CLIENT_ID: undefined, SF_CLIENT_SECRET: undefined };
    const { run, outputs } = await ciRegistration('record', noOrgSettings, ['--target-org', 'scratch']);
    expect(run.exitCode).toBe(0);
    expect(outputs.owner).toBe('none');
    expect(fixture.emulators.salesforce.requests()).toHaveLength(0);
  });
});

describe('restore refuses bad input without sending anything', () => {
  it.each([
    [
      'missing credentials',
      { ONESPAN_RESTORE_URL: SHARED.url, ONESPAN_RESTORE_EVENTS: 'PACKAGE_COMPLETE' },
      'RestoreCredentialsMissingError',
    ],
    [
      'events that are not OneSpan events',
      { ...RESTORE_CREDENTIALS, ONESPAN_RESTORE_URL: SHARED.url, ONESPAN_RESTORE_EVENTS: 'PACKAGE_DONE' },
      'RestoreInputError',
    ],
    [
      'a url that is not one',
      { ...RESTORE_CREDENTIALS, ONESPAN_RESTORE_URL: 'not a url', ONESPAN_RESTORE_EVENTS: 'PACKAGE_COMPLETE' },
      'RestoreInputError',
    ],
  ])('%s', async (_label, env, code) => {
    fixture = await startEmulatorFixture();
    const { run } = await ciRegistration('restore', env);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`Error (${code})`);
    expect(posts()).toBe(0);
  });

  it('an unknown action, as a flag error', async () => {
    fixture = await startEmulatorFixture();
    const { run } = await ciRegistration('backup');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('It must be "record" or "restore".');
  });
});
