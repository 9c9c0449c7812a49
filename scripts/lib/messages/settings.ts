import { defineMessages } from './index';

/**
 * Settings problems. Each problem names the setting and says how to fix it; all problems of a run are
 * reported together in one InvalidSettingsError (message: one line per problem; actions: one fix each).
 */
export const settingsMessages = defineMessages({
  invalidSettings: {
    code: 'InvalidSettingsError',
    message: 'The settings have %s problem(s):\n%s',
    actions: [],
    exitCode: 2,
  },
  secretFlag: {
    code: 'FlagError',
    message:
      '%s is not a flag: the %s is read only from the environment variable %s, so it never shows up in shell history or process lists.',
    actions: [
      'Remove %s from the command line and set %s in the environment (or in a .env file that is not committed).',
    ],
    exitCode: 2,
  },
  clientIdNotInApp: {
    code: 'ClientIdMismatchError',
    message:
      '%s is %s, but the External Client App %s in --target-org has another consumer key, so its secret would not match.',
    actions: [
      'Leave SF_CLIENT_ID unset to use the consumer key of %s, or pass --app-name with the app that owns this key.',
    ],
    exitCode: 2,
  },
});

/** Problem texts: `problem` completes "<setting>: ...", `fix` is the action shown for it. */
export const settingProblems = {
  missingClientId: {
    problem: 'is not set (the External Client App consumer key)',
    fix: 'Set SF_CLIENT_ID or pass --client-id: Setup → External Client Apps → External Client App Manager → your app → Settings → OAuth Settings → Consumer Key and Secret (the guide: "Manage Consumer Details").',
  },
  missingClientSecret: {
    problem: 'is not set (the External Client App consumer secret)',
    fix: 'Set SF_CLIENT_SECRET in the environment (no flag exists): Setup → External Client Apps → External Client App Manager → your app → Settings → OAuth Settings → Consumer Key and Secret. Or pass --target-org to read the key and secret from the org.',
  },
  missingInstanceUrl: {
    problem: 'is not set, and there is no --target-org to take it from',
    fix: "Set SF_INSTANCE_URL or pass --instance-url with the org's My Domain URL (Setup → My Domain → Current My Domain URL, e.g. https://yourcompany.my.salesforce.com), or pass --target-org with an org authorised in the sf CLI.",
  },
  missingOneSpanUrl: {
    problem: 'is not set',
    fix: 'Pass --onespan-env <region> (%s) or set ONESPAN_API_URL / --onespan-url, e.g. https://sandbox.esignlive.com/api.',
  },
  missingApiKey: {
    problem: 'is not set',
    fix: 'Set ONESPAN_API_KEY in the environment (no flag exists): OneSpan Sign → Admin → API Access → copy the API key as shown (it is already base64; do not encode it again). An account that authenticates with OAuth 2.0 client credentials sets ONESPAN_CLIENT_ID and ONESPAN_CLIENT_SECRET instead.',
  },
  oneSpanAuthBoth: {
    problem:
      'is set together with ONESPAN_CLIENT_ID / ONESPAN_CLIENT_SECRET; a OneSpan account accepts either its API key or OAuth 2.0 client credentials, not both',
    fix: 'Keep ONESPAN_API_KEY for an account that authenticates with API keys, or ONESPAN_CLIENT_ID + ONESPAN_CLIENT_SECRET for one set to OAuth 2.0 client credentials (OneSpan Sign → Admin → API Access), and unset the other.',
  },
  missingOneSpanClientId: {
    problem: 'is not set, but ONESPAN_CLIENT_SECRET is (the OAuth 2.0 mode needs both)',
    fix: 'Set ONESPAN_CLIENT_ID in the environment: OneSpan Sign → Admin → API Access → OAuth 2.0 client credentials → Client ID.',
  },
  missingOneSpanClientSecret: {
    problem: 'is not set, but ONESPAN_CLIENT_ID is (the OAuth 2.0 mode needs both)',
    fix: 'Set ONESPAN_CLIENT_SECRET in the environment (no flag exists): OneSpan Sign → Admin → API Access → OAuth 2.0 client credentials → Client Secret.',
  },
  oneSpanClientIdColon: {
    problem: 'contains ":", which HTTP Basic authentication of the token request cannot carry',
    fix: 'Copy ONESPAN_CLIENT_ID again from OneSpan Sign → Admin → API Access; it is the client id alone, not "id:secret".',
  },
  apiKeyNotSendable: {
    problem: 'holds white space, a line break or a non-ASCII character, which an HTTP header cannot carry',
    fix: 'Copy the API key again from OneSpan Sign → Admin → API Access, without quotes, spaces or line breaks.',
  },
  empty: {
    problem: 'is empty',
    fix: 'Give %s a value, or leave it out.',
  },
  noScheme: {
    problem: '"%s" has no scheme',
    fix: 'Write %s as %s.',
  },
  schemeMisplaced: {
    problem: '"%s" has a scheme in the wrong place (only one "https://", at the very start)',
    fix: 'Write %s as %s.',
  },
  unsupportedScheme: {
    problem: '"%s" uses %s, not https',
    fix: 'Write %s as %s.',
  },
  httpsRequired: {
    problem: '"%s" uses http://; https:// is required except for loopback hosts (127.0.0.1, localhost, [::1])',
    fix: 'Write %s as %s.',
  },
  credentialsInUrl: {
    problem: 'contains a user name or password',
    fix: 'Remove the credentials from %s; secrets only go in SF_CLIENT_SECRET and ONESPAN_API_KEY (or ONESPAN_CLIENT_SECRET).',
  },
  notAUrl: {
    problem: '"%s" is not a URL',
    fix: 'Give %s as a URL such as %s.',
  },
  pathNotAllowed: {
    problem: '"%s" has a path, query or fragment; only the My Domain origin is wanted',
    fix: 'Write %s as %s.',
  },
  genericLoginHost: {
    problem: '"%s" is a generic login host; the Client Credentials Flow only works on the org\'s My Domain',
    fix: 'Give %s as your My Domain URL (Setup → My Domain), e.g. https://yourcompany.my.salesforce.com or https://yourcompany--sandbox.sandbox.my.salesforce.com.',
  },
  notMyDomainHost: {
    problem: '"%s" is a %s domain, not the My Domain API host',
    fix: 'Write %s as %s.',
  },
  oneSpanPath: {
    problem: '"%s" has a path other than /api, or a query or fragment; the API base ends in /api',
    fix: 'Write %s as %s.',
  },
  exclusiveOneSpan: {
    problem: 'both --onespan-env and --onespan-url are given',
    fix: 'Pass only one of --onespan-env and --onespan-url.',
  },
  unknownRegion: {
    problem: '"%s" is not a known OneSpan environment',
    fix: 'Pass --onespan-env as one of: %s (or --onespan-url for any other).',
  },
  eventsEmpty: {
    problem: 'lists no events',
    fix: 'List at least one event, e.g. %s.',
  },
  eventStrayComma: {
    problem: 'has an empty entry (a stray comma)',
    fix: 'Write %s as %s.',
  },
  eventSpaces: {
    problem: '"%s" contains spaces',
    fix: 'Write %s without spaces: %s.',
  },
  eventLowerCase: {
    problem: '"%s" is not in upper case',
    fix: 'Write %s in upper case: %s.',
  },
  eventUnknown: {
    problem: '"%s" is not a OneSpan event name; the closest is %s',
    fix: 'Write %s as %s.',
  },
  eventWithdrawn: {
    problem: '%s is no longer a OneSpan event: %s',
    fix: 'Write %s as %s.',
  },
  eventDuplicate: {
    problem: '%s is listed more than once',
    fix: 'Write %s as %s.',
  },
  namespaceDoubleUnderscore: {
    problem: '"%s" contains "__"; a namespace prefix is the part before "__" in names like ONSS__Field__c',
    fix: 'Pass --namespace %s.',
  },
  namespaceInvalid: {
    problem: '"%s" is not a namespace prefix (1 to 15 letters or digits, starting with a letter)',
    fix: 'Pass --namespace with the NamespacePrefix of OssCallbackResource (empty for none), or leave it out to query it.',
  },
  appNameInvalid: {
    problem:
      '"%s" is not an External Client App API name (letters, digits and single underscores, starting with a letter)',
    fix: 'Pass --app-name with the API name of the External Client App, e.g. OneSpan_Sign_Callback.',
  },
  timeoutInvalid: {
    problem: '"%s" is not a whole number of milliseconds between %s and %s',
    fix: 'Pass --timeout in milliseconds, e.g. --timeout 15000.',
  },
  waitForKeyInvalid: {
    problem: '"%s" is not a number of minutes between 0 and %s',
    fix: 'Give the minutes to wait for a new consumer key, e.g. --wait-for-key %s (0: do not wait).',
  },
} as const;
