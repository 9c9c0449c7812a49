import { OssError } from '../../../scripts/lib/errors';
import { buildDeployPlan, formatSfCommand, type DeployPlanOptions } from '../../../scripts/lib/deploy/plan';
import { resolveOneSpanTarget } from '../../../scripts/lib/deploy/settings';
import {
  listMetadataFolders,
  PROJECT_ROOT,
  readDefaultPackageDirectory,
} from '../../../scripts/lib/deploy/source-layout';

const base = 'force-app/main/default';
const folders = [
  'applications',
  'classes',
  'externalClientApps',
  'extlClntAppGlobalOauthSets',
  'extlClntAppOauthPolicies',
  'extlClntAppOauthSettings',
  'extlClntAppPolicies',
  'objects',
  'permissionsets',
].map((name) => `${base}/${name}`);

function options(overrides: Partial<DeployPlanOptions> = {}): DeployPlanOptions {
  return {
    option: 'external-client-app',
    dryRun: false,
    targetOrg: 'my-sandbox',
    runAsUsername: { value: 'integration@acme.com.uat', source: 'environment', origin: 'OSS_RUN_AS_USERNAME' },
    contactEmail: { value: 'ops@acme.com', source: 'flag', origin: '--contact-email' },
    metadataFolders: folders,
    waitMinutes: 33,
    ...overrides,
  };
}

/** The `--source-dir` values of a step, in order. */
function sourceDirs(args: readonly string[]): string[] {
  return args.flatMap((arg, index) => (arg === '--source-dir' ? [args[index + 1]] : []));
}

describe('buildDeployPlan, External Client App', () => {
  const plan = buildDeployPlan(options());

  it('deploys the receiver alone, then the app, then its policies, then assigns the permission set', () => {
    expect(plan.steps.map((step) => [step.number, step.kind, step.runs])).toEqual([
      [1, 'deploy', true],
      [2, 'deploy', true],
      [3, 'deploy', true],
      [4, 'assign-permission-set', true],
    ]);
    expect(sourceDirs(plan.steps[0].sfArgs)).toEqual([
      `${base}/applications`,
      `${base}/classes`,
      `${base}/objects`,
      `${base}/permissionsets`,
    ]);
    expect(sourceDirs(plan.steps[1].sfArgs)).toEqual([
      `${base}/externalClientApps`,
      `${base}/extlClntAppGlobalOauthSets`,
      `${base}/extlClntAppOauthSettings`,
    ]);
    expect(sourceDirs(plan.steps[2].sfArgs)).toEqual([
      `${base}/extlClntAppOauthPolicies`,
      `${base}/extlClntAppPolicies`,
    ]);
    expect(plan.steps.map((step) => step.dependsOn)).toEqual([[], [], [2], [1]]);
  });

  it('never puts a component of the app in the same deploy as the receiver (a refused app component would roll it back)', () => {
    const receiverDirs = sourceDirs(plan.steps[0].sfArgs);
    const appDirs = plan.steps.slice(1, 3).flatMap((step) => sourceDirs(step.sfArgs));
    expect(receiverDirs.filter((dir) => /\/ext/.test(dir))).toEqual([]);
    expect(appDirs.filter((dir) => receiverDirs.includes(dir))).toEqual([]);
    expect([...receiverDirs, ...appDirs].sort()).toEqual([...folders].sort());
  });

  it('ignores source-tracking conflicts on the policies step only', () => {
    expect(plan.steps[2].sfArgs).toContain('--ignore-conflicts');
    expect(plan.steps.filter((step) => step.sfArgs.includes('--ignore-conflicts'))).toHaveLength(1);
  });

  it('targets the org as named and waits, with JSON output and without --dry-run', () => {
    expect(plan.steps[0].sfArgs.slice(0, 3)).toEqual(['project', 'deploy', 'start']);
    expect(plan.steps[0].sfArgs.slice(-5)).toEqual(['--target-org', 'my-sandbox', '--wait', '33', '--json']);
    expect(plan.steps.flatMap((step) => step.sfArgs)).not.toContain('--dry-run');
  });

  it('assigns OSS_Callback_Integration to the Run As user', () => {
    expect(plan.steps[3].sfArgs).toEqual([
      'org',
      'assign',
      'permset',
      '--name',
      'OSS_Callback_Integration',
      '--on-behalf-of',
      'integration@acme.com.uat',
      '--target-org',
      'my-sandbox',
      '--json',
    ]);
  });

  it('lists the replacement variables with their values, and says to read the credentials, then register', () => {
    expect(plan.variables).toEqual([
      { name: 'OSS_RUN_AS_USERNAME', value: 'integration@acme.com.uat', secret: false },
      { name: 'OSS_CONTACT_EMAIL', value: 'ops@acme.com', secret: false },
    ]);
    expect(plan.nextSteps).toHaveLength(2);
    expect(plan.nextSteps[0]).toContain('SF_CLIENT_ID and SF_CLIENT_SECRET');
    expect(plan.nextSteps[1]).toBe(
      'Register the callback with OneSpan Sign (ONESPAN_API_KEY, or ONESPAN_CLIENT_ID and ONESPAN_CLIENT_SECRET, in the environment): npm run register -- --target-org my-sandbox --wait-for-key 15',
    );
  });

  it('refuses a checkout that lost an app folder instead of deploying half an app', () => {
    const broken = options({
      metadataFolders: folders.filter((folder) => !folder.endsWith('extlClntAppOauthPolicies')),
    });
    expect(() => buildDeployPlan(broken)).toThrow(OssError);
    expect(() => buildDeployPlan(broken)).toThrow(/extlClntAppOauthPolicies/);
  });
});

describe('buildDeployPlan, dry run', () => {
  const plan = buildDeployPlan(options({ dryRun: true }));

  it('validates every deploy step with --dry-run and only shows the assignment', () => {
    const deploys = plan.steps.filter((step) => step.kind === 'deploy');
    expect(deploys).toHaveLength(3);
    deploys.forEach((step) => expect(step.sfArgs).toContain('--dry-run'));
    expect(plan.steps[3]).toMatchObject({ kind: 'assign-permission-set', runs: false });
    expect(plan.steps[3].skipReason).toMatch(/dry run/);
  });

  it('points to the real deploy as the next step', () => {
    expect(plan.nextSteps).toEqual([
      'Deploy for real: npm run deploy -- --target-org my-sandbox --run-as-username integration@acme.com.uat --contact-email ops@acme.com',
    ]);
  });
});

describe('buildDeployPlan, Connected App', () => {
  const plan = buildDeployPlan(options({ option: 'connected-app' }));

  it('deploys the receiver without any External Client App folder, then connected-app/, then assigns', () => {
    expect(sourceDirs(plan.steps[0].sfArgs)).toEqual([
      `${base}/applications`,
      `${base}/classes`,
      `${base}/objects`,
      `${base}/permissionsets`,
    ]);
    expect(sourceDirs(plan.steps[1].sfArgs)).toEqual(['connected-app']);
    expect(plan.steps[2].kind).toBe('assign-permission-set');
  });

  it('names the consumer key and secret variables without values, and goes straight to register', () => {
    expect(plan.variables.filter((variable) => variable.secret)).toEqual([
      { name: 'SF_CLIENT_ID', secret: true },
      { name: 'SF_CLIENT_SECRET', secret: true },
    ]);
    expect(JSON.stringify(plan)).not.toMatch(/"value":\s*"(?!integration@|ops@)/);
    expect(plan.nextSteps).toEqual([
      'Register the callback with OneSpan Sign (ONESPAN_API_KEY, or ONESPAN_CLIENT_ID and ONESPAN_CLIENT_SECRET, in the environment): npm run register -- --target-org my-sandbox --wait-for-key 15',
    ]);
  });

  it("keeps --connected-app in the dry run's next step", () => {
    expect(buildDeployPlan(options({ option: 'connected-app', dryRun: true })).nextSteps[0]).toMatch(
      /npm run deploy -- --target-org my-sandbox --connected-app /,
    );
  });

  it('refuses to run a deploy step with no source folder (sf would deploy every tracked change)', () => {
    const onlyApp = folders.filter((folder) => /ext/i.test(folder));
    expect(() => buildDeployPlan(options({ option: 'connected-app', metadataFolders: onlyApp }))).toThrow(/step 1/);
  });
});

describe('buildDeployPlan, default Run As user', () => {
  it("uses the target org's own user everywhere the Run As user goes", () => {
    const plan = buildDeployPlan(
      options({ runAsUsername: { value: 'admin@acme.com', source: 'target-org', origin: 'the target org' } }),
    );
    expect(plan.runAsUsername.source).toBe('target-org');
    expect(plan.steps[2].title).toContain('admin@acme.com');
    expect(plan.steps[3].sfArgs).toContain('admin@acme.com');
    expect(plan.variables[0]).toEqual({ name: 'OSS_RUN_AS_USERNAME', value: 'admin@acme.com', secret: false });
  });
});

describe('buildDeployPlan, --ci-permissions', () => {
  const plan = buildDeployPlan(options({ ciPermissions: true, deployingUsername: 'admin@acme.com.uat' }));

  it('adds the CI permission set from ci/ and assigns it to the deploying user, after the app', () => {
    expect(plan.steps.map((step) => [step.number, step.kind])).toEqual([
      [1, 'deploy'],
      [2, 'deploy'],
      [3, 'deploy'],
      [4, 'assign-permission-set'],
      [5, 'deploy'],
      [6, 'assign-permission-set'],
    ]);
    expect(sourceDirs(plan.steps[4].sfArgs)).toEqual(['ci']);
    expect(plan.steps[5].sfArgs).toEqual([
      'org',
      'assign',
      'permset',
      '--name',
      'OSS_CI_Secret_Reader',
      '--on-behalf-of',
      'admin@acme.com.uat',
      '--target-org',
      'my-sandbox',
      '--json',
    ]);
    expect(plan.steps[5].dependsOn).toEqual([5]);
  });

  it('goes straight to register, which reads the key and secret itself', () => {
    expect(plan.nextSteps).toEqual([
      'Register the callback with OneSpan Sign (ONESPAN_API_KEY, or ONESPAN_CLIENT_ID and ONESPAN_CLIENT_SECRET, in the environment): npm run register -- --target-org my-sandbox --wait-for-key 15',
    ]);
  });

  it('is not part of the plan without the flag', () => {
    const plain = buildDeployPlan(options());
    expect(plain.steps.flatMap((step) => step.sfArgs)).not.toContain('OSS_CI_Secret_Reader');
    expect(plain.steps.flatMap((step) => sourceDirs(step.sfArgs))).not.toContain('ci');
  });

  it('keeps the flag in the dry run next step and shows the assignment without running it', () => {
    const dry = buildDeployPlan(options({ ciPermissions: true, deployingUsername: 'a@b.c', dryRun: true }));
    expect(dry.nextSteps[0]).toMatch(/--ci-permissions$/);
    expect(dry.steps[5]).toMatchObject({ runs: false });
  });

  it('refuses it with the Connected App, whose key and secret are chosen, not read', () => {
    expect(() =>
      buildDeployPlan(options({ option: 'connected-app', ciPermissions: true, deployingUsername: 'a@b.c' })),
    ).toThrow(/--ci-permissions/);
  });
});

describe('formatSfCommand', () => {
  it('quotes only what a shell would split', () => {
    expect(formatSfCommand(['org', 'assign', 'permset', '--on-behalf-of', 'a@b.com', '--name', "it's here"])).toBe(
      "sf org assign permset --on-behalf-of a@b.com --name 'it'\\''s here'",
    );
  });
});

describe("buildDeployPlan, this project's archive metadata (issue 12 item 6)", () => {
  const projectFolders = listMetadataFolders(PROJECT_ROOT, readDefaultPackageDirectory(PROJECT_ROOT));
  // No customMetadata folder: the project ships no record an admin edits (docs/receiver.md).
  const archiveFolders = ['externalCredentials', 'namedCredentials', 'objects', 'layouts'].map(
    (name) => `${base}/${name}`,
  );

  it.each(['external-client-app', 'connected-app'] as const)(
    'deploys the credentials, the settings type and the fields in step 1 (%s)',
    (option) => {
      const plan = buildDeployPlan(options({ option, metadataFolders: projectFolders }));
      expect(sourceDirs(plan.steps[0].sfArgs)).toEqual(expect.arrayContaining(archiveFolders));
    },
  );

  it('passes the OneSpan Named Credential variables to the deploy and shows them in the plan', () => {
    const oneSpan = resolveOneSpanTarget({ onespanEnv: 'eu' }, {});
    const plan = buildDeployPlan(options({ metadataFolders: projectFolders, oneSpan }));
    expect(plan.variables).toEqual(
      expect.arrayContaining([
        { name: 'OSS_ONESPAN_API_URL', value: 'https://apps.esignlive.eu/api', secret: false },
        { name: 'OSS_ONESPAN_EXTERNAL_CREDENTIAL', value: 'OneSpan_Sign_API', secret: false },
        { name: 'OSS_ONESPAN_GENERATE_AUTH_HEADER', value: 'false', secret: false },
        { name: 'OSS_ONESPAN_TOKEN_URL', value: 'https://apps.esignlive.eu/oauth2/token', secret: false },
      ]),
    );
  });
});

describe('buildDeployPlan, next steps echo the choices of this run', () => {
  const eu = resolveOneSpanTarget({ onespanEnv: 'eu' }, {});

  it("gives the dry run's real deploy every flag and variable the run used, so it deploys what was validated", () => {
    const dry = buildDeployPlan(
      options({ dryRun: true, oneSpan: eu, allowAdminRunAs: true, ciPermissions: true, deployingUsername: 'a@b.c' }),
    );
    expect(dry.nextSteps).toEqual([
      'Deploy for real: npm run deploy -- --target-org my-sandbox --run-as-username integration@acme.com.uat --allow-admin-run-as --contact-email ops@acme.com --onespan-env eu --ci-permissions',
    ]);
  });

  it('names a OneSpan URL that is no region as --onespan-url, and leaves out what came from the org or the default', () => {
    const custom = resolveOneSpanTarget({}, { ONESPAN_API_URL: 'https://esign.acme.example/api' });
    const dry = buildDeployPlan(
      options({
        dryRun: true,
        oneSpan: custom,
        runAsUsername: { value: 'admin@scratch.example', source: 'target-org', origin: 'the target org' },
        contactEmail: { value: 'admin@scratch.example', source: 'target-org', origin: 'the target org' },
      }),
    );
    expect(dry.nextSteps).toEqual([
      'Deploy for real: npm run deploy -- --target-org my-sandbox --onespan-url https://esign.acme.example/api',
    ]);
    const defaulted = buildDeployPlan(options({ dryRun: true, oneSpan: resolveOneSpanTarget({}, {}) }));
    expect(defaulted.nextSteps[0]).not.toContain('--onespan');
  });

  it("gives register the Named Credential's OneSpan and the wait for the new consumer key", () => {
    const plan = buildDeployPlan(options({ oneSpan: eu }));
    expect(plan.nextSteps[1]).toMatch(
      /: npm run register -- --target-org my-sandbox --onespan-env eu --wait-for-key 15$/,
    );
    const defaulted = buildDeployPlan(options({ oneSpan: resolveOneSpanTarget({}, {}) }));
    expect(defaulted.nextSteps[1]).toMatch(/ --onespan-env us-sandbox --wait-for-key 15$/);
  });

  it('quotes a target org the shell would split', () => {
    const plan = buildDeployPlan(options({ dryRun: true, targetOrg: 'my sandbox' }));
    expect(plan.nextSteps[0]).toMatch(/^Deploy for real: npm run deploy -- --target-org 'my sandbox' /);
  });
});

describe('buildDeployPlan, a Run As user with the Salesforce Integration licence', () => {
  it('assigns the Salesforce API Integration permission set licence right before the permission set', () => {
    const plan = buildDeployPlan(options({ runAsNeedsIntegrationPsl: true }));
    expect(plan.steps.map((step) => [step.number, step.kind])).toEqual([
      [1, 'deploy'],
      [2, 'deploy'],
      [3, 'deploy'],
      [4, 'assign-permission-set-licence'],
      [5, 'assign-permission-set'],
    ]);
    expect(formatSfCommand(plan.steps[3].sfArgs)).toBe(
      'sf org assign permsetlicense --name SalesforceAPIIntegrationPsl --on-behalf-of integration@acme.com.uat --target-org my-sandbox --json',
    );
    expect(plan.steps[3].title).toContain('Salesforce API Integration');
  });

  it('shows the licence step without running it in a dry run', () => {
    const plan = buildDeployPlan(options({ runAsNeedsIntegrationPsl: true, dryRun: true }));
    expect(plan.steps[3]).toMatchObject({ kind: 'assign-permission-set-licence', runs: false });
  });

  it('has no licence step for any other user', () => {
    expect(buildDeployPlan(options()).steps.map((step) => step.kind)).not.toContain('assign-permission-set-licence');
  });
});
