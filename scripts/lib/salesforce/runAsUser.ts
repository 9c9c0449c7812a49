/**
 * The Run As user of the Client Credentials Flow, as the guide wants it: active, API Enabled, and (this
 * project's least privilege) holding OSS_Callback_Integration. The token's identity URL names the user;
 * these queries read what Salesforce holds for it.
 */
import { soqlString } from './callbackEvents';
import { SoqlQuery } from './namespace';

export const INTEGRATION_PERMISSION_SET = 'OSS_Callback_Integration';

export interface RunAsUser {
  id: string;
  username: string;
  isActive: boolean;
  /** The profile's API Enabled (the guide's query); a permission set may grant it too. */
  profileApiEnabled: boolean;
  hasIntegrationPermissionSet: boolean;
}

interface UserRow {
  Id: string;
  Username: string;
  IsActive: boolean;
  Profile: { PermissionsApiEnabled?: boolean } | null;
}

export function runAsUserQuery(userId: string): string {
  return `SELECT Id, Username, IsActive, Profile.PermissionsApiEnabled FROM User WHERE Id = ${soqlString(userId)}`;
}

export function permissionSetAssignmentQuery(userId: string): string {
  return (
    'SELECT Id FROM PermissionSetAssignment ' +
    `WHERE AssigneeId = ${soqlString(userId)} AND PermissionSet.Name = ${soqlString(INTEGRATION_PERMISSION_SET)}`
  );
}

/** The user, or undefined when the query sees no such user. */
export async function findRunAsUser(query: SoqlQuery, userId: string): Promise<RunAsUser | undefined> {
  const [user] = await query<UserRow>(runAsUserQuery(userId));
  if (!user) {
    return undefined;
  }
  const assignments = await query<{ Id: string }>(permissionSetAssignmentQuery(userId));
  return {
    id: user.Id,
    username: user.Username,
    isActive: user.IsActive,
    profileApiEnabled: user.Profile?.PermissionsApiEnabled === true,
    hasIntegrationPermissionSet: assignments.length > 0,
  };
}

export type RunAsUserProblem = 'inactive' | 'apiDisabled' | 'noPermissionSet';

/**
 * What is wrong with the user. OSS_Callback_Integration grants API Enabled itself, so a profile without
 * it is only a problem when the permission set is missing too.
 */
export function runAsUserProblems(user: RunAsUser): RunAsUserProblem[] {
  const problems: RunAsUserProblem[] = [];
  if (!user.isActive) {
    problems.push('inactive');
  }
  if (!user.profileApiEnabled && !user.hasIntegrationPermissionSet) {
    problems.push('apiDisabled');
  }
  if (!user.hasIntegrationPermissionSet) {
    problems.push('noPermissionSet');
  }
  return problems;
}
