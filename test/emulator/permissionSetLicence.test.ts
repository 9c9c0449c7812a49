/**
 * The Salesforce emulator's licence rule, driven by the real sf CLI exactly as `npm run deploy` drives an org:
 * a Salesforce Integration user is refused OSS_Callback_Integration (standard-object permissions) until it
 * holds the Salesforce API Integration permission set licence; users with a Salesforce licence are not.
 */
import { startSalesforceEmulator } from '../../scripts/emulator/salesforce/emulator';
import type { SalesforceEmulator } from '../../scripts/emulator/types';
import { loginSfCli, type SfCliSession } from '../helpers/sfCliLogin';

/** Each sf run loads the CLI: seconds on a quiet machine, far more on a busy shared one. */
jest.setTimeout(300_000);

interface AssignResult {
  successes: { name: string; value: string }[];
  failures: { name: string; message: string }[];
}

describe('assigning OSS_Callback_Integration to a Salesforce Integration user', () => {
  let sf: SalesforceEmulator;
  let session: SfCliSession;
  const username = 'oss-new-integration@emulator.example';

  beforeAll(async () => {
    sf = await startSalesforceEmulator();
    sf.addUser({ username });
    session = await loginSfCli({ instanceUrl: sf.url, accessToken: sf.issueAccessToken(), alias: 'emu' });
  });
  afterAll(async () => {
    await session?.dispose();
    await sf?.close();
  });

  const assign = async (what: 'permset' | 'permsetlicense', name: string, user = username) => {
    const run = await session.sf([
      'org',
      'assign',
      what,
      '--name',
      name,
      '--on-behalf-of',
      user,
      '-o',
      'emu',
      '--json',
    ]);
    return { exitCode: run.exitCode, result: run.json?.result as AssignResult };
  };

  it("is refused without the permission set licence, with the platform's message", async () => {
    const { exitCode, result } = await assign('permset', 'OSS_Callback_Integration');
    expect(exitCode).not.toBe(0);
    expect(result.successes).toEqual([]);
    expect(result.failures).toEqual([
      {
        name: username,
        message: expect.stringMatching(
          /^Can't assign permission set "OSS Callback Integration" to user ".+"\. The user license doesn't allow the permission: /,
        ),
      },
    ]);
  });

  it('succeeds once `sf org assign permsetlicense` has given it SalesforceAPIIntegrationPsl, and a repeat is fine', async () => {
    const licence = await assign('permsetlicense', 'SalesforceAPIIntegrationPsl');
    expect(licence).toMatchObject({ exitCode: 0, result: { failures: [] } });
    expect((await assign('permsetlicense', 'SalesforceAPIIntegrationPsl')).exitCode).toBe(0);
    const permissionSet = await assign('permset', 'OSS_Callback_Integration');
    expect(permissionSet).toMatchObject({
      exitCode: 0,
      result: { successes: [{ name: username, value: 'OSS_Callback_Integration' }] },
    });
  });

  it('never asks a user with a Salesforce licence (the admin) for it', async () => {
    const run = await assign('permset', 'OSS_Callback_Integration', 'admin@emulator.example');
    expect(run).toMatchObject({ exitCode: 0, result: { failures: [] } });
  });
});
