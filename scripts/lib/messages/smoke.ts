import { defineMessages } from './index';

/** Step 5 of the guide automated: a DRAFT transaction whose PACKAGE_CREATE callback must reach the org. */
export const smokeMessages = defineMessages({
  waitInvalid: {
    code: 'FlagError',
    message: '--wait "%s" is not a whole number of seconds between %s and %s.',
    actions: ['Pass --wait in seconds, e.g. --wait 120.'],
    exitCode: 2,
  },
  createNotSubscribed: {
    code: 'SmokeEventNotSubscribedError',
    message:
      'The registration does not subscribe PACKAGE_CREATE (it has %s), so a new transaction would trigger no callback.',
    actions: ['Register with PACKAGE_CREATE among the events: npm run register -- --events %s,PACKAGE_CREATE'],
  },
  notReceived: {
    code: 'CallbackNotReceivedError',
    message:
      'No PACKAGE_CREATE for transaction %s reached OSS_Callback_Event__c within %s s; OneSpan could not deliver it, or it is slower than --wait.',
    actions: [
      'Run `npm run doctor` to find the broken part (token, Run As user, class access, registration, key).',
      'Check the callback failure e-mail OneSpan sends to the sender: it names the error, and its payload can be re-sent with `npm run replay`.',
      'If deliveries are just slow, raise --wait.',
    ],
  },
  deleteFailed: {
    code: 'SmokeCleanupWarning',
    message: 'The test transaction %s could not be deleted (%s); delete it in OneSpan Sign (Drafts).',
    actions: [],
  },
});
