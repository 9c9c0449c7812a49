/**
 * The wait for a new consumer key, end to end: register against a Salesforce emulator whose app key
 * starts working only some time after start, as a just-deployed External Client App's key does.
 */
import { countRequests, EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';

let fixture: EmulatorFixture;

afterEach(async () => {
  await fixture.close();
});

const tokenRequests = () =>
  countRequests(fixture.emulators.salesforce.requests(), 'POST', /\/services\/oauth2\/token$/);
const oneSpanPosts = () => countRequests(fixture.emulators.onespan.requests(), 'POST', /\/callback\/connectors\//);

describe('register right after a deploy, while the new key propagates', () => {
  it('waits with progress and registers once the key works', async () => {
    fixture = await startEmulatorFixture({ salesforce: { keyPropagationMs: 2_500 } });
    const run = await fixture.run('register', ['--wait-for-key', '1']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(
      /Waiting for the new consumer key to propagate, \d+ s of 1 min \(OAuthUnknownClientError\)\./,
    );
    expect(run.stdout).toMatch(/✔ Token \(Client Credentials Flow\)/);
    expect(tokenRequests()).toBeGreaterThanOrEqual(2);
    expect(fixture.emulators.onespan.connector()?.key).toBe(fixture.expectedKey);
  });

  it('reads the wait from OSS_WAIT_FOR_KEY_MINUTES too', async () => {
    fixture = await startEmulatorFixture({ salesforce: { keyPropagationMs: 1_500 } });
    const run = await fixture.run('register', [], { env: { OSS_WAIT_FOR_KEY_MINUTES: '1' } });
    expect(run.exitCode).toBe(0);
    expect(tokenRequests()).toBeGreaterThanOrEqual(2);
  });

  it('gives up when the wait is exceeded, with a clear error, and registers nothing', async () => {
    fixture = await startEmulatorFixture({ salesforce: { keyPropagationMs: 600_000 } });
    // 9 s: room for a second token request even when a loaded machine takes seconds over the first
    // (jsforce's first load); the key still never works within it.
    const run = await fixture.run('register', ['--wait-for-key', '0.15', '--json']);
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({
      name: 'ConsumerKeyWaitExceededError',
      message: expect.stringMatching(/still did not work after waiting \d+ s \(\d+ token requests\)/),
      actions: expect.arrayContaining([expect.stringContaining('--wait-for-key <minutes>')]),
    });
    expect(tokenRequests()).toBeGreaterThanOrEqual(2);
    expect(oneSpanPosts()).toBe(0);
  });

  it('fails at once without the flag: no wait is the default', async () => {
    fixture = await startEmulatorFixture({ salesforce: { keyPropagationMs: 600_000 } });
    const run = await fixture.run('register', ['--json']);
    expect(run.exitCode).toBe(1);
    expect(run.json?.name).toBe('OAuthUnknownClientError');
    expect(tokenRequests()).toBe(1);
  });

  it('stops at once on another token error, whatever the wait', async () => {
    fixture = await startEmulatorFixture();
    const run = await fixture.run('register', [
      '--wait-for-key',
      '15',
      '--json',
      '--instance-url',
      fixture.emulators.salesforce.genericLoginUrl,
    ]);
    // login.salesforce.com answers invalid_grant "request not supported on this domain": no waiting fixes that.
    expect(run.json?.name).toBe('OAuthWrongDomainError');
    expect(run.exitCode).toBe(1);
    expect(tokenRequests()).toBe(1);
  });

  it('refuses a wait that is not a number of minutes, naming the flag', async () => {
    fixture = await startEmulatorFixture();
    const run = await fixture.run('register', ['--wait-for-key', '15m', '--json']);
    expect(run.exitCode).not.toBe(0);
    expect(run.json).toMatchObject({ name: 'InvalidSettingsError' });
    expect(run.json?.message).toContain('--wait-for-key / OSS_WAIT_FOR_KEY_MINUTES: "15m" is not a number of minutes');
  });
});

describe('in a GitHub Actions job', () => {
  it('registers the runtime secrets with the runner masking, on stderr only, and prints none of them otherwise', async () => {
    fixture = await startEmulatorFixture();
    const run = await fixture.run('register', ['--json'], { env: { GITHUB_ACTIONS: 'true' } });
    expect(run.exitCode).toBe(0);
    const masks = run.stderr.split('\n').filter((line) => line.startsWith('::add-mask::'));
    expect(masks).toEqual(
      expect.arrayContaining([
        `::add-mask::${fixture.emulators.salesforce.demo.clientSecret}`,
        `::add-mask::${fixture.emulators.onespan.apiKey}`,
        `::add-mask::${fixture.expectedKey}`,
        expect.stringMatching(new RegExp(`^::add-mask::${fixture.emulators.salesforce.orgId.slice(0, 15)}!`)),
      ]),
    );
    expect(run.stdout).not.toContain('::add-mask::');
    expect(run.json?.status).toBe(0);
  });

  it('writes no mask command outside GitHub Actions', async () => {
    fixture = await startEmulatorFixture();
    const run = await fixture.run('register');
    expect(run.exitCode).toBe(0);
    expect(run.stderr).not.toContain('::add-mask::');
  });
});
