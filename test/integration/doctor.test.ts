/**
 * `npm run doctor` against the emulators: each check once passing and once failing, driven by the
 * emulator's state (never by bending it). Every run goes through the secret-leak guard.
 */
import { callbackKeyOf, EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';
import { GuardedSecret } from '../helpers/runCli';

interface Check {
  id: string;
  status: 'pass' | 'fail' | 'warn' | 'skip';
  detail: string;
  fix: string[];
  troubleshooting?: string;
}

const ALL_IDS = [
  'settings',
  'target-org',
  'credentials',
  'my-domain',
  'token',
  'run-as-user',
  'integration-licence',
  'apex-class',
  'probe',
  'onespan-api-key',
  'registration',
  'callback-key',
  'named-credential',
  'onespan-principal',
  'principal-access',
];

/** What a scenario changes: emulator state, and the environment or secrets of the run. */
interface Arrangement {
  env?: Record<string, string>;
  secrets?: GuardedSecret[];
}

interface Scenario {
  name: string;
  arrange?: (fixture: EmulatorFixture) => Arrangement | void;
  /** Registered as the demo set-up would be (default true); the key is echoed when `echoKey`. */
  registered?: boolean;
  echoKey?: boolean;
  args?: string[];
  expect: Record<string, Check['status']>;
  /** The failing check's id, and what its detail, fix and troubleshooting row must say. */
  failing?: { id: string; detail?: RegExp; fix?: RegExp; troubleshooting?: string };
  /** A check that warns: its id, and what its detail and fix must say. */
  warning?: { id: string; detail: RegExp; fix: RegExp };
}

function callbackUrl(fixture: EmulatorFixture): string {
  return `${fixture.emulators.salesforce.url}/services/apexrest/OSS/callback`;
}

function registerDemo(
  fixture: EmulatorFixture,
  overrides: Partial<{ url: string; events: string[]; key: string }> = {},
) {
  fixture.emulators.onespan.setConnector('salesforceOauth2', {
    url: callbackUrl(fixture),
    events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
    key: fixture.expectedKey,
    ...overrides,
  });
}

/** A new External Client App (its own random credentials) whose Run As user is set up by the scenario. */
function addApp(
  fixture: EmulatorFixture,
  app: { runAsUserId?: string | null; scopes?: string[]; adminApprovedOnly?: boolean },
): Arrangement {
  const clientId = `3MVG9${Math.random().toString(36).slice(2)}Scenario`;
  const clientSecret = `SECRET${Math.random().toString(36).slice(2).toUpperCase()}0123456789`;
  fixture.emulators.salesforce.addClient({ clientId, clientSecret, ...app });
  const key = callbackKeyOf(new URL(fixture.emulators.salesforce.url).host, clientId, clientSecret);
  fixture.emulators.onespan.setConnector('salesforceOauth2', {
    url: callbackUrl(fixture),
    events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
    key,
  });
  return {
    env: { SF_CLIENT_ID: clientId, SF_CLIENT_SECRET: clientSecret },
    secrets: [
      { label: 'the scenario app secret', value: clientSecret },
      { label: 'the scenario callback key', value: key },
    ],
  };
}

function userAndApp(
  fixture: EmulatorFixture,
  user: {
    isActive?: boolean;
    apiEnabled?: boolean;
    permissionSets?: string[];
    permissionSetLicenses?: string[];
    profileName?: string;
  },
) {
  const runAsUserId = fixture.emulators.salesforce.addUser({
    username: `runas-${Math.random().toString(36).slice(2)}@emulator.example`,
    ...user,
  });
  return addApp(fixture, { runAsUserId });
}

const PASSING_SALESFORCE = {
  settings: 'pass',
  credentials: 'pass',
  'my-domain': 'pass',
  token: 'pass',
  'run-as-user': 'pass',
  'integration-licence': 'pass',
  'apex-class': 'pass',
  probe: 'pass',
  'onespan-api-key': 'pass',
} as const;

const AFTER_TOKEN_FAILS = {
  token: 'fail',
  'run-as-user': 'skip',
  'integration-licence': 'skip',
  'apex-class': 'skip',
  probe: 'skip',
  'onespan-api-key': 'pass',
} as const;

const scenarios: Scenario[] = [
  {
    name: 'everything passes, the echoed key included',
    echoKey: true,
    expect: { ...PASSING_SALESFORCE, 'target-org': 'skip', registration: 'pass', 'callback-key': 'pass' },
  },
  {
    name: 'a generic login host fails the My Domain check and settings; the rest is skipped',
    arrange: () => ({ env: { SF_INSTANCE_URL: 'https://login.salesforce.com' } }),
    expect: { settings: 'fail', 'my-domain': 'fail', token: 'skip', 'onespan-api-key': 'skip', 'callback-key': 'skip' },
    failing: { id: 'my-domain', detail: /generic login host/, fix: /My Domain URL/ },
  },
  {
    name: 'a --target-org the sf CLI does not know (the rest runs on the environment settings)',
    args: ['--target-org', 'nope'],
    expect: { ...PASSING_SALESFORCE, 'target-org': 'fail', registration: 'pass' },
    failing: { id: 'target-org', detail: /The sf CLI org "nope" cannot be used/, fix: /sf org login web --alias nope/ },
  },
  {
    name: 'token from a host that is not the My Domain (wrong host in the key)',
    arrange: (fixture) => ({ env: { SF_INSTANCE_URL: fixture.emulators.salesforce.genericLoginUrl } }),
    expect: { 'my-domain': 'pass', ...AFTER_TOKEN_FAILS },
    failing: { id: 'token', detail: /request not supported on this domain/, troubleshooting: 'wrong-domain' },
  },
  {
    name: 'a wrong consumer secret',
    arrange: () => ({
      env: { SF_CLIENT_SECRET: 'WRONG-SECRET-0123456789' },
      secrets: [{ label: 'the wrong secret', value: 'WRONG-SECRET-0123456789' }],
    }),
    expect: AFTER_TOKEN_FAILS,
    failing: { id: 'token', fix: /Copy SF_CLIENT_SECRET again/, troubleshooting: 'wrong-secret' },
  },
  {
    name: 'an unknown consumer key',
    arrange: () => ({ env: { SF_CLIENT_ID: '3MVG9-not-in-this-org' } }),
    expect: AFTER_TOKEN_FAILS,
    failing: { id: 'token', troubleshooting: 'unknown-client-id' },
  },
  {
    name: 'no Run As user on the app',
    arrange: (fixture) => addApp(fixture, { runAsUserId: null }),
    expect: AFTER_TOKEN_FAILS,
    failing: { id: 'token', fix: /set Run As/, troubleshooting: 'no-run-as-user' },
  },
  {
    name: 'only refresh_token and offline_access scopes (no valid scopes)',
    arrange: (fixture) =>
      addApp(fixture, {
        runAsUserId: fixture.emulators.salesforce.demo.runAsUserId,
        scopes: ['refresh_token', 'offline_access'],
      }),
    expect: AFTER_TOKEN_FAILS,
    failing: { id: 'token', fix: /Remove refresh_token, offline_access/, troubleshooting: 'no-valid-scopes' },
  },
  {
    name: 'an admin-approved app the Run As user is not approved for',
    arrange: (fixture) =>
      addApp(fixture, { runAsUserId: fixture.emulators.salesforce.demo.runAsUserId, adminApprovedOnly: true }),
    expect: AFTER_TOKEN_FAILS,
    failing: { id: 'token', troubleshooting: 'not-admin-approved' },
  },
  {
    name: 'an inactive Run As user',
    arrange: (fixture) => userAndApp(fixture, { isActive: false, permissionSets: ['OSS_Callback_Integration'] }),
    expect: AFTER_TOKEN_FAILS,
    failing: { id: 'token', fix: /Activate the Run As user/, troubleshooting: 'inactive-run-as-user' },
  },
  {
    name: 'a Run As user without API Enabled',
    arrange: (fixture) => userAndApp(fixture, { apiEnabled: false }),
    expect: { token: 'pass', 'run-as-user': 'fail', probe: 'skip' },
    failing: { id: 'run-as-user', fix: /API Enabled/, troubleshooting: 'api-disabled' },
  },
  {
    name: 'a Run As user without OSS_Callback_Integration',
    arrange: (fixture) => userAndApp(fixture, { apiEnabled: true }),
    expect: { token: 'pass', 'run-as-user': 'fail', 'apex-class': 'pass', probe: 'pass', registration: 'pass' },
    failing: {
      id: 'run-as-user',
      detail: /does not hold OSS_Callback_Integration/,
      fix: /sf org assign permset --name OSS_Callback_Integration --on-behalf-of runas-/,
    },
  },
  {
    name: 'a Salesforce Integration user without the Salesforce API Integration licence (so its permission set was refused)',
    arrange: (fixture) => userAndApp(fixture, { apiEnabled: true }),
    expect: { token: 'pass', 'run-as-user': 'fail', 'integration-licence': 'fail', 'apex-class': 'pass' },
    failing: {
      id: 'integration-licence',
      detail: /has the Salesforce Integration licence without the Salesforce API Integration permission set licence/,
      fix: /sf org assign permsetlicense --name SalesforceAPIIntegrationPsl --on-behalf-of runas-.*then sf org assign permset --name OSS_Callback_Integration/,
    },
  },
  {
    name: 'a Salesforce Integration user with the licence and the permission set passes both checks',
    arrange: (fixture) =>
      userAndApp(fixture, {
        permissionSetLicenses: ['SalesforceAPIIntegrationPsl'],
        permissionSets: ['OSS_Callback_Integration'],
      }),
    expect: { ...PASSING_SALESFORCE, registration: 'pass' },
  },
  {
    name: 'a System Administrator as Run As user works, with a warning and the integration user fix',
    arrange: (fixture) =>
      userAndApp(fixture, { profileName: 'System Administrator', permissionSets: ['OSS_Callback_Integration'] }),
    expect: { ...PASSING_SALESFORCE, 'run-as-user': 'warn', registration: 'pass' },
    warning: {
      id: 'run-as-user',
      detail: /holds OSS_Callback_Integration; it has Modify All Data \(profile "System Administrator"\), Author Apex/,
      fix: /profile "Minimum Access - API Only Integrations"/,
    },
  },
  {
    name: 'a System Administrator without OSS_Callback_Integration fails, and still hears about the admin rights',
    arrange: (fixture) => userAndApp(fixture, { profileName: 'System Administrator' }),
    expect: { token: 'pass', 'run-as-user': 'fail' },
    failing: {
      id: 'run-as-user',
      detail: /does not hold OSS_Callback_Integration; it has Modify All Data/,
      fix: /sf org assign permset.*Minimum Access - API Only Integrations/,
    },
  },
  {
    name: 'the Apex class is not deployed',
    arrange: (fixture) => fixture.emulators.salesforce.setClassDeployed(false),
    expect: { token: 'pass', 'run-as-user': 'pass', 'apex-class': 'fail', probe: 'skip', registration: 'skip' },
    failing: { id: 'apex-class', detail: /OssCallbackResource is not in the org/, fix: /npm run deploy/ },
  },
  {
    name: 'the Run As user may not run the Apex class',
    arrange: (fixture) =>
      fixture.emulators.salesforce.setClassAccess(fixture.emulators.salesforce.demo.runAsUserId, false),
    expect: { 'apex-class': 'pass', probe: 'fail', registration: 'pass' },
    failing: { id: 'probe', fix: /OSS_Callback_Integration/, troubleshooting: 'class-access-denied' },
  },
  {
    name: 'a wrong OneSpan API key',
    arrange: () => ({
      env: { ONESPAN_API_KEY: 'V1JPTkc6YXBpLWtleQ==' },
      secrets: [{ label: 'the wrong API key', value: 'V1JPTkc6YXBpLWtleQ==' }],
    }),
    expect: { ...PASSING_SALESFORCE, 'onespan-api-key': 'fail', registration: 'skip', 'callback-key': 'skip' },
    failing: { id: 'onespan-api-key', detail: /401|not authori[sz]ed/i },
  },
  {
    name: 'nothing is registered',
    registered: false,
    expect: { ...PASSING_SALESFORCE, registration: 'fail', 'callback-key': 'skip' },
    failing: { id: 'registration', detail: /no salesforceOauth2 callback is registered/, fix: /npm run register/ },
  },
  {
    name: 'another url and events are registered',
    arrange: (fixture) =>
      registerDemo(fixture, {
        url: 'https://old.my.salesforce.com/services/apexrest/OSS/callback',
        events: ['PACKAGE_DECLINE'],
      }),
    expect: { registration: 'fail', 'callback-key': 'skip' },
    failing: {
      id: 'registration',
      detail: /url is https:\/\/old\.my\.salesforce\.com.*adds PACKAGE_COMPLETE/,
      fix: /npm run register/,
    },
  },
  {
    name: 'a Refresh Token Flow key is registered',
    echoKey: true,
    arrange: (fixture) => {
      const key = Buffer.from(
        JSON.stringify({
          host: new URL(fixture.emulators.salesforce.url).host,
          client_id: fixture.env.SF_CLIENT_ID,
          refresh_token: '5Aep861-doctor-refresh-token',
        }),
      ).toString('base64');
      registerDemo(fixture, { key });
      return {
        secrets: [
          { label: 'the refresh token', value: '5Aep861-doctor-refresh-token' },
          { label: 'the refresh-token key', value: key },
        ],
      };
    },
    expect: { registration: 'pass', 'callback-key': 'fail' },
    failing: {
      id: 'callback-key',
      detail:
        /uses the Refresh Token Flow \(refresh_token\): `npm run register` migrates it to the Client Credentials Flow/,
      fix: /npm run register/,
    },
  },
  {
    name: 'a key wrapped by base64 at 76 characters',
    echoKey: true,
    arrange: (fixture) => registerDemo(fixture, { key: fixture.expectedKey.replace(/(.{76})/g, '$1\n') }),
    expect: { registration: 'pass', 'callback-key': 'fail' },
    failing: { id: 'callback-key', detail: /line breaks/, fix: /base64 -w 0/, troubleshooting: 'multi-line-key' },
  },
  {
    name: 'a key whose host has a scheme',
    echoKey: true,
    arrange: (fixture) =>
      registerDemo(fixture, {
        key: callbackKeyOf(fixture.emulators.salesforce.url, fixture.env.SF_CLIENT_ID, fixture.env.SF_CLIENT_SECRET),
      }),
    expect: { 'callback-key': 'fail' },
    failing: { id: 'callback-key', detail: /includes a scheme/ },
  },
];

describe('doctor --json', () => {
  it.concurrent.each(scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const fixture = await startEmulatorFixture();
    try {
      fixture.emulators.onespan.echoKey = scenario.echoKey ?? false;
      if (scenario.registered !== false) {
        registerDemo(fixture);
      }
      const arrangement = scenario.arrange?.(fixture) ?? {};
      const run = await fixture.run('doctor', [...(scenario.args ?? []), '--json'], arrangement);
      const checks = run.json?.result as unknown as Check[];
      expect(checks.map((check) => check.id)).toEqual(ALL_IDS);
      const statuses = Object.fromEntries(checks.map((check) => [check.id, check.status]));
      expect(statuses).toMatchObject(scenario.expect);
      const failed = Object.values(statuses).includes('fail');
      expect(run.exitCode).toBe(failed ? 1 : 0);
      expect(run.json?.status).toBe(failed ? 1 : 0);
      checks
        .filter((check) => check.status === 'skip')
        .forEach((check) => expect(check.detail).toMatch(/^(needs: |no --target-org|OneSpan did not return the key)/));
      if (scenario.failing) {
        const check = checks.find((entry) => entry.id === scenario.failing?.id) as Check;
        expect(check.status).toBe('fail');
        expect(check.fix.length).toBeGreaterThan(0);
        expect(check.detail).toMatch(scenario.failing.detail ?? /./);
        expect(check.fix.join(' ')).toMatch(scenario.failing.fix ?? /./);
        expect(check.troubleshooting).toBe(scenario.failing.troubleshooting);
      }
      if (scenario.warning) {
        const check = checks.find((entry) => entry.id === scenario.warning?.id) as Check;
        expect(check.status).toBe('warn');
        expect(check.detail).toMatch(scenario.warning.detail);
        expect(check.fix.join(' ')).toMatch(scenario.warning.fix);
      }
    } finally {
      await fixture.close();
    }
  });
});

describe('doctor', () => {
  it('prints the table of check, result and fix, and exits 1 naming how many failed', async () => {
    const fixture = await startEmulatorFixture();
    try {
      const run = await fixture.run('doctor');
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(/^Check\s+Result\s+Fix\n─+/);
      expect(run.stdout).toMatch(/Client-credentials token\s+✔ pass: Run As user 005\w+, scope api\n/);
      expect(run.stdout).toMatch(
        /Registration \(url, events\)\s+✖ fail: no salesforceOauth2 callback is registered\s+Run `npm run register` with these settings\.\n/,
      );
      expect(run.stdout).toMatch(
        /Registered key\s+- skip: needs: Registration|Registered key\s+- skip: OneSpan did not return/,
      );
      expect(run.stdout).toContain('1 of 15 checks failed: 9 passed, 5 skipped.');
    } finally {
      await fixture.close();
    }
  });

  it('passes with the key hidden by OneSpan, saying why the key is not compared', async () => {
    const fixture = await startEmulatorFixture();
    try {
      registerDemo(fixture);
      const run = await fixture.run('doctor');
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/Registered key\s+- skip: OneSpan did not return the key/);
      // Without --target-org the three credential checks and the org check are skipped, and OneSpan hid the key.
      expect(run.stdout).toContain('15 checks: 10 passed, 5 skipped.');
    } finally {
      await fixture.close();
    }
  });
});
