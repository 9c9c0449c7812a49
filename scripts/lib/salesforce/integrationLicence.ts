/**
 * The licence rule of the recommended Run As user. A user with the "Salesforce Integration" user licence may hold
 * a permission set that grants standard-object permissions (OSS_Callback_Integration grants ContentVersion field
 * access and read on UserExternalCredential, for the archiving handler) only after the "Salesforce API
 * Integration" permission set licence is assigned to it; without it Salesforce refuses the assignment (Salesforce
 * help "Give Integration Users API Only Access"; reference salesforce.md, last section). Deploy reads this to
 * assign the licence first, doctor to say when it is missing.
 */
import { soqlString } from './callbackEvents';
import type { SoqlQuery } from './namespace';

/**
 * The user licence's Name as Setup shows it. Whether `UserLicense.Name` or only `MasterLabel` holds exactly this
 * text is unconfirmed, so both are compared, case-insensitively.
 */
export const INTEGRATION_USER_LICENCE = 'Salesforce Integration';

/** PermissionSetLicense.DeveloperName (label "Salesforce API Integration"), as `sf org assign permsetlicense` takes it. */
export const API_INTEGRATION_PSL = 'SalesforceAPIIntegrationPsl';

export interface IntegrationLicence {
  username: string | null;
  /** The user licence's name, or null when it could not be read. */
  userLicence: string | null;
  /** True when the user holds the Salesforce Integration user licence. */
  integrationUser: boolean;
  hasApiIntegrationPsl: boolean;
  /** True when the permission set licence must be assigned before OSS_Callback_Integration. */
  needsPsl: boolean;
}

export function userLicenceIdQuery(userId: string): string {
  return `SELECT Id, Username, Profile.UserLicenseId FROM User WHERE Id = ${soqlString(userId)}`;
}

export function userLicenceQuery(licenceId: string): string {
  return `SELECT Id, Name, MasterLabel FROM UserLicense WHERE Id = ${soqlString(licenceId)}`;
}

export function pslAssignmentQuery(userId: string): string {
  return (
    'SELECT Id FROM PermissionSetLicenseAssign ' +
    `WHERE AssigneeId = ${soqlString(userId)} AND PermissionSetLicense.DeveloperName = ${soqlString(API_INTEGRATION_PSL)}`
  );
}

/** Pure, so every combination is tested without an org. */
export function integrationLicence(
  licence: { Name?: string | null; MasterLabel?: string | null } | undefined,
  pslAssignments: number,
  username: string | null = null,
): IntegrationLicence {
  const names = [licence?.Name, licence?.MasterLabel].filter((name): name is string => typeof name === 'string');
  const integrationUser = names.some((name) => name.toLowerCase() === INTEGRATION_USER_LICENCE.toLowerCase());
  const hasApiIntegrationPsl = pslAssignments > 0;
  return {
    username,
    userLicence: names[0] ?? null,
    integrationUser,
    hasApiIntegrationPsl,
    needsPsl: integrationUser && !hasApiIntegrationPsl,
  };
}

/** Three small queries (one relationship level each), readable by an admin through the sf CLI org. */
export async function readIntegrationLicence(query: SoqlQuery, userId: string): Promise<IntegrationLicence> {
  const [user] = await query<{ Username?: string; Profile: { UserLicenseId?: string | null } | null }>(
    userLicenceIdQuery(userId),
  );
  const licenceId = user?.Profile?.UserLicenseId;
  const [licence] = licenceId
    ? await query<{ Name?: string | null; MasterLabel?: string | null }>(userLicenceQuery(licenceId))
    : [];
  const assignments = await query<{ Id: string }>(pslAssignmentQuery(userId));
  return integrationLicence(licence, assignments.length, user?.Username ?? null);
}
