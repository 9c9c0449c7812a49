import { defineMessages } from './index';

/** Lines of `npm run ci-registration` that are not errors. */
export const ciRegistrationText = {
  sandbox: 'sandbox (%s)',
  allowedNonSandbox: '%s is not a OneSpan sandbox host; going on because %s=true',
  nothingRegistered: 'nothing: no callback was registered',
  leftoverScratchOrg: 'nothing: the callback points at a scratch org of an earlier run',
  keyChecked: 'the restore credentials match the key OneSpan holds',
  keyUnchecked: 'OneSpan did not echo a readable key, so the restore credentials could not be checked',
  keyUncheckedWarning:
    'OneSpan did not echo a readable key: %s and %s could not be checked before the takeover; a wrong pair is only found when the restore step fails.',
  nothingToRestore: 'nothing recorded to give back',
} as const;

/** CI safety around `register`: sandbox only, and give the account's callback back. */
export const ciRegistrationMessages = defineMessages({
  notSandbox: {
    code: 'OneSpanNotSandboxError',
    message:
      "CI refuses to register with %s: it is not a OneSpan sandbox host (%s), and each run takes over the account's one callback, which would take events away from a production org.",
    actions: [
      'Point ONESPAN_API_URL (a repository or environment variable) at the sandbox of a OneSpan account dedicated to CI.',
      'Only if this account really is a test account on another host: set the variable %s=true.',
    ],
  },
  takeoverRefused: {
    code: 'CallbackTakeoverRefusedError',
    message:
      'The OneSpan account sends its callbacks to %s, another org. This run would take them over and could not give them back.',
    actions: [
      'Best: give CI a OneSpan account (sandbox) of its own, used by nothing else.',
      "Or let CI give the callback back after each run: set %s (variable) and %s (secret) to that org's External Client App consumer key and secret.",
    ],
  },
  restoreCredentialsMismatch: {
    code: 'RestoreCredentialsMismatchError',
    message: 'The restore credentials do not match the key OneSpan holds for %s:\n%s',
    actions: [
      "Set %s and %s to the consumer key and secret of that org's External Client App (after a rotation, the new ones).",
    ],
  },
  restoreCredentialsMissing: {
    code: 'RestoreCredentialsMissingError',
    message: 'Cannot give the callback back to %s: the restore credentials are not set.',
    actions: ["Set %s (variable) and %s (secret) to that org's consumer key and secret, then re-run the job."],
  },
  restoreUrlInvalid: {
    code: 'RestoreInputError',
    message: '%s is not a URL: "%s".',
    actions: ["Pass the record step's restore-url output unchanged."],
  },
  restoreEventsInvalid: {
    code: 'RestoreInputError',
    message: '%s is not a list of OneSpan events: %s.',
    actions: ["Pass the record step's restore-events output unchanged."],
  },
  restoreNotVerified: {
    code: 'RestoreNotVerifiedError',
    message: 'OneSpan accepted the restored callback, but reading it back differs:\n%s',
    actions: [
      'Run `npm run verify` against the org the callback belongs to, and register it again from there if needed.',
    ],
  },
});
