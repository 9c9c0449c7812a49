/**
 * Whether the Run As user is an administrator. The client-credentials token OneSpan holds acts as that
 * user with the `api` scope, so a user with "Modify All Data" or "Author Apex" hands OneSpan (and anyone
 * who obtains the callback key) full API access to the org; Salesforce documents the Run As user as an
 * API-only integration user. Deploy refuses such a user outside scratch orgs and doctor warns about it.
 *
 * Both places a permission can come from are read: the profile (Profile.Permissions*), and every assigned
 * permission set or permission set group (PermissionSetAssignment.PermissionSet.Permissions*; a group's
 * assignment points at its aggregate permission set). Salesforce also lists the profile's own permission
 * set among the assignments; reading the profile directly keeps the answer right whether it does or not.
 */
import { soqlString } from './callbackEvents';
import type { SoqlQuery } from './namespace';

/** User permissions that make a Run As user an administrator, by API name (PermissionSet.Permissions<Name>). */
export const ADMIN_PERMISSIONS = {
  ModifyAllData: 'Modify All Data',
  AuthorApex: 'Author Apex',
} as const;

export type AdminPermission = keyof typeof ADMIN_PERMISSIONS;

export interface AdminGrant {
  permission: AdminPermission;
  /** Where it comes from, as Setup names it: `profile "System Administrator"` or `permission set "X"`. */
  source: string;
}

export interface RunAsPrivileges {
  id: string;
  username: string;
  isActive: boolean;
  profileName: string | null;
  grants: AdminGrant[];
}

type PermissionFields = Partial<Record<`Permissions${AdminPermission}`, boolean | null>>;

interface UserRow {
  Id: string;
  Username: string;
  IsActive: boolean;
  Profile: ({ Name?: string | null } & PermissionFields) | null;
}

interface AssignmentRow {
  PermissionSet:
    ({ Name?: string | null; Label?: string | null; IsOwnedByProfile?: boolean | null } & PermissionFields) | null;
}

const PERMISSION_NAMES = Object.keys(ADMIN_PERMISSIONS) as AdminPermission[];
const permissionFields = (relationship: string): string =>
  PERMISSION_NAMES.map((name) => `${relationship}.Permissions${name}`).join(', ');

export type UserFilter = { username: string } | { userId: string };

export function privilegedUserQuery(filter: UserFilter): string {
  const where =
    'username' in filter ? `Username = ${soqlString(filter.username)}` : `Id = ${soqlString(filter.userId)}`;
  return `SELECT Id, Username, IsActive, Profile.Name, ${permissionFields('Profile')} FROM User WHERE ${where}`;
}

export function privilegedAssignmentsQuery(userId: string): string {
  return (
    `SELECT PermissionSet.Name, PermissionSet.Label, PermissionSet.IsOwnedByProfile, ${permissionFields('PermissionSet')} ` +
    `FROM PermissionSetAssignment WHERE AssigneeId = ${soqlString(userId)}`
  );
}

/** The admin permissions of a user, from its profile and its assignments; pure, so every source is tested. */
export function adminGrants(user: UserRow, assignments: readonly AssignmentRow[]): AdminGrant[] {
  const grants: AdminGrant[] = [];
  const add = (fields: PermissionFields | null, source: string): void => {
    for (const permission of PERMISSION_NAMES) {
      const granted = fields?.[`Permissions${permission}`] === true;
      if (granted && !grants.some((grant) => grant.permission === permission && grant.source === source)) {
        grants.push({ permission, source });
      }
    }
  };
  const profileSource = `profile "${user.Profile?.Name ?? 'unknown'}"`;
  add(user.Profile, profileSource);
  for (const { PermissionSet: permissionSet } of assignments) {
    if (!permissionSet) {
      continue;
    }
    const source = permissionSet.IsOwnedByProfile
      ? profileSource
      : `permission set "${permissionSet.Label ?? permissionSet.Name ?? 'unknown'}"`;
    add(permissionSet, source);
  }
  return grants;
}

/** The user and its admin grants, or undefined when no such user is visible to `query`. */
export async function readRunAsPrivileges(query: SoqlQuery, filter: UserFilter): Promise<RunAsPrivileges | undefined> {
  const [user] = await query<UserRow>(privilegedUserQuery(filter));
  if (!user) {
    return undefined;
  }
  const assignments = await query<AssignmentRow>(privilegedAssignmentsQuery(user.Id));
  return {
    id: user.Id,
    username: user.Username,
    isActive: user.IsActive,
    profileName: user.Profile?.Name ?? null,
    grants: adminGrants(user, assignments),
  };
}

/** "Modify All Data (profile "System Administrator"), Author Apex (…)" for messages. */
export function describeGrants(grants: readonly AdminGrant[]): string {
  return grants.map((grant) => `${ADMIN_PERMISSIONS[grant.permission]} (${grant.source})`).join(', ');
}
