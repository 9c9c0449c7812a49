/**
 * THE troubleshooting table: the guide's table plus the token errors of reference/salesforce.md §4.4.
 * Register and verify map every failure of the token request and the probe through it; doctor and the
 * docs/troubleshooting.md are generated from / checked against it, so it is the one place this knowledge lives.
 * Rows are matched in order: the first row whose `error` equals the OAuth error (or REST errorCode)
 * and whose `description` matches wins; a row without `description` catches the rest of its error.
 */
export type TroubleshootingStep = 'token' | 'probe' | 'key';

export interface TroubleshootingRow {
  /** Stable id for doctor, the docs check and tests. */
  id: string;
  /** OssError code raised for this row. */
  code: string;
  step: TroubleshootingStep;
  /** OAuth `error`, REST `errorCode`, or a symptom for rows that are not an HTTP error. */
  error: string;
  /** Matches `error_description` / the REST message; absent = any. */
  description?: RegExp;
  cause: string;
  fix: readonly string[];
  /** Where the row comes from, and whether the body has been seen from Salesforce itself. */
  source: 'guide' | 'salesforce.md §4.4' | 'salesforce.md §5.3' | 'Salesforce help: OAuth 2.0 Authorization Errors';
  confirmed: boolean;
}

const RUN_AS_PATH =
  'Setup → External Client Apps → External Client App Manager → your app → Policies → OAuth Policies → OAuth Flows and External Client App Enhancements';

/** Reports disagree on the error for a disabled flow, so two rows share this cause and fix. */
const FLOW_NOT_ENABLED = {
  code: 'OAuthFlowNotEnabledError',
  step: 'token',
  cause:
    'The Client Credentials Flow is not enabled on the app (the exact error Salesforce returns for this is unconfirmed).',
  fix: [`${RUN_AS_PATH} → check Enable Client Credentials Flow (and in Settings → OAuth Settings → Flow Enablement).`],
  source: 'salesforce.md §4.4',
  confirmed: false,
} as const;

export const TROUBLESHOOTING: readonly TroubleshootingRow[] = [
  {
    id: 'wrong-domain',
    code: 'OAuthWrongDomainError',
    step: 'token',
    error: 'invalid_grant',
    description: /request not supported on this domain/i,
    cause:
      'The token was requested from a host that is not the org\'s My Domain (login.salesforce.com and test.salesforce.com do not support the Client Credentials Flow); in the callback key this is a wrong "host".',
    // The guide's table also suggests test.salesforce.com for sandboxes; Salesforce KB 000886201 says
    // the Client Credentials Flow does not support it, so only the My Domain fix is offered.
    fix: [
      "Use the org's My Domain URL for SF_INSTANCE_URL (Setup → My Domain), e.g. https://yourcompany.my.salesforce.com or https://yourcompany--sandbox.sandbox.my.salesforce.com for a sandbox.",
    ],
    source: 'guide',
    confirmed: false,
  },
  {
    id: 'no-run-as-user',
    code: 'OAuthNoRunAsUserError',
    step: 'token',
    error: 'invalid_grant',
    description: /no client credentials user enabled/i,
    cause:
      'No "Run As" user is set for the Client Credentials Flow on the External Client App (the flow has no interactive user, so Salesforce needs one).',
    fix: [
      `${RUN_AS_PATH} → check Enable Client Credentials Flow and set Run As to an active integration user with API Enabled.`,
    ],
    source: 'guide',
    confirmed: false,
  },
  {
    id: 'no-valid-scopes',
    code: 'OAuthNoValidScopesError',
    step: 'token',
    error: 'invalid_grant',
    description: /no valid scopes defined/i,
    cause:
      'The app has no scope usable by the Client Credentials Flow: refresh_token/offline_access (or only full) are configured, or api is missing.',
    fix: [
      'Remove refresh_token, offline_access from the app\'s OAuth scopes and add "Manage user data via APIs (api)" (this project\'s External Client App metadata has exactly that).',
    ],
    source: 'guide',
    confirmed: false,
  },
  {
    id: 'unknown-client-id',
    code: 'OAuthUnknownClientError',
    step: 'token',
    error: 'invalid_client_id',
    cause:
      'Salesforce does not know this consumer key: a typo, a key from another org, or a brand-new app that has not propagated yet (this can take up to 10 minutes).',
    fix: [
      'Copy SF_CLIENT_ID again from Setup → External Client Apps → External Client App Manager → your app → Settings → OAuth Settings → Consumer Key and Secret.',
      'Check that SF_INSTANCE_URL is the org that owns the app; for a new app, wait a few minutes and retry, or let register and smoke wait with --wait-for-key 15.',
    ],
    source: 'salesforce.md §4.4',
    confirmed: false,
  },
  {
    id: 'wrong-secret',
    code: 'OAuthWrongSecretError',
    step: 'token',
    error: 'invalid_client',
    description: /invalid client credentials/i,
    cause: 'The consumer secret does not match the consumer key (a copy mistake, or the secret was rotated).',
    fix: [
      'Copy SF_CLIENT_SECRET again from Consumer Key and Secret of the External Client App (after a rotation, use the new secret and run `npm run register` again).',
    ],
    source: 'salesforce.md §4.4',
    confirmed: false,
  },
  {
    id: 'scope-parameter',
    code: 'OAuthScopeParameterError',
    step: 'token',
    error: 'invalid_request',
    description: /scope parameter not supported/i,
    cause:
      'The token request carried a scope parameter; the Client Credentials Flow takes its scopes from the app configuration.',
    fix: [
      'Send grant_type, client_id and client_secret only (this tool and OneSpan do); check any proxy that adds parameters.',
    ],
    source: 'salesforce.md §4.4',
    confirmed: false,
  },
  {
    id: 'not-admin-approved',
    code: 'OAuthNotAdminApprovedError',
    step: 'token',
    error: 'invalid_app_access',
    cause: 'The app only admits admin-approved users and the Run As user is not pre-authorised.',
    fix: [
      'Assign the permission set OSS_Callback_Integration (or a profile/permission set the app lists) to the Run As user, or relax "Permitted Users" in the app\'s OAuth Policies.',
    ],
    source: 'salesforce.md §4.4',
    confirmed: false,
  },
  {
    id: 'inactive-run-as-user',
    code: 'OAuthInactiveUserError',
    step: 'token',
    error: 'inactive_user',
    cause: 'The Run As user of the Client Credentials Flow is inactive.',
    fix: [`Activate the Run As user, or pick an active integration user in ${RUN_AS_PATH}.`],
    source: 'Salesforce help: OAuth 2.0 Authorization Errors',
    confirmed: false,
  },
  {
    id: 'flow-not-enabled',
    // Reports disagree on this error (unsupported_grant_type, unauthorized_client, or invalid_client
    // with another text); both codes are matched here and invalid_client falls to the row below.
    error: 'unsupported_grant_type',
    ...FLOW_NOT_ENABLED,
  },
  {
    id: 'flow-not-enabled-unauthorized-client',
    error: 'unauthorized_client',
    ...FLOW_NOT_ENABLED,
  },
  {
    id: 'invalid-client-other',
    code: 'OAuthInvalidClientError',
    step: 'token',
    error: 'invalid_client',
    cause:
      "Salesforce refused the app's credentials: usually a wrong consumer secret; some reports give this error when the Client Credentials Flow is not enabled.",
    fix: [
      'Copy SF_CLIENT_SECRET again from Consumer Key and Secret of the External Client App.',
      `${RUN_AS_PATH} → check Enable Client Credentials Flow.`,
    ],
    source: 'salesforce.md §4.4',
    confirmed: false,
  },
  {
    id: 'invalid-grant-other',
    code: 'OAuthInvalidGrantError',
    step: 'token',
    error: 'invalid_grant',
    cause: 'Salesforce refused the grant for a reason not in this table; the Run As user set-up is the usual suspect.',
    fix: [
      `Check the Run As user in ${RUN_AS_PATH}: active, API Enabled (SELECT Name, Profile.PermissionsApiEnabled FROM User WHERE Name = 'Your User'), allowed to use the app.`,
    ],
    source: 'guide',
    confirmed: false,
  },
  {
    id: 'class-not-deployed',
    code: 'CallbackClassNotDeployedError',
    step: 'probe',
    error: 'NOT_FOUND',
    description: /could not find a match for url/i,
    cause:
      'No Apex REST class answers on this URL: OssCallbackResource is not deployed, or it lives under another namespace.',
    fix: [
      'Deploy the receiver with `npm run deploy` (Step 2 of the guide), then run this command again.',
      'If the class is in a namespace, pass --namespace <prefix> (or let the tool query it).',
    ],
    source: 'guide',
    confirmed: false,
  },
  {
    id: 'class-access-denied',
    code: 'CallbackAccessDeniedError',
    step: 'probe',
    error: 'FORBIDDEN',
    cause: "The Run As user may not run OssCallbackResource, so OneSpan's callbacks would be refused.",
    fix: [
      'Assign the permission set OSS_Callback_Integration to the Run As user (sf org assign permset --name OSS_Callback_Integration --on-behalf-of <run-as-username>).',
    ],
    source: 'salesforce.md §5.3',
    confirmed: false,
  },
  {
    id: 'api-disabled',
    code: 'RunAsUserApiDisabledError',
    step: 'probe',
    error: 'API_CURRENTLY_DISABLED',
    cause: 'The Run As user lacks the "API Enabled" permission, so its token cannot call the Apex REST endpoint.',
    fix: [
      'Give the Run As user API Enabled (Setup → Profiles or a permission set → System Permissions), e.g. by assigning OSS_Callback_Integration.',
    ],
    source: 'guide',
    confirmed: false,
  },
  {
    id: 'multi-line-key',
    code: 'CallbackKeyWrappedError',
    step: 'key',
    error: 'multi-line base64 key',
    cause: 'The base64 command wraps at 76 characters by default on Linux, which makes the key invalid.',
    fix: ['Encode with base64 -w 0, or let `npm run register` build the key (it never wraps).'],
    source: 'guide',
    confirmed: true,
  },
];

/** The first row of `step` for this error and description, if any. */
export function findTroubleshooting(
  step: TroubleshootingStep,
  error: string,
  description = '',
): TroubleshootingRow | undefined {
  return TROUBLESHOOTING.find(
    (row) =>
      row.step === step && row.error === error && (row.description === undefined || row.description.test(description)),
  );
}
