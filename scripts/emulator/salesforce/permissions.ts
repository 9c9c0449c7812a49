/**
 * REST inserts of PermissionSetAssignment and PermissionSetLicenseAssign, as `sf org assign permset` and
 * `sf org assign permsetlicense` send them (`POST /sobjects/<type>` with the two Ids), including the platform's
 * licence rule: a user with the Salesforce Integration user licence may not be given a permission set with
 * standard-object permissions unless it holds the Salesforce API Integration permission set licence.
 */
import { json, type IncomingRequest, type OutgoingResponse } from '../http';
import { sameId } from './ids';
import type { OrgStore } from './store';

const INTEGRATION_LICENCE = 'Salesforce Integration';

/**
 * The platform's words: Setup shows `Can't assign permission set "<label>" to user "<name>". The user license
 * doesn't allow the permission: <permission>` (public reports of the free integration users). Over the REST API
 * the error code (FIELD_INTEGRITY_EXCEPTION here) and which permission it names for these sets are unconfirmed.
 */
const LICENCE_REFUSAL = (label: string, user: string): string =>
  `Can't assign permission set "${label}" to user "${user}". The user license doesn't allow the permission: Read User External Credentials`;

export function insertPermissionRecord(store: OrgStore, type: string, request: IncomingRequest): OutgoingResponse {
  const fields = parse(request.body);
  if (!fields)
    return json(400, [{ errorCode: 'JSON_PARSER_ERROR', message: 'The request body is not a JSON object.' }]);
  const assigneeId = typeof fields.AssigneeId === 'string' ? fields.AssigneeId : '';
  const user = store.userById(assigneeId);
  if (!user) return crossReference('AssigneeId', assigneeId);
  return type === 'permissionsetlicenseassign'
    ? assignLicence(store, user.Id, fields.PermissionSetLicenseId)
    : assignPermissionSet(store, user.Id, user.Name, fields.PermissionSetId);
}

function assignLicence(store: OrgStore, userId: string, licenceId: unknown): OutgoingResponse {
  const licence = [...store.permissionSetLicenses.values()].find(
    (candidate) => typeof licenceId === 'string' && sameId(candidate.Id, licenceId),
  );
  if (!licence) return crossReference('PermissionSetLicenseId', String(licenceId));
  if (store.hasLicence(userId, licence.Id)) return duplicate();
  store.assignLicence(userId, licence.DeveloperName);
  const created = store.licenceAssignments[store.licenceAssignments.length - 1];
  return json(201, { id: created.Id, success: true, errors: [] });
}

function assignPermissionSet(
  store: OrgStore,
  userId: string,
  userName: string,
  permissionSetId: unknown,
): OutgoingResponse {
  const permissionSet = [...store.permissionSets.values()].find(
    (candidate) => typeof permissionSetId === 'string' && sameId(candidate.Id, permissionSetId),
  );
  if (!permissionSet) return crossReference('PermissionSetId', String(permissionSetId));
  if (store.assignments.some((a) => sameId(a.AssigneeId, userId) && a.PermissionSetId === permissionSet.Id)) {
    return duplicate();
  }
  const user = store.userById(userId);
  const integrationUser = user !== undefined && store.userLicenseOf(user)?.Name === INTEGRATION_LICENCE;
  const psl = store.permissionSetLicense('SalesforceAPIIntegrationPsl');
  const hasPsl = psl !== undefined && store.hasLicence(userId, psl.Id);
  if (integrationUser && !hasPsl && store.standardObjectPermissionSets.has(permissionSet.Name)) {
    return json(400, [
      { errorCode: 'FIELD_INTEGRITY_EXCEPTION', message: LICENCE_REFUSAL(permissionSet.Label, userName), fields: [] },
    ]);
  }
  store.assign(userId, permissionSet.Name);
  const created = store.assignments[store.assignments.length - 1];
  return json(201, { id: created.Id, success: true, errors: [] });
}

function parse(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The text `sf org assign permsetlicense` recognises (it tests `startsWith('duplicate value found')`). */
function duplicate(): OutgoingResponse {
  return json(400, [
    {
      errorCode: 'DUPLICATE_VALUE',
      message: 'duplicate value found: <unknown> duplicates value on record with id: <unknown>',
      fields: [],
    },
  ]);
}

function crossReference(field: string, id: string): OutgoingResponse {
  return json(400, [
    { errorCode: 'INVALID_CROSS_REFERENCE_KEY', message: `invalid cross reference id: ${id}`, fields: [field] },
  ]);
}

export const PERMISSION_TYPES = new Set(['permissionsetassignment', 'permissionsetlicenseassign']);
