/**
 * The Run As user rule of `npm run deploy`, checked against the org before anything is deployed: outside
 * scratch orgs the user must exist, be active, and hold neither "Modify All Data" nor "Author Apex" unless
 * the person deploying says `--allow-admin-run-as`. Deploying first would only fail later inside the
 * policies step ("Enter a valid execution user") or, worse, succeed with an administrator behind OneSpan's
 * token.
 */
import { createError, formatMessage } from '../messages';
import { deployMessages, deployText } from '../messages/deploy';
import type { SoqlQuery } from '../salesforce/namespace';
import { describeGrants, readRunAsPrivileges, type RunAsPrivileges } from '../salesforce/runAsPrivileges';
import type { ResolvedValue } from './settings';

export interface RunAsVerdict {
  privileges: RunAsPrivileges;
  /** Set when an administrator is allowed by the flag: the caller shows it as a warning. */
  warning?: string;
}

export async function checkRunAsUser(
  query: SoqlQuery,
  runAs: ResolvedValue,
  allowAdmin: boolean,
): Promise<RunAsVerdict> {
  const privileges = await readRunAsPrivileges(query, { username: runAs.value });
  if (!privileges || !privileges.isActive) {
    throw createError(deployMessages.runAsUserNotFound, [runAs.value, runAs.origin]);
  }
  if (privileges.grants.length === 0) {
    return { privileges };
  }
  const granted = describeGrants(privileges.grants);
  if (!allowAdmin) {
    throw createError(deployMessages.adminRunAsUser, [privileges.username, granted], {
      data: { grants: privileges.grants },
    });
  }
  return { privileges, warning: formatMessage(deployText.adminRunAsAllowed, [privileges.username, granted]) };
}
