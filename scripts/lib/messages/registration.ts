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
  keyNotEchoed: {
    code: 'KeyNotEchoedWarning',
    message:
      'OneSpan does not return the registered key, so its host, client id and secret cannot be compared; the token request above is what OneSpan will do with them.',
    actions: [],
  },
});
