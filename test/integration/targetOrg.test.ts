/**
 * --target-org runs the namespace query through @salesforce/core with the sf CLI's stored login, and
 * takes the instance URL from it: here after a real `sf org login access-token` to the emulator.
 */
import { EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';
import { loginSfCli, SfCliSession } from '../helpers/sfCliLogin';

let fixture: EmulatorFixture;
let session: SfCliSession;

beforeAll(async () => {
  fixture = await startEmulatorFixture({ salesforce: { namespacePrefix: 'ONSS' } });
  const { salesforce } = fixture.emulators;
  session = await loginSfCli({ instanceUrl: salesforce.url, accessToken: salesforce.issueAccessToken(), alias: 'emu' });
});

afterAll(async () => {
  await session?.dispose();
  await fixture?.close();
});

it('registers with --target-org: instance URL and namespace from the sf CLI org', async () => {
  const { salesforce } = fixture.emulators;
  const before = salesforce.requests().length;
  // The token path queries with API v62.0; refusing it proves the query went through the sf CLI org.
  salesforce.faults.add({ method: 'GET', path: '/services/data/v62.0/query', kind: 'status', status: 403 });
  const run = await fixture.run('register', ['--target-org', 'emu', '--json'], {
    home: session.home,
    env: { ...session.env, SF_INSTANCE_URL: '', HOME: session.home } as Record<string, string>,
  });
  expect(run.exitCode).toBe(0);
  expect(run.json?.result).toMatchObject({
    instanceUrl: salesforce.url,
    namespacePrefix: 'ONSS',
    callbackUrl: `${salesforce.url}/services/apexrest/ONSS/OSS/callback`,
    registered: true,
    verified: true,
  });
  const queries = salesforce
    .requests()
    .slice(before)
    .filter((request) => request.method === 'GET' && /\/query/.test(request.path));
  expect(queries.map((request) => request.path)).not.toContain('/services/data/v62.0/query');
  expect(queries.length).toBeGreaterThan(0);
  salesforce.faults.clear();
});

it('names the fix when the sf CLI has no such org', async () => {
  const run = await fixture.run('register', ['--target-org', 'nope'], {
    home: session.home,
    env: { ...session.env, HOME: session.home } as Record<string, string>,
  });
  expect(run.exitCode).toBe(1);
  expect(run.stderr).toContain('Error (TargetOrgError): The sf CLI org "nope" cannot be used');
  expect(run.stderr).toContain('sf org login web --alias nope');
});
