/**
 * No secret in any file at any log level: with `SF_LOG_LEVEL=trace` and the sf log file on (CI turns it
 * off; users troubleshooting turn the level up), `credential`, `register --target-org` and `archive`
 * must leave neither the OneSpan key, the OAuth client secret, the consumer secret nor an uploaded
 * file's bytes anywhere under HOME, ~/.sf/sf-<date>.log included. @salesforce/core's Connection.request
 * logs request bodies at debug level; these commands must not send through it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useEmulatorsWithSfCli } from '../helpers/emulatorWithSfCli';
import { deliverPackageComplete } from '../helpers/deliverEvent';

jest.setTimeout(240_000);

const suite = useEmulatorsWithSfCli();

/** Every file under `root`, with its content as text (binary files too: a secret is ASCII in either). */
async function filesUnder(root: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) found.set(path, await readFile(path, 'latin1'));
    }
  };
  await walk(root);
  return found;
}

/** The files under HOME that hold `value`, by path relative to HOME. */
async function filesHolding(value: string): Promise<string[]> {
  const files = await filesUnder(suite.session.home);
  return [...files.entries()]
    .filter(([, content]) => content.includes(value))
    .map(([path]) => path.slice(suite.session.home.length + 1));
}

async function sfLogFiles(): Promise<string[]> {
  const files = await filesUnder(suite.session.home);
  return [...files.keys()].filter((path) => /[/\\]\.sf[/\\]sf-[^/\\]*\.log$/.test(path));
}

const traced = (command: string, args: string[], env: Record<string, string> = {}) =>
  suite.runWithOrg(command, args, { SF_LOG_LEVEL: 'trace', SF_DISABLE_LOG_FILE: 'false', ...env });

describe('with SF_LOG_LEVEL=trace and the sf log file on', () => {
  it('credential leaves the API key nowhere under HOME', async () => {
    const { onespan } = suite.fixture.emulators;
    const run = await traced('credential', ['--target-org', 'emu', '--json']);
    expect(run.exitCode).toBe(0);
    expect(suite.fixture.emulators.salesforce.credentialValues('OneSpan_Sign_API')).toEqual({ ApiKey: onespan.apiKey });
    // The test means something only if the log file was written, at trace level.
    const logs = await sfLogFiles();
    expect(logs.length).toBeGreaterThan(0);
    expect((await Promise.all(logs.map((path) => readFile(path, 'utf8')))).join('')).toMatch(/"level":10\b/);
    expect(await filesHolding(onespan.apiKey)).toEqual([]);
  });

  it('credential leaves the OAuth client secret nowhere under HOME', async () => {
    const secret = 'oauth-client-secret-trace-5d4c3b2a19';
    const run = await traced('credential', ['--target-org', 'emu', '--json'], {
      ONESPAN_CLIENT_ID: 'oss-client-trace',
      ONESPAN_CLIENT_SECRET: secret,
    });
    expect(run.exitCode).toBe(0);
    expect(suite.fixture.emulators.salesforce.credentialValues('OneSpan_Sign_API_OAuth')).toMatchObject({
      clientSecret: secret,
    });
    expect(await filesHolding(secret)).toEqual([]);
  });

  it('register --target-org leaves the API key and the consumer secret nowhere under HOME', async () => {
    const { salesforce, onespan } = suite.fixture.emulators;
    salesforce.setSecretRestAccess(true);
    salesforce.setCredentialValues('OneSpan_Sign_API', {});
    const run = await traced('register', ['--target-org', 'emu', '--json']);
    expect(run.exitCode).toBe(0);
    expect(salesforce.credentialValues('OneSpan_Sign_API')).toEqual({ ApiKey: onespan.apiKey });
    expect(await filesHolding(onespan.apiKey)).toEqual([]);
    expect(await filesHolding(salesforce.demo.clientSecret)).toEqual([]);
    expect(await filesHolding(suite.fixture.expectedKey)).toEqual([]);
  });

  it("archive leaves no uploaded file's bytes under HOME", async () => {
    const { salesforce, onespan } = suite.fixture.emulators;
    const packageId = onespan.addFixturePackage('completed-two-documents');
    await deliverPackageComplete(salesforce, packageId, 's-1');
    const run = await traced('archive', ['--package', packageId, '--target-org', 'emu', '--json']);
    expect(run.exitCode).toBe(0);
    const stored = salesforce.contentVersions();
    expect(stored.length).toBeGreaterThan(0);
    // What a logger would keep of a multipart body: the JSON part, or the file's bytes as a Buffer's JSON.
    expect(await filesHolding('entity_content')).toEqual([]);
    expect(await filesHolding('"type":"Buffer"')).toEqual([]);
    expect(await filesHolding('OneSpan_Document_Id__c')).toEqual([]);
    expect(await filesHolding('%PDF-')).toEqual([]);
  });
});
