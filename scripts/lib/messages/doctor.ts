/**
 * The text of `npm run doctor`: one title per check, what a pass says, why a check is skipped, and the
 * fixes that are not already an error's actions or a troubleshooting row.
 */
import { defineMessages } from './index';

export const DOCTOR_CHECK_TITLES = {
  settings: 'Settings',
  'target-org': 'sf CLI org (--target-org)',
  credentials: 'Consumer key and secret',
  'my-domain': 'Host is a My Domain',
  token: 'Client-credentials token',
  'run-as-user': 'Run As user',
  'integration-licence': "Run As user's licence allows OSS_Callback_Integration",
  'apex-class': 'Apex class and callback URL',
  probe: 'Callback URL answers (GET probe)',
  'onespan-api-key': 'OneSpan API key',
  registration: 'Registration (url, events)',
  'callback-key': 'Registered key',
  'named-credential': 'Named Credential OneSpan_Sign_API',
  'onespan-principal': 'OneSpan key stored in Salesforce',
  'principal-access': 'Run As user may use the OneSpan key',
} as const;

export type DoctorCheckId = keyof typeof DOCTOR_CHECK_TITLES;

export const doctorText = {
  skipNeeds: 'needs: %s',
  noTargetOrg: 'no --target-org given',
  credentialsFromEnvironment: 'SF_CLIENT_ID and SF_CLIENT_SECRET from the environment',
  credentialsFromOrg: 'read from the External Client App %s in %s (consumer key %s)',
  myDomain: '%s is a My Domain host',
  loopback: '%s is a loopback host (a local emulator, not a Salesforce org)',
  notMyDomain:
    '%s does not end in .my.salesforce.com; if it is your My Domain on another domain suffix, the token check decides',
  tokenPassed: 'Run As user %s, scope %s',
  noIdentity: 'the token answer has no identity URL, so the Run As user is unknown',
  userPassed: '%s (%s): active, API Enabled, holds OSS_Callback_Integration',
  userNotFound: 'no user with Id %s is visible to %s',
  userUnreadable: 'the Run As user could not be read with the client-credentials token (%s: %s)',
  userInactive: 'inactive',
  userApiDisabled: 'API Enabled is off (profile) and OSS_Callback_Integration is not assigned',
  userNoPermissionSet: 'does not hold OSS_Callback_Integration',
  userProblems: '%s (%s): %s',
  licenceNotIntegration: '%s has the %s user licence, which needs no permission set licence',
  licencePslHeld: '%s has the Salesforce Integration licence and the Salesforce API Integration permission set licence',
  licencePslMissing:
    '%s has the Salesforce Integration licence without the Salesforce API Integration permission set licence, so Salesforce refuses OSS_Callback_Integration (its ContentVersion and UserExternalCredential permissions are standard-object ones)',
  licenceUnreadable: "the Run As user's licence could not be read with the client-credentials token (%s: %s)",
  userIsAdmin:
    "it has %s, so OneSpan's token has full API access to this org; Salesforce documents the Run As user as an API-only integration user",
  classPassed: 'OssCallbackResource deployed, namespace %s → %s',
  classFromFlag: 'namespace %s from --namespace (not queried) → %s',
  probePassed: 'GET %s answered the health check',
  apiKeyPassed: 'accepted by %s',
  oauthPassed: 'OAuth 2.0 client credentials (ONESPAN_CLIENT_ID) accepted by %s',
  registrationPassed: '%s, events %s',
  notRegistered: 'no salesforceOauth2 callback is registered',
  keyNotEchoed:
    'OneSpan did not return the key, so it cannot be compared; the token check is what OneSpan will do with it',
  keyNotComparable:
    'OneSpan returned the key masked (not base64 JSON), so it cannot be compared; the token check is what OneSpan will do with it',
  keyPassed: 'host %s, client_id matches, Client Credentials Flow, one line',
  refreshTokenFlow:
    'the registered key uses the Refresh Token Flow (refresh_token): `npm run register` migrates it to the Client Credentials Flow',
  namedCredentialPassed: '%s, External Credential %s',
  namedCredentialMissing: 'the org has no Named Credential OneSpan_Sign_API',
  namedCredentialUrl: 'its URL is %s, but the settings name the OneSpan API %s',
  namedCredentialMode: 'it uses the External Credential %s, but the settings need %s (%s)',
  principalPassed: '%s principal %s: %s',
  principalMissing: 'the External Credential %s has no principal OneSpan_Sign_Principal',
  principalNoKey: '%s principal %s has no value (%s): the archiving handler cannot call OneSpan',
  accessPassed: '%s holds %s, which grants %s',
  accessMissing: '%s holds none of the permission sets that grant %s (%s)',
  insufficientAccess: 'Salesforce refused %s access to this (%s: %s)',
  needsOrg: 'no --target-org given (an administrator authorised in the sf CLI reads the Named Credential)',
  failedCount: '%s of %s checks failed',
  allPassed: 'All %s checks passed',
  checkCount: '%s checks',
  passedCount: '%s passed',
  warnedCount: '%s with a warning',
  skippedCount: '%s skipped',
} as const;

export const doctorFixes = {
  deployCredentials:
    'Deploy the project’s metadata with the OneSpan environment of your settings: npm run deploy -- --target-org %s --onespan-url %s',
  storeKey:
    'Store the key without copy-paste: npm run credential -- --target-org %s (it reads ONESPAN_API_KEY, or ONESPAN_CLIENT_ID and ONESPAN_CLIENT_SECRET).',
  grantPrincipal:
    'Assign OSS_Callback_Integration to the Run As user: sf org assign permset --name OSS_Callback_Integration --on-behalf-of %s --target-org %s',
  register: 'Run `npm run register` with these settings.',
  registerAgain: 'Run `npm run register` with these settings to replace the registration.',
  assignPermissionSet:
    'Assign the permission set: sf org assign permset --name OSS_Callback_Integration --on-behalf-of %s (or Setup → Users → the user → Permission Set Assignments).',
  assignIntegrationPsl:
    'Assign the permission set licence, then the permission set: sf org assign permsetlicense --name SalesforceAPIIntegrationPsl --on-behalf-of %s --target-org <alias>, then sf org assign permset --name OSS_Callback_Integration --on-behalf-of %s --target-org <alias> (npm run deploy does both).',
  readUserWithOrg:
    'Pass --target-org <alias> (an administrator authorised in the sf CLI) so doctor can read the user, or check it in Setup → Users.',
  noIdentity: 'Check the Run As user of the External Client App in its OAuth Policies.',
  adminLogin:
    'Run doctor with an org the sf CLI knows as an administrator (System Administrator, or "Customize Application" and "Manage Named Credentials"; the Run As user may not read Setup): sf org login web --alias %s-admin --instance-url <My Domain URL>, then npm run doctor -- --target-org %s-admin.',
  adminTargetOrg:
    'Pass --target-org <alias> of an administrator authorised in the sf CLI (System Administrator, or "Customize Application" and "Manage Named Credentials"); the Run As user may not read Setup.',
  myDomainUrl:
    "Use the org's My Domain URL (Setup → My Domain), e.g. https://yourcompany.my.salesforce.com; the Client Credentials Flow does not work on other hosts.",
} as const;

export const doctorMessages = defineMessages({
  failed: {
    code: 'DoctorChecksFailedError',
    message: '%s of %s checks failed: %s.',
    actions: ['Apply the fix shown for each failed check, then run `npm run doctor` again.'],
  },
});
