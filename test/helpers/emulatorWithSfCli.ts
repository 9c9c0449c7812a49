/**
 * The set-up of every suite that runs commands with `--target-org` against the emulators: both emulators for the
 * whole suite, and the real sf CLI logged in to the Salesforce one once (a cold sf login costs seconds), as an
 * administrator under `alias`. Call it at the top of a test file; read `suite.fixture` and `suite.session` in tests.
 */
import { EmulatorFixture, startEmulatorFixture } from './emulatorFixture';
import type { CliRun, GuardedSecret } from './runCli';
import { loginSfCli, SfCliSession } from './sfCliLogin';

export interface EmulatorWithSfCli {
  readonly fixture: EmulatorFixture;
  readonly session: SfCliSession;
  /**
   * Runs a command as the sf CLI org sees it: the session's HOME and login, and no client-credential settings, so
   * only `--target-org` can say where the org is. `env` adds to (or overrides) that environment.
   */
  runWithOrg(command: string, args: string[], env?: Record<string, string>, secrets?: GuardedSecret[]): Promise<CliRun>;
}

export function useEmulatorsWithSfCli(alias = 'emu'): EmulatorWithSfCli {
  let fixture: EmulatorFixture | undefined;
  let session: SfCliSession | undefined;

  beforeAll(async () => {
    fixture = await startEmulatorFixture();
    const { salesforce } = fixture.emulators;
    session = await loginSfCli({ instanceUrl: salesforce.url, accessToken: salesforce.issueAccessToken(), alias });
  }, 120_000);

  afterAll(async () => {
    await session?.dispose();
    await fixture?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('useEmulatorsWithSfCli: read the suite inside a test or hook, after beforeAll');
    return value;
  };
  const runWithOrg: EmulatorWithSfCli['runWithOrg'] = (command, args, env = {}, secrets = []) => {
    const { home, env: loggedIn } = started(session);
    return started(fixture).run(command, args, {
      home,
      env: { ...loggedIn, HOME: home, SF_INSTANCE_URL: '', SF_CLIENT_ID: '', SF_CLIENT_SECRET: '', ...env } as Record<
        string,
        string
      >,
      secrets,
      timeoutMs: 120_000,
    });
  };
  return {
    runWithOrg,
    get fixture() {
      return started(fixture);
    },
    get session() {
      return started(session);
    },
  };
}
