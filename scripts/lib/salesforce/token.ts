/**
 * The Client Credentials token, requested exactly as OneSpan will request it for each callback:
 * POST <My Domain>/services/oauth2/token with grant_type, client_id and client_secret as form fields
 * and no scope (Salesforce refuses one). If this fails, OneSpan's callbacks fail the same way, so each
 * OAuth error is explained through the troubleshooting table.
 */
import { OssError } from '../errors';
import { isRetryableStatus, unavailableError } from '../http/request';
import { createError, formatMessage } from '../messages';
import { salesforceMessages } from '../messages/salesforce';
import { findTroubleshooting } from '../messages/troubleshooting';
import { SecretValue } from '../secretValue';
import { SalesforceClient } from './http';

export interface ClientCredentials {
  instanceUrl: string;
  clientId: string;
  clientSecret: SecretValue;
}

export interface ClientCredentialsToken {
  accessToken: SecretValue;
  /** instance_url of the answer: where REST calls go. */
  instanceUrl: string;
  orgId?: string;
  /** The Run As user, from the identity URL. */
  userId?: string;
  scope: string[];
}

interface TokenSuccessBody {
  access_token?: string;
  instance_url?: string;
  id?: string;
  scope?: string;
}

interface TokenErrorBody {
  error?: string;
  error_description?: string;
}

export function tokenUrl(instanceUrl: string): string {
  return `${instanceUrl}/services/oauth2/token`;
}

/** The form OneSpan sends; no `scope` on purpose. */
export function tokenRequestForm({ clientId, clientSecret }: ClientCredentials): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret.reveal(),
  });
}

/** Turns an OAuth error body into the error of its troubleshooting row (or a generic one). */
export function oauthError(instanceUrl: string, error: string, description: string): OssError {
  const row = findTroubleshooting('token', error, description);
  const data = { service: 'Salesforce', oauthError: error, description, troubleshooting: row?.id };
  if (!row) {
    return createError(salesforceMessages.tokenRefused, [tokenUrl(instanceUrl), error, description], { data });
  }
  return new OssError({
    code: row.code,
    message: formatMessage(salesforceMessages.tokenRefusedKnown.message, [
      tokenUrl(instanceUrl),
      error,
      description,
      row.cause,
    ]),
    actions: [...row.fix],
    data,
  });
}

/** `https://login.salesforce.com/id/<orgId>/<userId>` → the two Ids. */
export function parseIdentityUrl(id: string | undefined): { orgId?: string; userId?: string } {
  const match = /\/id\/([^/]+)\/([^/?#]+)/.exec(id ?? '');
  return match ? { orgId: match[1], userId: match[2] } : {};
}

export async function getClientCredentialsToken(
  client: SalesforceClient,
  credentials: ClientCredentials,
): Promise<ClientCredentialsToken> {
  const url = tokenUrl(credentials.instanceUrl);
  const what = 'the client-credentials token request';
  const response = await client.postForm(url, tokenRequestForm(credentials), what);
  // A server error says nothing about the URL: the endpoint exists and failed, so it is not a wrong host.
  if (isRetryableStatus(response.status) || response.status >= 500) {
    throw unavailableError('Salesforce', { method: 'POST', url, what, idempotent: true }, response);
  }
  let body: TokenSuccessBody & TokenErrorBody;
  try {
    body = JSON.parse(response.body) as TokenSuccessBody & TokenErrorBody;
  } catch {
    throw createError(salesforceMessages.tokenEndpointMissing, [credentials.instanceUrl, response.status], {
      data: { service: 'Salesforce', status: response.status },
    });
  }
  if (response.status !== 200 || !body.access_token) {
    if (typeof body.error === 'string') {
      throw oauthError(credentials.instanceUrl, body.error, String(body.error_description ?? ''));
    }
    throw createError(salesforceMessages.tokenEndpointMissing, [credentials.instanceUrl, response.status], {
      data: { service: 'Salesforce', status: response.status },
    });
  }
  return {
    accessToken: new SecretValue(body.access_token),
    instanceUrl: (body.instance_url ?? credentials.instanceUrl).replace(/\/+$/, ''),
    ...parseIdentityUrl(body.id),
    scope: (body.scope ?? '').split(/\s+/).filter(Boolean),
  };
}
