/**
 * The bad-input matrix: each row is one mistake a user makes, run as the user runs the command (a
 * child process behind the secret-leak guard). Every row must end non-zero with one error that names
 * the setting and its fix, and nothing may be written at OneSpan. Rows that fail in validation never
 * reach the emulators; the rows about a registered key need a OneSpan read and run one at a time.
 */
import { CliRun } from '../helpers/runCli';
import { callbackKeyOf, EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';

interface BadInput {
  /** What the user got wrong. */
  mistake: string;
  command: 'register' | 'verify' | 'deploy';
  args?: string[];
  env?: Record<string, string>;
  files?: Record<string, string | Buffer>;
  /** The error name in the JSON envelope. */
  error: string;
  /** Text that names the setting (in the message). */
  setting: string;
  /** Text of the fix (in the actions). */
  fix: string;
}

const INSTANCE = '--instance-url / SF_INSTANCE_URL';
const ONESPAN = '--onespan-url / ONESPAN_API_URL';
const EVENTS = '--events / ONESPAN_EVENTS';
const INVALID = 'InvalidSettingsError';

/** One setting wrong, everything else valid: the error must be about that setting alone. */
const settingRows: BadInput[] = [
  // Missing or empty settings
  {
    mistake: 'SF_CLIENT_ID unset',
    command: 'register',
    env: { SF_CLIENT_ID: '' },
    error: INVALID,
    setting: '--client-id / SF_CLIENT_ID',
    fix: 'Set SF_CLIENT_ID',
  },
  {
    mistake: '--client-id of blanks',
    command: 'verify',
    args: ['--client-id', '   '],
    error: INVALID,
    setting: '--client-id / SF_CLIENT_ID',
    fix: 'Set SF_CLIENT_ID',
  },
  {
    mistake: 'SF_CLIENT_SECRET empty',
    command: 'verify',
    env: { SF_CLIENT_SECRET: '' },
    error: INVALID,
    setting: 'SF_CLIENT_SECRET',
    fix: 'Set SF_CLIENT_SECRET in the environment',
  },
  {
    mistake: 'ONESPAN_API_KEY empty',
    command: 'register',
    env: { ONESPAN_API_KEY: '' },
    error: INVALID,
    setting: 'ONESPAN_API_KEY',
    fix: 'Admin → API Access',
  },
  {
    mistake: 'SF_INSTANCE_URL unset',
    command: 'verify',
    env: { SF_INSTANCE_URL: '' },
    error: INVALID,
    setting: INSTANCE,
    fix: 'Setup → My Domain',
  },
  {
    mistake: 'ONESPAN_API_URL unset',
    command: 'register',
    env: { ONESPAN_API_URL: '' },
    error: INVALID,
    setting: ONESPAN,
    fix: '--onespan-env <region>',
  },
  {
    mistake: '--instance-url given empty',
    command: 'register',
    args: ['--instance-url', ''],
    error: INVALID,
    setting: INSTANCE,
    fix: 'Give --instance-url / SF_INSTANCE_URL a value',
  },
  {
    mistake: '--onespan-url given empty',
    command: 'verify',
    args: ['--onespan-url', ' '],
    error: INVALID,
    setting: ONESPAN,
    fix: 'a value',
  },
  // Malformed URLs
  {
    mistake: 'an instance URL without scheme',
    command: 'register',
    env: { SF_INSTANCE_URL: 'acme.my.salesforce.com' },
    error: INVALID,
    setting: INSTANCE,
    fix: 'https://acme.my.salesforce.com',
  },
  {
    mistake: 'https without colon',
    command: 'verify',
    env: { SF_INSTANCE_URL: 'https//acme.my.salesforce.com' },
    error: INVALID,
    setting: INSTANCE,
    fix: 'https://acme.my.salesforce.com',
  },
  {
    mistake: 'a doubled scheme',
    command: 'register',
    env: { SF_INSTANCE_URL: 'https://https://acme.my.salesforce.com' },
    error: INVALID,
    setting: INSTANCE,
    fix: 'https://acme.my.salesforce.com',
  },
  {
    mistake: 'a space in the host',
    command: 'register',
    env: { SF_INSTANCE_URL: 'https://acme .my.salesforce.com' },
    error: INVALID,
    setting: INSTANCE,
    fix: 'https://yourcompany.my.salesforce.com',
  },
  {
    mistake: 'an ftp URL',
    command: 'verify',
    env: { SF_INSTANCE_URL: 'ftp://acme.my.salesforce.com' },
    error: INVALID,
    setting: INSTANCE,
    fix: 'https://acme.my.salesforce.com',
  },
  {
    mistake: 'credentials in the URL',
    command: 'register',
    env: { SF_INSTANCE_URL: 'https://admin:pw@acme.my.salesforce.com' },
    error: INVALID,
    setting: INSTANCE,
    fix: 'Remove the credentials',
  },
  {
    mistake: 'a OneSpan host without scheme',
    command: 'register',
    env: { ONESPAN_API_URL: 'sandbox.esignlive.com' },
    error: INVALID,
    setting: ONESPAN,
    fix: 'https://sandbox.esignlive.com/api',
  },
  // http on a non-loopback host
  {
    mistake: 'http to the org',
    command: 'register',
    env: { SF_INSTANCE_URL: 'http://acme.my.salesforce.com' },
    error: INVALID,
    setting: INSTANCE,
    fix: 'https://acme.my.salesforce.com',
  },
  {
    mistake: 'http to OneSpan',
    command: 'verify',
    env: { ONESPAN_API_URL: 'http://sandbox.esignlive.com/api' },
    error: INVALID,
    setting: ONESPAN,
    fix: 'https://sandbox.esignlive.com/api',
  },
  // A URL with a path or query
  {
    mistake: 'the token URL as instance URL',
    command: 'register',
    env: { SF_INSTANCE_URL: 'https://acme.my.salesforce.com/services/oauth2/token' },
    error: INVALID,
    setting: INSTANCE,
    fix: 'as https://acme.my.salesforce.com.',
  },
  {
    mistake: 'an instance URL with a query',
    command: 'verify',
    env: { SF_INSTANCE_URL: 'https://acme.my.salesforce.com/?startURL=%2Fhome' },
    error: INVALID,
    setting: INSTANCE,
    fix: 'as https://acme.my.salesforce.com.',
  },
  {
    mistake: 'a OneSpan URL with a resource path',
    command: 'register',
    env: { ONESPAN_API_URL: 'https://sandbox.esignlive.com/api/packages' },
    error: INVALID,
    setting: ONESPAN,
    fix: 'https://sandbox.esignlive.com/api',
  },
  {
    mistake: 'a OneSpan URL with a query',
    command: 'register',
    args: ['--onespan-url', 'https://sandbox.esignlive.com/api?x=1'],
    error: INVALID,
    setting: ONESPAN,
    fix: 'https://sandbox.esignlive.com/api',
  },
  // Generic login hosts and other non-API hosts
  {
    mistake: 'login.salesforce.com as instance URL',
    command: 'register',
    env: { SF_INSTANCE_URL: 'https://login.salesforce.com' },
    error: INVALID,
    setting: INSTANCE,
    fix: 'your My Domain URL',
  },
  {
    mistake: 'test.salesforce.com as instance URL',
    command: 'verify',
    env: { SF_INSTANCE_URL: 'https://test.salesforce.com' },
    error: INVALID,
    setting: INSTANCE,
    fix: 'your My Domain URL',
  },
  {
    mistake: 'the Lightning host as instance URL',
    command: 'register',
    env: { SF_INSTANCE_URL: 'https://acme.lightning.force.com' },
    error: INVALID,
    setting: INSTANCE,
    fix: 'https://acme.my.salesforce.com',
  },
  {
    mistake: 'an unknown OneSpan region',
    command: 'register',
    env: { ONESPAN_API_URL: '' },
    args: ['--onespan-env', 'moon'],
    error: INVALID,
    setting: '--onespan-env',
    fix: 'us-sandbox',
  },
  {
    mistake: 'both --onespan-env and --onespan-url',
    command: 'verify',
    args: ['--onespan-env', 'us', '--onespan-url', 'https://apps.esignlive.com/api'],
    error: INVALID,
    setting: ONESPAN,
    fix: 'Pass only one',
  },
  // Event lists
  {
    mistake: 'an unknown event name',
    command: 'register',
    args: ['--events', 'PACKAGE_COMPLET'],
    error: INVALID,
    setting: EVENTS,
    fix: 'as PACKAGE_COMPLETE',
  },
  {
    mistake: 'a duplicated event name',
    command: 'register',
    args: ['--events', 'PACKAGE_COMPLETE,PACKAGE_COMPLETE'],
    error: INVALID,
    setting: EVENTS,
    fix: 'as PACKAGE_COMPLETE.',
  },
  {
    mistake: 'spaces after the commas',
    command: 'verify',
    env: { ONESPAN_EVENTS: 'PACKAGE_COMPLETE, PACKAGE_CREATE' },
    error: INVALID,
    setting: EVENTS,
    fix: 'without spaces: PACKAGE_COMPLETE,PACKAGE_CREATE',
  },
  {
    mistake: 'event names in lower case',
    command: 'register',
    args: ['--events', 'package_complete'],
    error: INVALID,
    setting: EVENTS,
    fix: 'in upper case: PACKAGE_COMPLETE',
  },
  {
    mistake: 'a stray comma',
    command: 'register',
    args: ['--events', 'PACKAGE_COMPLETE,,PACKAGE_CREATE'],
    error: INVALID,
    setting: EVENTS,
    fix: 'as PACKAGE_COMPLETE,PACKAGE_CREATE',
  },
  {
    mistake: 'an events list of commas only',
    command: 'verify',
    env: { ONESPAN_EVENTS: ',,' },
    error: INVALID,
    setting: EVENTS,
    fix: 'at least one event',
  },
  // Namespaces
  {
    mistake: 'a namespace with __',
    command: 'register',
    args: ['--namespace', 'ONSS__'],
    error: INVALID,
    setting: '--namespace',
    fix: '--namespace ONSS',
  },
  {
    mistake: 'a namespace with a dash',
    command: 'register',
    args: ['--namespace', 'on-ss'],
    error: INVALID,
    setting: '--namespace',
    fix: 'NamespacePrefix of OssCallbackResource',
  },
  {
    mistake: 'a namespace starting with a digit',
    command: 'verify',
    args: ['--namespace', '1onss'],
    error: INVALID,
    setting: '--namespace',
    fix: 'NamespacePrefix of OssCallbackResource',
  },
  {
    mistake: 'a namespace of 16 characters',
    command: 'register',
    args: ['--namespace', 'abcdefghijklmnop'],
    error: INVALID,
    setting: '--namespace',
    fix: 'NamespacePrefix of OssCallbackResource',
  },
  // Timeouts
  {
    mistake: 'a timeout that is not a number',
    command: 'register',
    args: ['--timeout', 'ten'],
    error: INVALID,
    setting: '--timeout',
    fix: '--timeout 15000',
  },
  {
    mistake: 'a timeout below the minimum',
    command: 'verify',
    args: ['--timeout', '10'],
    error: INVALID,
    setting: '--timeout',
    fix: '--timeout 15000',
  },
];

/** Mistakes caught before settings are read: flags. */
const flagRows: BadInput[] = [
  {
    mistake: 'the consumer secret as a flag',
    command: 'register',
    args: ['--client-secret', 'typed-secret-value'],
    error: 'FlagError',
    setting: '--client-secret is not a flag',
    fix: 'set SF_CLIENT_SECRET in the environment',
  },
  {
    mistake: 'the API key as --api-key=',
    command: 'verify',
    args: ['--api-key=typed-api-key-value'],
    error: 'FlagError',
    setting: '--api-key is not a flag',
    fix: 'set ONESPAN_API_KEY in the environment',
  },
  {
    mistake: 'a misspelt flag',
    command: 'register',
    args: ['--instance', 'https://acme.my.salesforce.com'],
    error: 'FlagError',
    setting: 'Nonexistent flag: --instance',
    fix: '--help',
  },
  {
    mistake: 'a stray argument',
    command: 'verify',
    args: ['PACKAGE_COMPLETE'],
    error: 'FlagError',
    setting: 'too many arguments',
    fix: '--help',
  },
];

/** The deploy's own inputs; none reaches an org. */
const deployRows: BadInput[] = [
  {
    mistake: 'a target org the sf CLI does not know',
    command: 'deploy',
    args: ['--target-org', 'uat'],
    error: 'TargetOrgNotFoundError',
    setting: 'uat',
    fix: 'sf org login web --alias uat',
  },
  {
    mistake: 'the Connected App without its key and secret',
    command: 'deploy',
    args: ['--target-org', 'uat', '--connected-app'],
    env: { SF_CLIENT_ID: '', SF_CLIENT_SECRET: '' },
    error: 'MissingConnectedAppCredentialsError',
    setting: 'SF_CLIENT_ID',
    fix: 'SF_CLIENT_SECRET',
  },
  {
    mistake: 'a Connected App key with punctuation',
    command: 'deploy',
    args: ['--target-org', 'uat', '--connected-app'],
    env: { SF_CLIENT_ID: 'key-with-dashes!', SF_CLIENT_SECRET: 'A1b2C3d4E5f6G7h8' },
    error: 'InvalidConnectedAppCredentialError',
    setting: 'SF_CLIENT_ID',
    fix: 'openssl rand -hex 32',
  },
  {
    mistake: 'the CI permission set asked for with the Connected App',
    command: 'deploy',
    args: ['--target-org', 'uat', '--connected-app', '--ci-permissions'],
    error: 'CiPermissionsFlagError',
    setting: '--ci-permissions',
    fix: 'leave out --connected-app',
  },
  {
    mistake: 'a deploy wait that is not a number of minutes',
    command: 'deploy',
    args: ['--target-org', 'uat', '--wait', 'abc'],
    error: 'FlagError',
    setting: "option '--wait <minutes>' argument 'abc' is invalid",
    fix: '--help',
  },
  {
    mistake: 'the consumer secret as a deploy flag',
    command: 'deploy',
    args: ['--client-secret', 'typed-secret-value'],
    error: 'FlagError',
    setting: 'Nonexistent flag: --client-secret',
    fix: '--help',
  },
];

let fixture: EmulatorFixture;
const typedSecrets = [
  { label: 'a secret typed on the command line', value: 'typed-secret-value' },
  { label: 'an API key typed on the command line', value: 'typed-api-key-value' },
  { label: 'a Connected App secret', value: 'A1b2C3d4E5f6G7h8' },
];

beforeAll(async () => {
  fixture = await startEmulatorFixture();
});

afterAll(async () => {
  await fixture.close();
});

/** Requests that change something at OneSpan. */
const oneSpanWrites = () => fixture.emulators.onespan.requests().filter((request) => request.method !== 'GET');

function expectOneExplainedError(run: CliRun, row: BadInput): void {
  expect(run.exitCode).not.toBe(0);
  expect(run.json).toMatchObject({ status: run.exitCode, name: row.error });
  const message = run.json?.message ?? '';
  expect(message).toContain(row.setting);
  expect(run.json?.actions?.join('\n')).toContain(row.fix);
  if (row.error === INVALID) {
    // One problem only: the row's own. The other settings are valid.
    expect(message).toMatch(/^The settings have 1 problem\(s\):\n {2}- [^\n]+$/);
  }
  expect(run.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
  expect(oneSpanWrites()).toEqual([]);
}

describe('bad input is refused before anything is sent', () => {
  it.concurrent.each([...settingRows, ...flagRows, ...deployRows].map((row) => [row.mistake, row] as const))(
    '%s',
    async (_mistake, row) => {
      const run = await fixture.run(row.command, [...(row.args ?? []), '--json'], {
        env: row.env,
        files: row.files,
        secrets: typedSecrets,
        // deploy loads @salesforce/core before it can answer: on a busy shared machine that alone can take
        // longer than the other commands' whole run, and a killed run would look like a wrong exit code.
        timeoutMs: row.command === 'deploy' ? 120_000 : 30_000,
      });
      expectOneExplainedError(run, row);
      if (row.command !== 'deploy') {
        // Validation and flag errors come before any request, to either service.
        expect(run.json?.status).toBe(2);
      }
    },
    150_000,
  );
});

/**
 * doctor reports every check as a row instead of stopping at the first error: a bad setting is its
 * "settings" row failing with the problem and the fix, and the run exits non-zero.
 */
const doctorRows: { mistake: string; env?: Record<string, string>; args?: string[]; setting: string; fix: string }[] = [
  {
    mistake: 'login.salesforce.com as instance URL',
    env: { SF_INSTANCE_URL: 'https://login.salesforce.com' },
    setting: INSTANCE,
    fix: 'your My Domain URL',
  },
  {
    mistake: 'an instance URL with a path',
    env: { SF_INSTANCE_URL: 'https://acme.my.salesforce.com/lightning' },
    setting: INSTANCE,
    fix: 'as https://acme.my.salesforce.com.',
  },
  {
    mistake: 'http to OneSpan',
    env: { ONESPAN_API_URL: 'http://sandbox.esignlive.com/api' },
    setting: ONESPAN,
    fix: 'https://sandbox.esignlive.com/api',
  },
  {
    mistake: 'events in lower case',
    args: ['--events', 'package_complete'],
    setting: EVENTS,
    fix: 'in upper case: PACKAGE_COMPLETE',
  },
  {
    mistake: 'a namespace with illegal characters',
    args: ['--namespace', 'on$s'],
    setting: '--namespace',
    fix: 'NamespacePrefix of OssCallbackResource',
  },
  {
    mistake: 'ONESPAN_API_KEY empty',
    env: { ONESPAN_API_KEY: '' },
    setting: 'ONESPAN_API_KEY',
    fix: 'Admin → API Access',
  },
];

describe('doctor reports bad input as its settings row', () => {
  it.concurrent.each(doctorRows.map((row) => [row.mistake, row] as const))('%s', async (_mistake, row) => {
    const run = await fixture.run('doctor', [...(row.args ?? []), '--json'], { env: row.env, timeoutMs: 30_000 });
    expect(run.exitCode).not.toBe(0);
    const rows = (run.json?.result ?? []) as unknown as { id: string; status: string; detail: string; fix: string[] }[];
    const settings = rows.find((entry) => entry.id === 'settings');
    expect(settings).toMatchObject({ status: 'fail' });
    expect(settings?.detail).toMatch(/^The settings have 1 problem\(s\):\n {2}- [^\n]+$/);
    expect(settings?.detail).toContain(row.setting);
    expect(settings?.fix.join('\n')).toContain(row.fix);
    expect(oneSpanWrites()).toEqual([]);
  });

  it('refuses a secret typed as a flag, exit 2, without echoing it', async () => {
    const run = await fixture.run('doctor', ['--api-key', 'typed-api-key-value', '--json'], { secrets: typedSecrets });
    expect(run.json).toMatchObject({ status: 2, name: 'FlagError' });
    expect(run.json?.actions?.[0]).toContain('set ONESPAN_API_KEY in the environment');
  });
});

/** Payload files for replay, as people save them from OneSpan's callback failure e-mail. */
const payloadRows: [string, string | Buffer, string, string][] = [
  ['an empty file', '', 'empty', 'paste the JSON payload'],
  ['a file of blank lines', '\n\n  \n', 'empty', 'paste the JSON payload'],
  ['a file that is not JSON', '{"name": "PACKAGE_COMPLETE", ', 'notJson', 'copy the payload from the e-mail exactly'],
  ['an empty JSON array', '[]', 'emptyArray', 'lists no payloads'],
  [
    'a Latin-1 file',
    Buffer.concat([Buffer.from('{"name":"PACKAGE_COMPLETE","message":"caf'), Buffer.from([0xe9, 0x22, 0x7d])]),
    'notUtf8',
    'save it as UTF-8',
  ],
  ['a file larger than 16 MB', Buffer.alloc(16 * 1024 * 1024 + 1, 0x20), 'tooLargeFile', 'at most'],
];

interface ReplayEntry {
  label: string;
  status: string;
  errorCode?: string;
  message?: string;
}

describe('replay refuses payload files it cannot use', () => {
  it.each(payloadRows)('%s', async (_kind, content, code, fix) => {
    const stored = fixture.emulators.salesforce.events().length;
    const run = await fixture.run('replay', ['--file', 'payload.json', '--json'], {
      files: { 'payload.json': content },
    });
    expect(run.exitCode).toBe(1);
    const [entry, ...others] = (run.json?.result?.payloads ?? []) as ReplayEntry[];
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ status: 'invalid', errorCode: code });
    expect(entry.message).toMatch(/^payload\.json /);
    expect(entry.message).toContain(fix);
    expect(fixture.emulators.salesforce.events().length).toBe(stored);
    expect(oneSpanWrites()).toEqual([]);
  });

  it('an array of mixed validity: delivers the valid payload, names each invalid one by index', async () => {
    const stored = fixture.emulators.salesforce.events().length;
    const payloads = [
      { name: 'PACKAGE_COMPLETE', packageId: 'replay-mixed-1', sessionUser: 'u1' },
      5,
      { packageId: 'x' },
    ];
    const run = await fixture.run('replay', ['--file', 'mixed.json', '--json'], {
      files: { 'mixed.json': JSON.stringify(payloads) },
    });
    expect(run.exitCode).toBe(1);
    const entries = (run.json?.result?.payloads ?? []) as ReplayEntry[];
    expect(entries.map((entry) => [entry.status, entry.errorCode])).toEqual([
      ['stored', undefined],
      ['invalid', 'notObject'],
      ['invalid', 'missingName'],
    ]);
    expect(entries[1].message).toMatch(/^mixed\.json\[1\] /);
    expect(entries[2].message).toContain('has no "name"');
    expect(fixture.emulators.salesforce.events().length).toBe(stored + 1);
    expect(oneSpanWrites()).toEqual([]);
  });

  it('no --file at all: exit 2 with the fix', async () => {
    const run = await fixture.run('replay', ['--json']);
    expect(run.json).toMatchObject({ status: 2, name: 'FlagError' });
    expect(run.json?.actions?.[0]).toContain('--file');
  });
});

describe('non-UTF-8 input', () => {
  it('a .env saved as Latin-1 is refused for its encoding, before its garbled values are sent', async () => {
    const latin1 = Buffer.concat([Buffer.from('SF_CLIENT_ID=caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const run = await fixture.run('verify', ['--json'], { env: { SF_CLIENT_ID: '' }, files: { '.env': latin1 } });
    expect(run.json).toMatchObject({ status: 2, name: 'DotenvEncodingError' });
    expect(run.json?.message).toContain('is not UTF-8 (the byte at offset 16');
    expect(run.json?.actions?.[0]).toContain('Save .env as UTF-8');
    expect(oneSpanWrites()).toEqual([]);
  });

  it('an API key with a character HTTP headers cannot carry is refused with the settings, before any request', async () => {
    const before = fixture.emulators.onespan.requests().length + fixture.emulators.salesforce.requests().length;
    const run = await fixture.run('register', ['--json', '--namespace', ''], {
      env: { ONESPAN_API_KEY: 'pasted-key€with-euro' },
      secrets: [{ label: 'the pasted API key', value: 'pasted-key€with-euro' }],
    });
    expect(run.json).toMatchObject({ status: 2, name: 'InvalidSettingsError' });
    expect(run.json?.message).toContain('ONESPAN_API_KEY (environment only): holds white space');
    expect(run.json?.actions?.join('\n')).toContain('Admin → API Access');
    const after = fixture.emulators.onespan.requests().length + fixture.emulators.salesforce.requests().length;
    expect(after).toBe(before);
  });
});

/**
 * The decode path: a key OneSpan echoes that is not what register would send. verify must say what
 * is wrong with it and how to fix it, without printing it; these rows share the one registration, so
 * they run one after the other. A key that is not base64 JSON at all says nothing about the key OneSpan
 * holds (a service may echo a mask, onespan.md §9): it is not comparable, a warning and never a failure.
 */
describe('verify explains a registered key it cannot use', () => {
  const unreadableRows: [string, () => string][] = [
    ['not base64', () => 'not base64 at all!'],
    ['a mask', () => '********'],
    ['base64 of something that is not JSON', () => Buffer.from('host=acme;id=1').toString('base64')],
    ['a JSON array', () => Buffer.from('[1,2]').toString('base64')],
  ];

  it.each(unreadableRows)('a key that is %s is not comparable: exit 0 with a warning', async (_kind, key) => {
    const { onespan, salesforce } = fixture.emulators;
    onespan.echoKey = true;
    const registeredKey = key();
    onespan.setConnector('salesforceOauth2', {
      url: `${salesforce.url}/services/apexrest/OSS/callback`,
      events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
      key: registeredKey,
    });
    const run = await fixture.run('verify', ['--json'], {
      secrets: [{ label: 'the registered key', value: registeredKey }],
    });
    expect(run.exitCode).toBe(0);
    expect(run.json?.result).toMatchObject({ verified: true, keyEchoed: true, keyComparable: false, differences: [] });
    expect(run.json?.warnings?.join('\n')).toContain('not base64 JSON');
    expect(oneSpanWrites()).toEqual([]);
  });

  const keyRows: [string, () => string, string, string][] = [
    [
      'a refresh-token key',
      () =>
        Buffer.from(
          JSON.stringify({
            host: new URL(fixture.emulators.salesforce.url).host,
            client_id: fixture.env.SF_CLIENT_ID,
            refresh_token: 'old-refresh-token-value',
          }),
        ).toString('base64'),
      'Refresh Token Flow',
      'npm run register',
    ],
    [
      'a host with https://',
      () => callbackKeyOf(fixture.emulators.salesforce.url, fixture.env.SF_CLIENT_ID, fixture.env.SF_CLIENT_SECRET),
      'includes a scheme',
      'npm run register',
    ],
    [
      'a key wrapped over two lines',
      () => fixture.expectedKey.replace(/(.{20})/, '$1\n'),
      'line breaks',
      'npm run register',
    ],
  ];

  it.each(keyRows)('a key that is %s', async (_kind, key, problem, fix) => {
    const { onespan, salesforce } = fixture.emulators;
    onespan.echoKey = true;
    const registeredKey = key();
    onespan.setConnector('salesforceOauth2', {
      url: `${salesforce.url}/services/apexrest/OSS/callback`,
      events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
      key: registeredKey,
    });
    const run = await fixture.run('verify', ['--json'], {
      secrets: [
        { label: 'the registered key', value: registeredKey },
        { label: 'an old refresh token', value: 'old-refresh-token-value' },
      ],
    });
    expect(run.exitCode).toBe(1);
    expect(run.json?.name).toBe('RegistrationMismatchError');
    expect(run.json?.message?.toLowerCase()).toContain(problem.toLowerCase());
    expect(run.json?.actions?.join('\n')).toContain(fix);
    expect(oneSpanWrites()).toEqual([]);
  });
});
