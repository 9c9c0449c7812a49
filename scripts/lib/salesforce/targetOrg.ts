/**
 * An org authorised in the sf CLI (--target-org), through @salesforce/core: the same stored auth and
 * alias resolution as `sf`. The library takes about a second to load, so it is imported only when a
 * target org is given.
 */
import { createError } from '../messages';
import { salesforceMessages } from '../messages/salesforce';
import { secrets } from '../secrets';

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

export async function connectTargetOrg(aliasOrUsername: string): Promise<TargetOrgConnection> {
  try {
    const { Org } = await import('@salesforce/core');
    const org = await Org.create({ aliasOrUsername });
    const connection = org.getConnection();
    return adapt(connection, aliasOrUsername, org.getUsername(), connection.getApiVersion());
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
): Promise<TargetOrgConnection> {
  const { Connection } = await import('jsforce');
  return adapt(new Connection({ instanceUrl, accessToken, version: apiVersion }), label, undefined, apiVersion);
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
    // jsforce hands the body to its transport as is (HttpBody: string or Buffer), so a multipart upload is sent unchanged.
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
