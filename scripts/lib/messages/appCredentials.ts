import { defineMessages } from './index';

const SECRET_SETTING =
  'Setup → External Client Apps → External Client App Settings → turn on "Allow access to External Client App consumer secrets via REST API" (metadata ExternalClientAppSettings.enableClientSecretInRestApiAccess)';

/** Reading an External Client App's consumer key and secret through the Connect REST API (salesforce.md §6). */
export const appCredentialsMessages = defineMessages({
  restUnavailable: {
    code: 'AppCredentialsUnavailableError',
    message:
      'The org %s does not offer the External Client App credentials REST API (%s: %s); it needs API version 60.0 or later.',
    actions: [
      'Set SF_CLIENT_ID and SF_CLIENT_SECRET from Setup → External Client Apps → External Client App Manager → your app → Settings → OAuth Settings → Consumer Key and Secret.',
    ],
  },
  appNotFound: {
    code: 'AppNotFoundError',
    message: 'The org %s has no External Client App named %s (found: %s).',
    actions: [
      'Deploy the app with `npm run deploy`, or pass --app-name with the API name of the app OneSpan should use.',
    ],
  },
  noConsumer: {
    code: 'AppHasNoConsumerError',
    message: 'The External Client App %s in %s has no OAuth consumer (no consumer key and secret).',
    actions: [
      'Enable OAuth on the app (this project deploys it with `npm run deploy`), or pass --app-name with the app OneSpan should use.',
    ],
  },
  permissionMissing: {
    code: 'ViewClientSecretPermissionError',
    message: 'The user of %s may not read the consumer key and secret of %s (%s: %s).',
    actions: [
      'Give that user the user permissions "View Client Secret" and "External Client App Developer" (Setup → Permission Sets → New → System Permissions, then Manage Assignments), or log in with `sf org login web` as an administrator who has them.',
      'In a scratch org or sandbox, `npm run deploy -- --target-org <alias> --ci-permissions` deploys the permission set OSS_CI_Secret_Reader (both permissions) and assigns it to that user.',
      "Or set SF_CLIENT_ID and SF_CLIENT_SECRET yourself from the app's Consumer Key and Secret.",
    ],
  },
  secretAccessOff: {
    code: 'ConsumerSecretRestAccessOffError',
    message:
      'The org %s did not return the consumer key and secret of %s%s: the org setting "Allow access to External Client App consumer secrets via REST API" is off.',
    actions: [
      `${SECRET_SETTING}; Salesforce recommends turning it off again when you are done.`,
      'The reading user also needs the user permissions "View Client Secret" and "External Client App Developer" (Setup → Permission Sets → System Permissions).',
      'A scratch org created from config/project-scratch-def.json has it on (settings.externalClientAppSettings.enableClientSecretInRestApiAccess); an older scratch org needs the Setup switch or a new org.',
      "Or set SF_CLIENT_ID and SF_CLIENT_SECRET yourself from the app's Consumer Key and Secret.",
    ],
  },
});
