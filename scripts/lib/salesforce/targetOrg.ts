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
}

export async function connectTargetOrg(aliasOrUsername: string): Promise<TargetOrgConnection> {
  try {
    const { Org } = await import('@salesforce/core');
    const org = await Org.create({ aliasOrUsername });
    const connection = org.getConnection();
    secrets.add(connection.accessToken ?? undefined);
    return {
      aliasOrUsername,
      username: org.getUsername(),
      instanceUrl: connection.instanceUrl.replace(/\/+$/, ''),
      query: async <T>(soql: string): Promise<T[]> =>
        (await connection.query<T & Record<string, unknown>>(soql)).records as T[],
      getJson: async <T>(path: string): Promise<T> => connection.request<T>({ method: 'GET', url: path }),
    };
  } catch (error) {
    throw createError(salesforceMessages.targetOrg, [aliasOrUsername, (error as Error).message], {
      actionArgs: [aliasOrUsername],
      cause: error,
    });
  }
}
