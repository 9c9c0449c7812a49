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
  oauthOnly: {
    code: 'OneSpanOAuthOnlyError',
    message:
      'OneSpan refused the API key for %s (HTTP %s): this account authenticates API calls with OAuth 2.0 client credentials only (%s).',
    actions: [
      'Use the OAuth mode: set ONESPAN_CLIENT_ID and ONESPAN_CLIENT_SECRET in the environment (OneSpan Sign → Admin → API Access → OAuth 2.0 client credentials) and unset ONESPAN_API_KEY.',
      'Or, if API keys should work, switch the account back under Admin → API Access → Authentication Settings (one mode is active at a time).',
    ],
  },
  tokenRefused: {
    code: 'OneSpanAuthError',
    message: 'OneSpan refused the OAuth 2.0 token for %s (HTTP 401%s).',
    actions: [
      'Check that ONESPAN_CLIENT_ID belongs to this environment (%s) and that its OAuth client may call the API (OneSpan Sign → Admin → API Access).',
    ],
  },
  oauthRefused: {
    code: 'OneSpanOAuthError',
    message: 'OneSpan refused the OAuth 2.0 client credentials at %s (HTTP %s: %s).',
    actions: [
      'Copy ONESPAN_CLIENT_ID and ONESPAN_CLIENT_SECRET again from OneSpan Sign → Admin → API Access (OAuth 2.0 client credentials), for this environment.',
      'Check that the account authenticates API calls with OAuth 2.0 client credentials; if it uses API keys, set ONESPAN_API_KEY instead and unset ONESPAN_CLIENT_ID and ONESPAN_CLIENT_SECRET.',
    ],
  },
  tokenEndpointNotFound: {
    code: 'OneSpanTokenEndpointError',
    message: 'OneSpan has no OAuth 2.0 token endpoint at %s (HTTP 404: %s).',
    actions: [
      'The token URL is derived from ONESPAN_API_URL / --onespan-url (the same host, /oauth2/token): OneSpan documents it for production; check the API URL of your environment, or ask OneSpan support for the token URL of your sandbox.',
      'Opening %s in a browser should not answer "not found".',
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
