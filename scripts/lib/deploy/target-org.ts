/**
 * The org the deploy targets, read from the sf CLI's stored authorisations: its username is the default
 * Run As user in a scratch org, and a missing authorisation is reported here, before any step runs.
 * Whether it is a scratch org comes from @salesforce/core's `Org.determineIfScratch()`: the value the sf
 * CLI stored when it created the org, else `Organization.IsSandbox && TrialExpirationDate != null` (a
 * sandbox has no trial expiration date, a scratch org always has one), the rule the sf CLI itself uses.
 */
import { OssError } from '../errors';
import { createError } from '../messages';
import { deployMessages } from '../messages/deploy';
import type { SoqlQuery } from '../salesforce/namespace';
import { secrets } from '../secrets';

export interface TargetOrg {
  /** As the user named it, or the resolved username when sf's default org was used. */
  aliasOrUsername: string;
  username: string;
  isScratch: boolean;
  /** SOQL as the target org's user (an administrator: it deploys metadata). */
  query: SoqlQuery;
}

const NOT_FOUND = new Set(['NamedOrgNotFoundError', 'NoAuthInfoFound', 'AuthInfoNotFoundError']);
const NO_DEFAULT = new Set(['NoUsernameFoundError', 'NoDefaultEnvError']);

export async function resolveTargetOrg(aliasOrUsername: string | undefined): Promise<TargetOrg> {
  // Loaded on demand: @salesforce/core takes a while to import, and flag errors should not wait for it.
  const { Org } = await import('@salesforce/core');
  try {
    const org = await Org.create(aliasOrUsername ? { aliasOrUsername } : {});
    const username = org.getUsername();
    if (!username) {
      throw createError(deployMessages.noTargetOrg);
    }
    const isScratch = await org.determineIfScratch();
    const connection = org.getConnection();
    secrets.add(connection.accessToken ?? undefined);
    const query: SoqlQuery = async <T>(soql: string): Promise<T[]> =>
      (await connection.query<T & Record<string, unknown>>(soql)).records as T[];
    return { aliasOrUsername: aliasOrUsername ?? username, username, isScratch, query };
  } catch (error) {
    throw explainOrgError(error, aliasOrUsername);
  }
}

/** Maps what @salesforce/core throws for a missing or unreadable authorisation to its fix. */
export function explainOrgError(error: unknown, aliasOrUsername: string | undefined): unknown {
  if (error instanceof OssError) {
    return error;
  }
  const name = error instanceof Error ? error.name : '';
  if (NOT_FOUND.has(name) && aliasOrUsername) {
    return createError(deployMessages.targetOrgNotFound, [aliasOrUsername], {
      actionArgs: [aliasOrUsername, aliasOrUsername],
      cause: error,
    });
  }
  if (NOT_FOUND.has(name) || NO_DEFAULT.has(name)) {
    return createError(deployMessages.noTargetOrg, [], { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return createError(deployMessages.targetOrgUnreadable, [aliasOrUsername ?? '(default org)', reason], {
    actionArgs: [aliasOrUsername ?? 'my-org'],
    cause: error,
  });
}
