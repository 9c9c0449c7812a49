import { defineMessages } from './index';

/** Transport failures, shared by the Salesforce and OneSpan clients; the first `%s` names the service. */
export const httpMessages = defineMessages({
  unreachable: {
    code: 'ServiceUnreachableError',
    message: '%s did not answer %s (%s) after %s attempt(s).',
    actions: [
      'Check the URL (%s) and that this machine can reach it (VPN, proxy, firewall).',
      'If the service is slow, raise --timeout (now %s ms).',
    ],
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
