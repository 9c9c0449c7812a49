/**
 * The set-up of every suite that runs commands with `--target-org` against the emulators: both emulators for the
 * whole suite, and the real sf CLI logged in to the Salesforce one once (a cold sf login costs seconds), as an
 * administrator under `alias`. Call it at the top of a test file; read `suite.fixture` and `suite.session` in tests.
 */
import { EmulatorFixture, startEmulatorFixture } from './emulatorFixture';
import { loginSfCli, SfCliSession } from './sfCliLogin';

export interface EmulatorWithSfCli {
  readonly fixture: EmulatorFixture;
  readonly session: SfCliSession;
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
  return {
    get fixture() {
      return started(fixture);
    },
    get session() {
      return started(session);
    },
  };
}
