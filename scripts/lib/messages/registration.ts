import { defineMessages } from './index';

/** Outcomes of register/verify that are not a single service's error. */
export const registrationMessages = defineMessages({
  notRegistered: {
    code: 'NotRegisteredError',
    message: 'No salesforceOauth2 callback is registered with OneSpan at %s.',
    actions: ['Run `npm run register` with the same settings.'],
  },
  mismatch: {
    code: 'RegistrationMismatchError',
    message: 'The callback registered with OneSpan does not match:\n%s',
    actions: ['Run `npm run register` with the same settings to replace it.'],
  },
  notVerified: {
    code: 'RegistrationNotVerifiedError',
    message: 'OneSpan accepted the registration, but reading it back shows differences:\n%s',
    actions: [
      'Run `npm run verify` in a minute; if the differences remain, contact OneSpan support with the output above.',
    ],
  },
  instanceMismatch: {
    code: 'InstanceUrlMismatchWarning',
    message: '--instance-url %s differs from the instance URL of --target-org %s (%s); the callback uses %s.',
    actions: [],
  },
  otherOrg: {
    code: 'RegistrationOfAnotherOrgError',
    message:
      'OneSpan has the callback of another org or receiver registered: %s. Registering %s would take its callbacks away (one OneSpan account holds one salesforceOauth2 registration). Nothing was sent.',
    actions: [
      'If %s should stop receiving callbacks, run register again with --replace.',
      'Otherwise use a OneSpan account of its own for each shared org (e.g. one for the team sandbox, another for CI scratch orgs).',
    ],
  },
  replacing: {
    code: 'ReplacingAnotherOrgWarning',
    message: '--replace: the registration of %s is replaced; that org stops receiving OneSpan callbacks.',
    actions: [],
  },
  keyNotComparable: {
    code: 'KeyNotComparableWarning',
    message:
      'OneSpan returned the registered key in a form that is not base64 JSON (masked with asterisks, for instance), so its host, client id and secret cannot be compared; the token request above is what OneSpan will do with them.',
    actions: [],
  },
  keyNotEchoed: {
    code: 'KeyNotEchoedWarning',
    message:
      'OneSpan does not return the registered key, so its host, client id and secret cannot be compared; the token request above is what OneSpan will do with them.',
    actions: [],
  },
});
