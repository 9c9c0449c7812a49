import { defineMessages } from './index';

/** Transport failures, shared by the Salesforce and OneSpan clients; the first `%s` names the service. */
export const httpMessages = defineMessages({
  unreachable: {
    code: 'ServiceUnreachableError',
    message: '%s did not answer %s (%s) after %s attempt(s).',
    // Each action is filled from the first argument on, so both take the URL first.
    actions: [
      'Check the URL (%s) and that this machine can reach it (VPN, proxy, firewall); behind a proxy, set HTTPS_PROXY (and NO_PROXY for hosts reached directly).',
      'If %s is slow to answer, raise --timeout (now %s ms: for the answer to start, then between two parts of it).',
    ],
  },
  unsendable: {
    code: 'RequestNotSendableError',
    message: '%s could not be sent %s: %s. Nothing reached the service.',
    actions: [
      'Check the settings that go into headers for characters other than printable ASCII (the OneSpan API key is base64, the consumer key letters, digits and . _): re-copy them, and save any .env file as UTF-8.',
    ],
    exitCode: 2,
  },
  unavailable: {
    code: 'ServiceUnavailableError',
    message: '%s answered HTTP %s to %s after %s attempt(s).',
    actions: [
      'The service is overloaded or in maintenance; try again in a few minutes.',
      'Check the service status page (Salesforce Trust / OneSpan status).',
    ],
  },
  notJson: {
    code: 'UnexpectedResponseError',
    message: '%s answered %s with HTTP %s and a body that is not the expected JSON (%s).',
    actions: ['Check that the URL (%s) points at the service itself and not at a proxy, login page or another site.'],
  },
});
