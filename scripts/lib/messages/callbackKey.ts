/**
 * What can be wrong with a callback key (the base64 JSON OneSpan keeps for the salesforceOauth2
 * connector), each with its fix. Used on keys OneSpan echoes back and on keys users paste.
 */
export const callbackKeyProblems = {
  whitespace: {
    message: 'the key contains line breaks or spaces (the Linux base64 command wraps at 76 characters)',
    fix: 'Encode the key on one line (base64 -w 0 on Linux), or let `npm run register` build it.',
  },
  notBase64: {
    message: 'the key is not standard base64',
    fix: 'Register again with `npm run register`, which encodes the key itself.',
  },
  notJson: {
    message: 'the decoded key is not JSON',
    fix: 'The key must be base64 of {"host":...,"client_id":...,"client_secret":...}; register again with `npm run register`.',
  },
  notObject: {
    message: 'the decoded key is JSON but not an object',
    fix: 'The key must be base64 of {"host":...,"client_id":...,"client_secret":...}; register again with `npm run register`.',
  },
  missingHost: {
    message: 'the key has no "host"',
    fix: 'Include "host" with the My Domain host, e.g. yourcompany.my.salesforce.com.',
  },
  missingClientId: {
    message: 'the key has no "client_id"',
    fix: 'Include "client_id" with the External Client App consumer key.',
  },
  missingClientSecret: {
    message: 'the key has no "client_secret"',
    fix: 'Include "client_secret" with the External Client App consumer secret.',
  },
  refreshToken: {
    message: 'the registered key uses the Refresh Token Flow (refresh_token)',
    fix: 'Run `npm run register` to migrate to the Client Credentials Flow (client_secret instead of refresh_token).',
  },
  schemeInHost: {
    message: 'the key\'s host "%s" includes a scheme',
    fix: 'The guide says to give the host without https:// (e.g. %s); register again with `npm run register`.',
  },
  pathInHost: {
    message: 'the key\'s host "%s" includes a path',
    fix: 'Give only the My Domain host (e.g. %s); register again with `npm run register`.',
  },
} as const;
