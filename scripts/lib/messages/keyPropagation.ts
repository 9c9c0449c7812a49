import { defineMessages } from './index';

/** Progress of the bounded wait for a new consumer key (register and smoke, --wait-for-key). */
export const keyPropagationText = {
  waiting: 'Waiting for the new consumer key to propagate, %s of %s (%s).',
} as const;

export const keyPropagationMessages = defineMessages({
  waitExceeded: {
    code: 'ConsumerKeyWaitExceededError',
    message: 'The consumer key still did not work after waiting %s (%s token requests). Last answer: %s',
    actions: [
      'If the app was created minutes ago, wait longer: --wait-for-key <minutes> (or OSS_WAIT_FOR_KEY_MINUTES); this run waited %s.',
    ],
  },
});
