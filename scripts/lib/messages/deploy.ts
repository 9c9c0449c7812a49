/**
 * Text of `npm run deploy`: its own errors, the step titles and next steps, and the table that turns a
 * failure reported by the sf CLI into the guide's cause and fix. docs/deploy.md describes
 * the same fixes; this table is where they live.
 */
import { defineMessages, type MessageEntry } from './index';

/** The fix for every Run As problem: the integration user Salesforce documents for the Client Credentials Flow. */
export const INTEGRATION_USER_FIX =
  'Create an integration user: Setup > Users > New User, user license "Salesforce Integration", profile "Minimum Access - API Only Integrations"; `npm run deploy` assigns it OSS_Callback_Integration, which grants exactly what the callback needs.';

export const deployMessages = defineMessages({
  noTargetOrg: {
    code: 'NoTargetOrgError',
    message: 'No target org: pass --target-org (or set SF_TARGET_ORG), or set a default with the sf CLI.',
    actions: [
      'Authorise the org once: `sf org login web --alias my-org` (add `--instance-url https://test.salesforce.com` for a sandbox).',
      'Then run `npm run deploy -- --target-org my-org`.',
    ],
  },
  targetOrgNotFound: {
    code: 'TargetOrgNotFoundError',
    message: 'No authorised org is known as "%s" on this machine: nothing was sent to Salesforce.',
    actions: [
      'Authorise it: `sf org login web --alias %s` (add `--instance-url https://test.salesforce.com` for a sandbox), or for a scratch org `sf org create scratch --definition-file config/project-scratch-def.json --alias %s`.',
      'List the orgs this machine knows: `sf org list`.',
    ],
  },
  targetOrgUnreadable: {
    code: 'TargetOrgUnreadableError',
    message: 'The sf CLI authorisation for "%s" could not be read: %s',
    actions: ['Authorise the org again: `sf org login web --alias %s`.'],
  },
  invalidUsername: {
    code: 'InvalidRunAsUsernameError',
    message:
      'The Run As username from %s is not a Salesforce username: a username has the form of an e-mail address (name@domain) and no spaces or quotes.',
    actions: [
      'Use the username (Setup > Users > Username), not the display name: `sf org display user --target-org <alias>` shows yours.',
    ],
  },
  runAsUsernameRequired: {
    code: 'RunAsUsernameRequiredError',
    message:
      'This org is not a scratch org, so the deploy needs the Run As user named: pass --run-as-username or set OSS_RUN_AS_USERNAME. Nothing was sent to Salesforce.',
    actions: [
      INTEGRATION_USER_FIX,
      'Then run `npm run deploy -- --target-org <alias> --run-as-username <that username>`.',
    ],
  },
  runAsUserNotFound: {
    code: 'RunAsUserNotFoundError',
    message: 'The Run As user %s (from %s) is not an active user of this org. Nothing was sent to Salesforce.',
    actions: [
      'Check the username (not the e-mail address): `sf data query -q "SELECT Username FROM User WHERE IsActive = true" --target-org <alias>`.',
      INTEGRATION_USER_FIX,
    ],
  },
  adminRunAsUser: {
    code: 'AdminRunAsUserError',
    message:
      "The Run As user %s has %s. OneSpan's token would act as that user with full API access to this org, so the deploy refuses it. Nothing was sent to Salesforce.",
    actions: [
      INTEGRATION_USER_FIX,
      'Or, knowing the risk (e.g. a short-lived test sandbox), pass --allow-admin-run-as.',
    ],
  },
  invalidContactEmail: {
    code: 'InvalidContactEmailError',
    message: 'The contact e-mail from %s is not an e-mail address (name@domain, no spaces or quotes).',
    actions: ['Set OSS_CONTACT_EMAIL (or --contact-email) to the address that should hear about this app.'],
  },
  missingConnectedAppCredentials: {
    code: 'MissingConnectedAppCredentialsError',
    message:
      'The Connected App is created with a consumer key and secret you choose, read from %s; not set: %s. Nothing was sent to Salesforce.',
    actions: [
      'Choose them once and keep them in your secret store, e.g. `export SF_CLIENT_ID="OSS$(openssl rand -hex 16)" SF_CLIENT_SECRET="$(openssl rand -hex 32)"`.',
      '`npm run register` reads the same two variables, so nothing is copied from Setup afterwards.',
    ],
  },
  invalidConnectedAppCredential: {
    code: 'InvalidConnectedAppCredentialError',
    message: '%s must be 8 to 256 letters and digits (Salesforce rule for a chosen consumer key or secret); it is not.',
    actions: ['Generate one with `openssl rand -hex 32` (hex digits are letters and digits).'],
  },
  incompleteSource: {
    code: 'IncompleteSourceError',
    message: 'The deploy needs %s, which has no metadata files in this checkout.',
    actions: ['Restore the folder from git (`git status` shows what changed), then run the deploy again.'],
  },
  sfCliMissing: {
    code: 'SfCliMissingError',
    message: 'The project-local sf CLI is missing (%s).',
    actions: ['Install the project dependencies: `npm ci`.'],
  },
  ciPermissionsNeedExternalClientApp: {
    code: 'CiPermissionsFlagError',
    message:
      "--ci-permissions lets the deploying user read the External Client App's key and secret over REST; it does not apply to --connected-app, whose key and secret you chose yourself.",
    actions: ['Drop --ci-permissions, or deploy the External Client App (leave out --connected-app).'],
  },
  stepFailed: {
    code: 'DeployStepFailedError',
    message: 'Step %s (%s) failed: %s',
    actions: [
      'Open Setup > Deployment Status in the org for the full report, fix the cause, then run `npm run deploy` again: every step is safe to repeat.',
    ],
  },
});

/** Shown in addition to a fix when a dry run fails on a step that needs an earlier step really deployed. */
export const dryRunDependencyAction =
  'A dry run deploys nothing, so this step was checked against an org without step %s. If this org has never had a real `npm run deploy`, that alone can explain the failure.';

/** A failure the sf CLI reports, recognised by its text, with the guide's cause and fix. */
export interface CliFailureFix {
  /** Tested against each problem line (`<type> <name>: <problem>`, or `<ErrorName>: <message>`). */
  pattern: RegExp;
  /** `%s` in the message is the problem line as Salesforce or the CLI wrote it. */
  entry: MessageEntry;
}

/**
 * Most specific first: the first match wins. Texts marked "unconfirmed" were not seen from a real org
 * (../shared/reference/salesforce.md, "Things I could NOT confirm"), so their patterns are deliberately broad.
 */
export const cliFailureFixes: readonly CliFailureFix[] = [
  {
    pattern: /Enter a valid execution user/i,
    entry: {
      code: 'InvalidRunAsUserError',
      message: 'Salesforce rejected the Run As user: it does not exist or is not active in this org ("%s").',
      actions: [
        'Give the username, not the e-mail address: `sf data query -q "SELECT Username FROM User WHERE IsActive = true" --target-org <alias>` lists them.',
        'Pass it as --run-as-username or OSS_RUN_AS_USERNAME, or leave both unset to use the target org\'s own user. Create an integration user first if you want one (it needs "API Enabled").',
      ],
    },
  },
  {
    pattern: /"(\w+)" is in sfdx-project\.json as a value for "replaceWithEnv"/,
    entry: {
      code: 'ReplacementVariableUnsetError',
      message: 'A value that sfdx-project.json fills in at deploy time is not set: %s',
      actions: [
        "Run the deploy through `npm run deploy`, which sets every variable, or export the variable named above: only OSS_RUN_AS_USERNAME (the Run As user's username) has no default, the others are listed with their defaults in docs/deploy.md.",
      ],
    },
  },
  {
    pattern:
      /(ExternalClientApplication|ExtlClntApp\w*)\b.*(not available for deploy|not enabled|unknown type|invalid type|cannot find)|External Client Apps? (is|are) not enabled/i,
    entry: {
      code: 'ExternalClientAppsDisabledError',
      message: 'This org does not accept External Client App metadata: %s',
      actions: [
        'Turn External Client Apps on: Setup > External Client App Settings > "Allow access to External Client App" (scratch orgs: config/project-scratch-def.json already asks for the ExternalClientApps feature).',
        'Or use a Connected App where the org still allows one: `npm run deploy -- --target-org <alias> --connected-app`.',
      ],
    },
  },
  {
    // Unconfirmed text: Salesforce blocks creating new Connected Apps since Spring '26 (KB 005228017).
    pattern:
      /ConnectedApp\b.*(not allowed|blocked|can ?not create|can't create|no longer|disabled|not permitted|restricted)/i,
    entry: {
      code: 'ConnectedAppCreationBlockedError',
      message: 'This org does not allow creating a new Connected App: %s',
      actions: [
        "Use the External Client App instead (the guide's recommended option): `npm run deploy -- --target-org <alias>`.",
        'Only Salesforce Support can turn Connected App creation back on for an org.',
      ],
    },
  },
  {
    pattern: /consumer ?key\b.*(already|in use|duplicate|unique)/i,
    entry: {
      code: 'ConsumerKeyTakenError',
      message: 'Salesforce refused the chosen consumer key: %s',
      actions: [
        'Consumer keys are unique across Salesforce: choose a new SF_CLIENT_ID (e.g. `OSS$(openssl rand -hex 16)`).',
      ],
    },
  },
  {
    pattern: /contact ?e-?mail\b.*(invalid|valid)/i,
    entry: {
      code: 'InvalidContactEmailError',
      message: "Salesforce refused the app's contact e-mail: %s",
      actions: ['Set OSS_CONTACT_EMAIL (or --contact-email) to a real address.'],
    },
  },
  {
    // Unconfirmed: a third-party guide says this type cannot be deployed from source; the official help deploys it.
    pattern: /ExtlClntAppGlobalOauthSettings\b/,
    entry: {
      code: 'GlobalOauthSettingsRejectedError',
      message:
        "Salesforce did not accept the app's OAuth settings (where the Client Credentials Flow is switched on): %s",
      actions: [
        'Switch it on by hand: Setup > External Client App Manager > OneSpan Sign Callback > Edit Settings > OAuth Settings > Flow Enablement > "Enable Client Credentials Flow", and save.',
        'Step 1 (the receiver and its permission sets) stays deployed; step 2 (the app) is all or nothing, so none of it was saved. If the org keeps refusing this file, add `**/extlClntAppGlobalOauthSets/**` to .forceignore so the deploy skips it, then run the deploy again.',
      ],
    },
  },
  {
    pattern: /duplicate value found/i,
    entry: {
      code: 'DuplicatePolicyError',
      message: 'The org already holds this metadata under another name: %s',
      actions: [
        'See what the org has: `sf project retrieve start --metadata ExtlClntAppOauthConfigurablePolicies --target-org <alias> --output-dir /tmp/eca-policies`, and rename the file in force-app to match.',
      ],
    },
  },
  {
    // Seen in the Setup UI as `Can't assign permission set "X" to user "Y". The user license doesn't allow the
    // permission: ...`; over the API the same sentence with FIELD_INTEGRITY_EXCEPTION (the code is unconfirmed).
    pattern: /user license doesn.t allow the permission/i,
    entry: {
      code: 'IntegrationLicenceRefusedError',
      message:
        "Salesforce refused the permission set for the Run As user's licence: %s. A Salesforce Integration user needs the Salesforce API Integration permission set licence before it may hold standard-object permissions.",
      actions: [
        'Assign the licence, then run the deploy again: `sf org assign permsetlicense --name SalesforceAPIIntegrationPsl --on-behalf-of <Run As username> --target-org <alias>`.',
        'Setup shows how many are free: Company Information > Permission Set Licenses > Salesforce API Integration.',
      ],
    },
  },
  {
    pattern: /Permission set "?OSS_Callback_Integration"? not found/i,
    entry: {
      code: 'PermissionSetNotDeployedError',
      message: 'The permission set for the Run As user is not in the org: %s',
      actions: [
        'Check that force-app/main/default/permissionsets/OSS_Callback_Integration.permissionset-meta.xml exists: step 1 deploys it before the last step assigns it.',
      ],
    },
  },
  {
    pattern: /SingleRecordQuery_NoRecords|No records? found/i,
    entry: {
      code: 'RunAsUserNotFoundError',
      message: 'The Run As user was not found in this org: %s',
      actions: [
        'Check the username (not the e-mail address) with `sf data query -q "SELECT Username FROM User WHERE IsActive = true" --target-org <alias>`.',
      ],
    },
  },
  {
    pattern: /INSUFFICIENT_ACCESS|insufficient access rights|not have permission/i,
    entry: {
      code: 'InsufficientAccessError',
      message: "The target org's user may not do this: %s",
      actions: [
        'Deploy as a System Administrator, or a user with "Customize Application", "Modify Metadata Through Metadata API Functions" and "Manage External Client Apps" (for the policies: "View all External Client Apps, view their settings, and edit their policies").',
      ],
    },
  },
  {
    pattern: /expired access\/refresh token|INVALID_SESSION_ID|invalid_grant|RefreshTokenAuthError/i,
    entry: {
      code: 'OrgSessionExpiredError',
      message: 'The sf CLI authorisation for this org no longer works: %s',
      actions: [
        'Authorise it again: `sf org login web --alias <alias>` (scratch orgs expire; create a new one if it is gone).',
      ],
    },
  },
  {
    pattern: /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|ECONNRESET|fetch failed|socket hang up|getaddrinfo/i,
    entry: {
      code: 'OrgUnreachableError',
      message: 'The org could not be reached: %s',
      actions: [
        "Check the network connection and the org's My Domain (`sf org display --target-org <alias>`), then run the deploy again.",
      ],
    },
  },
];

/** Step titles, next steps and notes: the words a person reads while the deploy runs. */
export const deployText = {
  stepDeployReceiver: 'Deploy the receiver and its permission sets',
  stepDeployApp: 'Deploy the External Client App with its OAuth settings',
  stepDeployPolicies: "Deploy the app's OAuth policies: Client Credentials Flow on, Run As %s",
  stepDeployReceiverNoApp: 'Deploy the receiver and its permission sets (no External Client App)',
  stepDeployCiPermissions:
    'Deploy %s (CI and sandboxes only: lets the deploying user read the consumer key and secret over REST)',
  stepDeployConnectedApp: 'Deploy the Connected App: Client Credentials Flow on, api scope, Run As %s',
  stepAssign: 'Assign %s to the Run As user %s',
  stepAssignLicence:
    'Assign the permission set licence %s ("Salesforce API Integration") to the Run As user %s: its Salesforce Integration licence allows the standard-object permissions of OSS_Callback_Integration only with it',
  licenceUnreadable:
    "The Run As user's licence could not be read (%s), so the deploy does not assign the Salesforce API Integration permission set licence; if the user has the Salesforce Integration licence and the last step is refused, assign it: sf org assign permsetlicense --name SalesforceAPIIntegrationPsl --on-behalf-of %s --target-org <alias>",
  dryRunSkipsAssign: 'not run in a dry run (it changes the org)',
  alreadyAssigned: 'already assigned',
  assigned: 'assigned',
  deployed: '%s components',
  validated: '%s components validated, nothing changed',
  runAsDefaulted:
    "Run As user: %s, the scratch org's own user (no --run-as-username or OSS_RUN_AS_USERNAME given). Fine for a throw-away scratch org; anywhere else the deploy asks for an API-only integration user.",
  adminRunAsAllowed:
    'Run As user %s has %s, allowed by --allow-admin-run-as: the token OneSpan holds has full API access to this org. Replace it with an integration user before production.',
  contactDefaulted: "Contact e-mail: %s, the target org's username (no --contact-email or OSS_CONTACT_EMAIL given).",
  stillDeploying: '  ... step %s still running (%s s)',
  startingStep: 'Step %s/%s: %s',
  nextReadCredentials:
    'Read the consumer key and secret (Setup > External Client App Manager > OneSpan Sign Callback > Settings > OAuth Settings > Consumer Key and Secret) into SF_CLIENT_ID and SF_CLIENT_SECRET; a new key can take a few minutes to work.',
  nextRegister:
    'Register the callback with OneSpan Sign (ONESPAN_API_KEY, or ONESPAN_CLIENT_ID and ONESPAN_CLIENT_SECRET, in the environment): npm run register -- --target-org %s',
  nextRealDeploy: 'Deploy for real: npm run deploy -- --target-org %s%s',
  oneSpanTarget: 'OneSpan API for the archiving handler (Named Credential OneSpan_Sign_API): %s from %s, %s',
  oneSpanModeApiKey: 'API key mode (External Credential OneSpan_Sign_API)',
  oneSpanModeOAuth:
    'OAuth client-credentials mode, ONESPAN_CLIENT_ID is set (External Credential OneSpan_Sign_API_OAuth)',
  oneSpanDefaulted:
    'No --onespan-env, --onespan-url or ONESPAN_API_URL given: Named Credential OneSpan_Sign_API points at %s. If your OneSpan account is elsewhere, deploy again with --onespan-env <region>, or the archiving handler gets 401/404 from OneSpan.',
} as const;
