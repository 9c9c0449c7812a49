/**
 * Behind a proxy: HTTPS_PROXY / HTTP_PROXY are honoured by every request, OneSpan's and Salesforce's
 * (the client-credentials calls and the sf CLI org's), and NO_PROXY sends them direct. The emulators
 * listen on http://127.0.0.1, so the proxy is the only way to see the calls: without the proxy agent,
 * Node's fetch goes straight to them and the proxy sees nothing.
 */
import { useEmulatorsWithSfCli } from '../helpers/emulatorWithSfCli';
import { ForwardProxy, startForwardProxy } from '../helpers/forwardProxy';

jest.setTimeout(240_000);

const suite = useEmulatorsWithSfCli();
let proxy: ForwardProxy;

beforeEach(async () => {
  proxy = await startForwardProxy();
});

afterEach(async () => {
  await proxy?.close();
});

const host = (url: string) => new URL(url).host;

const behindProxy = (command: string, args: string[], env: Record<string, string> = {}) =>
  suite.runWithOrg(command, args, { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '', ...env });

describe('with HTTP_PROXY and HTTPS_PROXY set', () => {
  it('the sf CLI org calls (credential) go through the proxy', async () => {
    const run = await behindProxy('credential', ['--target-org', 'emu', '--json']);
    expect(run.exitCode).toBe(0);
    expect(proxy.origins()).toEqual([host(suite.fixture.emulators.salesforce.url)]);
  });

  it('register --target-org reaches Salesforce and OneSpan through the proxy only', async () => {
    const { salesforce, onespan } = suite.fixture.emulators;
    salesforce.setSecretRestAccess(true);
    const run = await behindProxy('register', ['--target-org', 'emu', '--json']);
    expect(run.json).toMatchObject({ status: 0, result: { registered: true } });
    expect(proxy.origins().sort()).toEqual([host(salesforce.url), host(onespan.apiUrl)].sort());
  });

  it('NO_PROXY=127.0.0.1 sends every call direct', async () => {
    const { salesforce } = suite.fixture.emulators;
    salesforce.setSecretRestAccess(true);
    const run = await behindProxy('register', ['--target-org', 'emu', '--json'], { NO_PROXY: '127.0.0.1' });
    expect(run.json).toMatchObject({ status: 0, result: { registered: true } });
    expect(proxy.visits()).toEqual([]);
  });
});
