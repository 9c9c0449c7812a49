/**
 * The Client Credentials token, requested exactly as OneSpan will request it for each callback:
 * POST <My Domain>/services/oauth2/token with grant_type, client_id and client_secret as form fields
 * and no scope (Salesforce refuses one). If this fails, OneSpan's callbacks fail the same way, so each
 * OAuth error is explained through the troubleshooting table.
 */
import { OssError } from '../errors';
import { isRetryableStatus } from '../http/request';
import { createError, formatMessage } from '../messages';
import { salesforceMessages } from '../messages/salesforce';
import { findTroubleshooting } from '../messages/troubleshooting';
import { SecretValue } from '../secretValue';
import { RenewableToken, SalesforceApi } from './connection';

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

export function tokenUrl(instanceUrl: string): string {
  return `${instanceUrl}/services/oauth2/token`;
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

/**
 * jsforce's OAuth2 sends grant_type, client_id and client_secret as form fields, and nothing else (no
 * `scope`, no `redirect_uri` since none is configured): exactly OneSpan's request.
 */
export async function getClientCredentialsToken(
  salesforce: SalesforceApi,
  credentials: ClientCredentials,
): Promise<ClientCredentialsToken> {
  const transport = salesforce.transport({
    what: 'the client-credentials token request',
    // A server error says nothing about the URL: the endpoint exists and failed, so it is not a wrong host.
    isUnavailable: (response) => isRetryableStatus(response.status) || response.status >= 500,
  });
  const oauth2 = await salesforce.oauth2(
    credentials.instanceUrl,
    credentials.clientId,
    credentials.clientSecret,
    transport,
  );
  const endpointMissing = (): OssError => {
    const status = transport.last?.response.status;
    return createError(salesforceMessages.tokenEndpointMissing, [credentials.instanceUrl, status], {
      data: { service: 'Salesforce', status },
    });
  };
  let body: { access_token?: unknown; instance_url?: unknown; id?: unknown; scope?: unknown; error?: unknown };
  try {
    // jsforce returns undefined for a success answer that is not JSON.
    body = ((await oauth2.requestToken({ grant_type: 'client_credentials' })) ?? {}) as typeof body;
  } catch (error) {
    if (error instanceof OssError) {
      throw error;
    }
    if ((transport.last?.response.status ?? 0) < 400) {
      throw OssError.wrap(error);
    }
    // jsforce names its error after the body's `error`, or ERROR_HTTP_<status> when the body is not JSON.
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof name === 'string' && !name.startsWith('ERROR_HTTP_')) {
      throw oauthError(credentials.instanceUrl, name, typeof message === 'string' ? message : '');
    }
    throw endpointMissing();
  }
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    if (typeof body.error === 'string') {
      throw oauthError(
        credentials.instanceUrl,
        body.error,
        String((body as { error_description?: unknown }).error_description ?? ''),
      );
    }
    throw endpointMissing();
  }
  return {
    accessToken: new SecretValue(body.access_token),
    instanceUrl: (typeof body.instance_url === 'string' ? body.instance_url : credentials.instanceUrl).replace(
      /\/+$/,
      '',
    ),
    ...parseIdentityUrl(typeof body.id === 'string' ? body.id : undefined),
    scope: (typeof body.scope === 'string' ? body.scope : '').split(/\s+/).filter(Boolean),
  };
}

/**
 * The client-credentials token of a run, renewable: Salesforce ends a session after the org's session
 * timeout, and a long run (reconcile over many pages, a large replay) must not fail every request
 * after that. A renewal is the same grant again; renewals asked for at once share one request.
 */
export class ClientCredentialsSession implements RenewableToken {
  private pending?: Promise<SecretValue>;

  public constructor(
    private current: ClientCredentialsToken,
    private readonly mint: () => Promise<ClientCredentialsToken>,
  ) {}

  public get token(): ClientCredentialsToken {
    return this.current;
  }

  public get accessToken(): SecretValue {
    return this.current.accessToken;
  }

  public renew(): Promise<SecretValue> {
    this.pending ??= this.mint()
      .then((token) => {
        this.current = token;
        return token.accessToken;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}
