/**
 * sf's configured default org (`sf config set target-org`), as every sf command uses it: commands that
 * need an org fall back to it and say so, fail in sf's words without it, and commands that can work
 * without an org (client-credential settings) behave exactly as before whatever it says. Here after a
 * real `sf org login access-token` to the emulator, with the real `sf config set`.
 */
import { EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';
import { loginSfCli, SfCliSession } from '../helpers/sfCliLogin';

jest.setTimeout(240_000);

let fixture: EmulatorFixture;
/** A HOME where sf's global target-org is the emulated org. */
let withDefault: SfCliSession;
/** A HOME with the same login and no default org. */
let withoutDefault: SfCliSession;

beforeAll(async () => {
  fixture = await startEmulatorFixture();
  const { salesforce } = fixture.emulators;
  [withDefault, withoutDefault] = await Promise.all([
    loginSfCli({ instanceUrl: salesforce.url, accessToken: salesforce.issueAccessToken(), alias: 'emu' }),
    loginSfCli({ instanceUrl: salesforce.url, accessToken: salesforce.issueAccessToken(), alias: 'emu' }),
  ]);
  const set = await withDefault.sf(['config', 'set', 'target-org=emu', '--global', '--json']);
  expect(set.exitCode).toBe(0);
});

afterAll(async () => {
  await withDefault?.dispose();
  await withoutDefault?.dispose();
  await fixture?.close();
});

const run = (session: SfCliSession, command: string, args: string[], env: Record<string, string> = {}) =>
  fixture.run(command, args, {
    home: session.home,
    env: { ...session.env, HOME: session.home, SF_TARGET_ORG: '', ...env } as Record<string, string>,
    timeoutMs: 180_000,
  });

const USING_DEFAULT = "Using the sf CLI's default org emu (target-org in sf config)";

describe('a command that needs an org (credential)', () => {
  it("uses sf's default org and says so, on stderr and in --json's warnings", async () => {
    const json = await run(withDefault, 'credential', ['--json']);
    expect(json.exitCode).toBe(0);
    expect(json.json?.result).toMatchObject({ targetOrg: 'emu' });
    expect(json.json?.warnings).toEqual([expect.stringContaining(USING_DEFAULT)]);

    const human = await run(withDefault, 'credential', []);
    expect(human.exitCode).toBe(0);
    expect(human.stderr).toContain(USING_DEFAULT);
  });

  it("fails with sf's NoDefaultEnvError when no org is named or configured", async () => {
    const result = await run(withoutDefault, 'credential', ['--json']);
    expect(result.exitCode).toBe(1);
    expect(result.json).toMatchObject({
      name: 'NoDefaultEnvError',
      code: 'NoDefaultEnvError',
      message: 'No default environment found. Use -o or --target-org to specify an environment.',
      commandName: 'credential',
    });
  });
});

describe('a command that can work without an org (register)', () => {
  it("takes the instance URL from sf's default org when no setting names the org", async () => {
    const result = await run(withDefault, 'register', ['--json'], { SF_INSTANCE_URL: '' });
    expect(result.exitCode).toBe(0);
    expect(result.json?.result).toMatchObject({ instanceUrl: fixture.emulators.salesforce.url, registered: true });
    expect(result.json?.warnings).toEqual(expect.arrayContaining([expect.stringContaining(USING_DEFAULT)]));
  });

  it('keeps client-credential settings exactly as they were: the default org is not consulted', async () => {
    const result = await run(withDefault, 'register', ['--json']);
    expect(result.exitCode).toBe(0);
    expect(result.json?.warnings?.join('\n') ?? '').not.toContain('default org');
  });

  it('reports the missing settings as before when there is no default org either', async () => {
    const result = await run(withoutDefault, 'register', ['--json'], { SF_INSTANCE_URL: '' });
    expect(result.exitCode).toBe(2);
    expect(result.json).toMatchObject({ name: 'InvalidSettingsError' });
  });
});
