/**
 * Emulators started in the test process plus what a CLI run against them needs: the environment a
 * user would export, and the secrets the leak guard must never see (computed here independently of
 * the code under test, e.g. the base64 key).
 */
import { EmulatorOptions, Emulators, startEmulators } from '../../scripts/emulator';
import { CliRun, GuardedSecret, runCli, RunCliOptions } from './runCli';

export interface EmulatorFixture {
  emulators: Emulators;
  /** SF_INSTANCE_URL, SF_CLIENT_ID, SF_CLIENT_SECRET, ONESPAN_API_URL, ONESPAN_API_KEY of the demo set-up. */
  env: Record<string, string>;
  /** The base64 key register should send, built from the demo credentials. */
  expectedKey: string;
  secrets: GuardedSecret[];
  secretPatterns: NonNullable<RunCliOptions['secretPatterns']>;
  /** Runs a command (register, verify, ...) against the emulators behind the leak guard. */
  run(command: string, args?: string[], options?: Partial<RunCliOptions>): Promise<CliRun>;
  close(): Promise<void>;
}

export function callbackKeyOf(host: string, clientId: string, clientSecret: string): string {
  return Buffer.from(JSON.stringify({ host, client_id: clientId, client_secret: clientSecret })).toString('base64');
}

export async function startEmulatorFixture(options: EmulatorOptions = {}): Promise<EmulatorFixture> {
  const emulators = await startEmulators(options);
  const { salesforce, onespan } = emulators;
  const env = {
    SF_INSTANCE_URL: salesforce.url,
    SF_CLIENT_ID: salesforce.demo.clientId,
    SF_CLIENT_SECRET: salesforce.demo.clientSecret,
    ONESPAN_API_URL: onespan.apiUrl,
    ONESPAN_API_KEY: onespan.apiKey,
  };
  const expectedKey = callbackKeyOf(
    new URL(salesforce.url).host,
    salesforce.demo.clientId,
    salesforce.demo.clientSecret,
  );
  const secrets = [
    { label: 'the consumer secret', value: salesforce.demo.clientSecret },
    { label: 'the OneSpan API key', value: onespan.apiKey },
    { label: 'the base64 callback key', value: expectedKey },
  ];
  // Every token the Salesforce emulator issues is "<15-char org Id>!<opaque part>".
  const secretPatterns = [
    {
      label: 'an access token of the emulated org',
      pattern: new RegExp(`${salesforce.orgId.slice(0, 15)}![A-Za-z0-9]{20,}`),
    },
  ];
  return {
    emulators,
    env,
    expectedKey,
    secrets,
    secretPatterns,
    run: (command, args = [], runOptions = {}) =>
      runCli(`scripts/commands/${command}.ts`, args, {
        ...runOptions,
        env: { ...env, ...runOptions.env },
        secrets: [...secrets, ...(runOptions.secrets ?? [])],
        secretPatterns: [...secretPatterns, ...(runOptions.secretPatterns ?? [])],
      }),
    close: () => emulators.close(),
  };
}

/** Requests of one method and path pattern, for counting. */
export function countRequests(requests: { method: string; path: string }[], method: string, path: RegExp): number {
  return requests.filter((request) => request.method === method && path.test(request.path)).length;
}
