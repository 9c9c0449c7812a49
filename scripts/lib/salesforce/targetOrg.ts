/**
 * An org authorised in the sf CLI (--target-org): @salesforce/core finds it (the same stored auth and
 * alias resolution as `sf`), and a plain jsforce Connection over the project's transport talks to it.
 * Not @salesforce/core's own Connection: its `request` logs every request, body included, at debug
 * level into ~/.sf/sf-<date>.log, and its redaction does not know a Connect credential body or a
 * file; and its transport waits up to 30 minutes with 5 retries and reads HTTPS_PROXY without
 * NO_PROXY. The project's transport has the command's --timeout, its retries and undici's proxy
 * agent, and logs nothing. @salesforce/core still refreshes an expired sf CLI session (its stored
 * refresh token), asked through `refreshAuth` when Salesforce answers INVALID_SESSION_ID.
 * The library takes about a second to load, so it is imported only when a target org is given.
 */
import { DEFAULT_TIMEOUT_MS } from '../settings';
import { createError } from '../messages';
import { salesforceMessages } from '../messages/salesforce';
import { SecretValue } from '../secretValue';
import { secrets } from '../secrets';
import { SalesforceApi } from './connection';

export interface TargetOrgConnection {
  aliasOrUsername: string;
  username?: string;
  instanceUrl: string;
  query<T>(soql: string): Promise<T[]>;
  /** GET of a REST path (e.g. /services/data/v62.0/apps/oauth/usage) as the org's user; jsforce refreshes the session. */
  getJson<T>(path: string): Promise<T>;
  /** The REST API version the connection uses, e.g. "65.0". */
  apiVersion: string;
  /** Any REST call as the org's user (JSON answers parsed); errors are jsforce's, with errorCode. */
  request<T>(request: OrgRequest): Promise<T>;
}

export interface OrgRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path under the instance, e.g. /services/data/v65.0/sobjects/ContentVersion. */
  url: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export async function connectTargetOrg(
  aliasOrUsername: string,
  salesforce: SalesforceApi = new SalesforceApi(DEFAULT_TIMEOUT_MS),
): Promise<TargetOrgConnection> {
  try {
    const { Org } = await import('@salesforce/core');
    const org = await Org.create({ aliasOrUsername });
    const stored = org.getConnection();
    const apiVersion = stored.getApiVersion();
    const connection = await salesforce.userConnection({
      instanceUrl: stored.instanceUrl,
      accessToken: new SecretValue(stored.accessToken ?? ''),
      version: apiVersion,
      label: aliasOrUsername,
      refresh: async () => {
        await stored.refreshAuth();
        secrets.add(stored.accessToken ?? undefined);
        return new SecretValue(stored.accessToken ?? '');
      },
    });
    return adapt(connection, aliasOrUsername, org.getUsername(), apiVersion);
  } catch (error) {
    throw createError(salesforceMessages.targetOrg, [aliasOrUsername, (error as Error).message], {
      actionArgs: [aliasOrUsername],
      cause: error,
    });
  }
}

/**
 * The same as an sf CLI org, from an access token the caller already holds (the demo's administrator on
 * the emulated org): a plain jsforce Connection.
 */
export async function connectWithAccessToken(
  instanceUrl: string,
  accessToken: string,
  label: string,
  apiVersion: string,
  salesforce: SalesforceApi = new SalesforceApi(DEFAULT_TIMEOUT_MS),
): Promise<TargetOrgConnection> {
  const connection = await salesforce.userConnection({
    instanceUrl,
    accessToken: new SecretValue(accessToken),
    version: apiVersion,
    label,
  });
  return adapt(connection, label, undefined, apiVersion);
}

/** The methods of jsforce's Connection (which @salesforce/core's extends) the tooling uses. */
interface JsforceConnection {
  accessToken?: string | null;
  instanceUrl: string;
  query<T extends Record<string, unknown>>(soql: string): PromiseLike<{ records: T[] }>;
  request<T>(request: {
    method: OrgRequest['method'];
    url: string;
    body?: string | Buffer;
    headers?: Record<string, string>;
  }): PromiseLike<T>;
}

function adapt(
  connection: JsforceConnection,
  aliasOrUsername: string,
  username: string | undefined,
  apiVersion: string,
): TargetOrgConnection {
  secrets.add(connection.accessToken ?? undefined);
  return {
    aliasOrUsername,
    username,
    instanceUrl: connection.instanceUrl.replace(/\/+$/, ''),
    query: async <T>(soql: string): Promise<T[]> =>
      (await connection.query<T & Record<string, unknown>>(soql)).records as T[],
    getJson: async <T>(path: string): Promise<T> => connection.request<T>({ method: 'GET', url: path }),
    apiVersion,
    // jsforce hands the body to the transport as is (string or Buffer), so a multipart upload is sent unchanged.
    request: async <T>(request: OrgRequest): Promise<T> => connection.request<T>(request),
  };
}

export interface SalesforceFault {
  errorCode: string;
  message: string;
}

/** jsforce errors carry `errorCode` (the REST error's) and `message`; anything else is a transport failure. */
export function salesforceFault(error: unknown): SalesforceFault {
  const candidate = error as { errorCode?: unknown; name?: unknown; message?: unknown };
  const errorCode =
    typeof candidate.errorCode === 'string'
      ? candidate.errorCode
      : typeof candidate.name === 'string'
        ? candidate.name
        : 'Error';
  return { errorCode, message: typeof candidate.message === 'string' ? candidate.message : String(error) };
}
