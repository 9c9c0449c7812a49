import { collectProblems, explainStepFailure, findKnownFix } from '../../../scripts/lib/deploy/cli-errors';
import { buildDeployPlan } from '../../../scripts/lib/deploy/plan';
import {
  listMetadataFolders,
  PROJECT_ROOT,
  readDefaultPackageDirectory,
} from '../../../scripts/lib/deploy/source-layout';
import { cliFailureFixes } from '../../../scripts/lib/messages/deploy';

const step = { number: 2, title: 'Deploy the policies' };

describe('collectProblems', () => {
  it('reads a top-level CLI error as "Name: message"', () => {
    expect(
      collectProblems({
        status: 1,
        name: 'NamedOrgNotFoundError',
        message: 'No authorization information found for x.',
      }),
    ).toEqual(['NamedOrgNotFoundError: No authorization information found for x.']);
  });

  it('reads component failures (one object or an array) and failed files once each', () => {
    const failure = {
      componentType: 'ExtlClntAppOauthConfigurablePolicies',
      fullName: 'OneSpan_Sign_Callback_oauthPlcy',
      problem: 'Enter a valid execution user for the OAuth client credentials flow.',
    };
    const json = {
      status: 1,
      result: {
        success: false,
        details: { componentFailures: failure },
        files: [
          { state: 'Failed', type: failure.componentType, fullName: failure.fullName, error: failure.problem },
          { state: 'Changed', type: 'ApexClass', fullName: 'OssCallbackResource' },
        ],
      },
    };
    expect(collectProblems(json)).toEqual([
      'ExtlClntAppOauthConfigurablePolicies OneSpan_Sign_Callback_oauthPlcy: Enter a valid execution user for the OAuth client credentials flow.',
    ]);
    expect(
      collectProblems({
        status: 1,
        result: { details: { componentFailures: [failure, { ...failure, fullName: 'Other' }] } },
      }),
    ).toHaveLength(2);
  });

  it('reads failed Apex tests and permission set assignment failures', () => {
    const json = {
      status: 1,
      result: {
        details: {
          runTestResult: {
            failures: [{ name: 'OssCallbackResourceTest', methodName: 'rejectsBadJson', message: 'Assertion failed' }],
          },
        },
        failures: [
          {
            name: 'int@acme.com',
            message: 'duplicate value found: <unknown> duplicates value on record with id: <unknown>',
          },
        ],
      },
    };
    expect(collectProblems(json)).toEqual([
      'Apex test OssCallbackResourceTest.rejectsBadJson: Assertion failed',
      'int@acme.com: duplicate value found: <unknown> duplicates value on record with id: <unknown>',
    ]);
  });

  it('returns nothing for no output', () => {
    expect(collectProblems(undefined)).toEqual([]);
  });
});

describe('the CLI failure -> fix table', () => {
  it.each([
    [
      'ExtlClntAppOauthConfigurablePolicies X_oauthPlcy: Enter a valid execution user for the OAuth client credentials flow.',
      'InvalidRunAsUserError',
    ],
    [
      'ConversionError: Component conversion failed: "OSS_RUN_AS_USERNAME" is in sfdx-project.json as a value for "replaceWithEnv" property, but it\'s not set in your environment.',
      'ReplacementVariableUnsetError',
    ],
    [
      'ExternalClientApplication OneSpan_Sign_Callback: Not available for deploy for this organization',
      'ExternalClientAppsDisabledError',
    ],
    [
      'ConnectedApp OneSpan_Sign_Callback_CA: You can no longer create connected apps in this org.',
      'ConnectedAppCreationBlockedError',
    ],
    ['ConnectedApp OneSpan_Sign_Callback_CA: This consumer key is already in use.', 'ConsumerKeyTakenError'],
    [
      'ExtlClntAppGlobalOauthSettings OneSpan_Sign_Callback_glbloauth: An unexpected error occurred.',
      'GlobalOauthSettingsRejectedError',
    ],
    [
      'admin@acme.com: Permission set "OSS_Callback_Integration" not found in target org. Do you need to push source?',
      'PermissionSetNotDeployedError',
    ],
    ['SingleRecordQuery_NoRecordsError: No record found for SELECT Id FROM User', 'RunAsUserNotFoundError'],
    ['sf: INSUFFICIENT_ACCESS: insufficient access rights on cross-reference id', 'InsufficientAccessError'],
    [
      'RefreshTokenAuthError: Error authenticating with the refresh token due to: expired access/refresh token',
      'OrgSessionExpiredError',
    ],
    ['Error: getaddrinfo ENOTFOUND acme.my.salesforce.com', 'OrgUnreachableError'],
  ])('maps "%s" to %s', (problem, code) => {
    expect(findKnownFix(['an unrelated first line', problem])?.fix.entry.code).toBe(code);
  });

  it('says which step the refused OAuth settings were in, and that the receiver of step 1 stays', () => {
    const fix = findKnownFix([
      'ExtlClntAppGlobalOauthSettings OneSpan_Sign_Callback_glbloauth: An unexpected error occurred.',
    ])?.fix.entry;
    const plan = buildDeployPlan({
      option: 'external-client-app',
      dryRun: false,
      targetOrg: 'my-sandbox',
      runAsUsername: { value: 'integration@acme.com.uat', source: 'flag', origin: '--run-as-username' },
      contactEmail: { value: 'ops@acme.com', source: 'flag', origin: '--contact-email' },
      metadataFolders: listMetadataFolders(PROJECT_ROOT, readDefaultPackageDirectory(PROJECT_ROOT)),
      waitMinutes: 33,
    });
    const appStep = plan.steps.find((step) => step.sfArgs.some((arg) => arg.endsWith('extlClntAppGlobalOauthSets')));
    const receiverStep = plan.steps.find((step) => step.sfArgs.some((arg) => arg.endsWith('/classes')));
    const advice = fix?.actions.join(' ') ?? '';
    expect(advice).toContain(`Step ${receiverStep?.number} (the receiver and its permission sets) stays deployed`);
    expect(advice).toContain(`step ${appStep?.number} (the app) is all or nothing`);
  });

  it('knows nothing about an unrelated failure', () => {
    expect(findKnownFix(['ApexClass Foo: Variable does not exist: bar'])).toBeUndefined();
  });

  it('gives every fix a distinct code and at least one action', () => {
    const codes = cliFailureFixes.map((fix) => fix.entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    cliFailureFixes.forEach((fix) => expect(fix.entry.actions.length).toBeGreaterThan(0));
  });
});

describe('explainStepFailure', () => {
  it("gives the guide's fix for an invalid Run As user, quoting Salesforce", () => {
    const problem =
      'ExtlClntAppOauthConfigurablePolicies X: Enter a valid execution user for the OAuth client credentials flow.';
    const error = explainStepFailure(step, [problem]);
    expect(error.code).toBe('InvalidRunAsUserError');
    expect(error.message).toContain('does not exist or is not active');
    expect(error.message).toContain(problem);
    expect(error.actions.join(' ')).toMatch(/username, not the e-mail/);
    expect(error.data).toEqual({ step: 2, problems: [problem] });
  });

  it("names the step and keeps the CLI's words when no fix is known", () => {
    const error = explainStepFailure(step, ['ApexClass Foo: Variable does not exist: bar', 'ApexClass Baz: boom']);
    expect(error.code).toBe('DeployStepFailedError');
    expect(error.message).toBe(
      'Step 2 (Deploy the policies) failed: ApexClass Foo: Variable does not exist: bar; ApexClass Baz: boom',
    );
  });
});
