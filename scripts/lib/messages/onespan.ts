import { defineMessages } from './index';

/** OneSpan API failures; bodies are {code, messageKey, message, technical, name} (onespan.md §5). */
export const oneSpanMessages = defineMessages({
  unauthorized: {
    code: 'OneSpanAuthError',
    message: 'OneSpan refused the API key for %s (HTTP 401%s).',
    actions: [
      'Copy ONESPAN_API_KEY again from OneSpan Sign → Admin → API Access, exactly as shown (it is already base64; do not encode it again).',
      'Check that the key belongs to this environment (%s): a sandbox key does not work on production, nor a US key in another region.',
      'Check that the account authenticates API calls with the API key: when OAuth 2.0 Client Credentials is selected under Admin → API Access, API keys are refused.',
    ],
  },
  forbidden: {
    code: 'OneSpanForbiddenError',
    message: 'OneSpan does not allow %s for this API key (HTTP 403%s).',
    actions: ['Use the API key of an account owner or manager (callback settings are account-wide).'],
  },
  validation: {
    code: 'OneSpanValidationError',
    message: 'OneSpan rejected %s: %s',
    actions: ['Correct the value OneSpan names above and run the command again.'],
  },
  notFound: {
    code: 'OneSpanNotFoundError',
    message: 'OneSpan answered HTTP 404 to %s: %s',
    actions: [
      'Check ONESPAN_API_URL / --onespan-url (now %s): it must be the API base of your environment, ending in /api.',
    ],
  },
  apiError: {
    code: 'OneSpanApiError',
    message: 'OneSpan answered HTTP %s to %s: %s',
    actions: [
      'Run the command again; if it keeps failing, check the OneSpan status page or contact OneSpan support with the message above.',
    ],
  },
});
