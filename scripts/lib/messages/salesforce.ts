import { defineMessages } from './index';

/** Salesforce-side failures other than the troubleshooting table's rows. */
export const salesforceMessages = defineMessages({
  tokenRefused: {
    code: 'OAuthTokenError',
    message: 'Salesforce refused the client-credentials token at %s: %s (%s).',
    actions: [
      'Look the error up in Salesforce Help "OAuth 2.0 Authorization Errors" and check the External Client App\'s OAuth Policies.',
    ],
  },
  tokenRefusedKnown: {
    code: 'OAuthTokenError',
    message: 'Salesforce refused the client-credentials token at %s: %s (%s). Cause: %s',
    actions: [],
  },
  tokenEndpointMissing: {
    code: 'TokenEndpointError',
    message: '%s has no OAuth token endpoint that answers as Salesforce does (HTTP %s).',
    actions: ["Check SF_INSTANCE_URL / --instance-url: it must be the org's My Domain URL (Setup → My Domain)."],
  },
  sessionInvalid: {
    code: 'SalesforceSessionInvalidError',
    message: 'Salesforce did not accept the access token for %s (%s: %s).',
    actions: [
      'Run the command again; if it keeps failing, check the Session Settings and the Run As user of the External Client App.',
    ],
  },
  apiError: {
    code: 'SalesforceApiError',
    message: 'Salesforce answered HTTP %s to %s: %s (%s).',
    actions: ['Check the message above; run with OSS_DEBUG=1 for the stack trace (on stderr).'],
  },
  namespaceAccess: {
    code: 'NamespaceQueryAccessError',
    message: 'The namespace of OssCallbackResource could not be queried with %s (%s: %s).',
    actions: [
      'Pass --target-org <alias> (an org authorised in the sf CLI, e.g. with sf org login web) so the query runs as that user.',
      'Or pass --namespace <prefix> (--namespace "" for none): run SELECT Name, NamespacePrefix FROM ApexClass WHERE Name = \'OssCallbackResource\' in the Developer Console.',
    ],
  },
  classNotInOrg: {
    code: 'CallbackClassNotDeployedError',
    message: 'OssCallbackResource is not in the org: the ApexClass query found no row.',
    actions: ['Deploy the receiver with `npm run deploy` (Step 2 of the guide), then run this command again.'],
  },
  ambiguousNamespace: {
    code: 'AmbiguousNamespaceError',
    message: '%s Apex classes are named OssCallbackResource: %s.',
    actions: [
      'Pass --namespace with the prefix of the one OneSpan should call (--namespace "" for the one without a namespace).',
    ],
  },
  noDefaultEnv: {
    // sf's own name and words (sf-plugins-core, errors.NoDefaultEnv), so sf-oriented scripts recognise it.
    code: 'NoDefaultEnvError',
    message: 'No default environment found. Use -o or --target-org to specify an environment.',
    actions: [
      'Name the org: npm run %s -- --target-org my-org (or SF_TARGET_ORG=my-org), or make it the default once: sf config set target-org my-org',
      'Not authorised yet: sf org login web --alias my-org --instance-url https://yourcompany.my.salesforce.com',
    ],
  },
  targetOrg: {
    code: 'TargetOrgError',
    message: 'The sf CLI org "%s" cannot be used: %s',
    actions: [
      'Check `sf org list`; authorise the org with `sf org login web --alias %s` (or pass --instance-url and --namespace instead).',
    ],
  },
  probeUnexpected: {
    code: 'CallbackProbeError',
    message: 'GET %s answered HTTP %s: %s',
    actions: [
      'Check that OssCallbackResource from this project is deployed (`npm run deploy`) and that the org is not in maintenance.',
    ],
  },
  probeNotReceiver: {
    code: 'CallbackProbeError',
    message: "GET %s answered HTTP 200, but not with the health answer of this project's receiver (%s).",
    actions: [
      "Another class answers on /OSS/callback; deploy this project's OssCallbackResource with `npm run deploy`.",
    ],
  },
});

/** Lines that are not errors. */
export const salesforceText = {
  usingDefaultOrg: "Using the sf CLI's default org %s (target-org in sf config); pass --target-org to use another.",
} as const;
