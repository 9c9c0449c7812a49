/**
 * The sObjects the emulated org exposes to SOQL, with their fields, lookup relationships and rows.
 * Field and object names are the platform's API names (case-insensitive in queries, returned in
 * canonical case, as the REST API does). Only the fields the project's tooling and the sf CLI read
 * are modelled; anything else is an unknown field (INVALID_FIELD), never an invented value.
 */
import { customFields } from './metadata';
import { CALLBACK_CLASS_NAME, type OrgStore } from './store';

export type FieldType = 'id' | 'reference' | 'string' | 'boolean' | 'datetime' | 'date' | 'double';

export interface FieldDef {
  name: string;
  type: FieldType;
}

export interface RelationshipDef {
  name: string;
  foreignKey: string;
  target: string;
}

export type Row = Record<string, unknown>;

export interface ObjectDef {
  name: string;
  keyPrefix: string | null;
  fields: FieldDef[];
  relationships: RelationshipDef[];
  rows(store: OrgStore): Row[];
  /**
   * Rows a query returns only when its WHERE names them by one of `idFields` (= or IN), or when
   * `listed` says the querying user may list them.
   */
  restricted?: { idFields: string[]; listed(row: Row, store: OrgStore, userId: string): boolean };
}

const f = (name: string, type: FieldType): FieldDef => ({ name, type });

const OBJECTS: ObjectDef[] = [
  {
    name: 'ApexClass',
    keyPrefix: '01p',
    fields: [
      f('Id', 'id'),
      f('Name', 'string'),
      f('NamespacePrefix', 'string'),
      f('Status', 'string'),
      f('ApiVersion', 'double'),
      f('IsValid', 'boolean'),
    ],
    relationships: [],
    rows: (store) =>
      store.classDeployed
        ? [
            {
              Id: store.apexClassId,
              Name: CALLBACK_CLASS_NAME,
              NamespacePrefix: store.namespacePrefix,
              Status: 'Active',
              ApiVersion: 65.0,
              IsValid: true,
            },
          ]
        : [],
  },
  {
    name: 'User',
    keyPrefix: '005',
    fields: [
      f('Id', 'id'),
      f('Username', 'string'),
      f('Name', 'string'),
      f('LastName', 'string'),
      f('Email', 'string'),
      f('IsActive', 'boolean'),
      f('ProfileId', 'reference'),
      f('UserType', 'string'),
      f('CreatedDate', 'datetime'),
    ],
    relationships: [{ name: 'Profile', foreignKey: 'ProfileId', target: 'Profile' }],
    rows: (store) => [...store.users.values()].map((u) => ({ ...u })),
  },
  {
    name: 'Profile',
    keyPrefix: '00e',
    fields: [
      f('Id', 'id'),
      f('Name', 'string'),
      f('PermissionsApiEnabled', 'boolean'),
      f('PermissionsModifyAllData', 'boolean'),
      f('PermissionsAuthorApex', 'boolean'),
      f('UserLicenseId', 'reference'),
    ],
    relationships: [{ name: 'UserLicense', foreignKey: 'UserLicenseId', target: 'UserLicense' }],
    rows: (store) => [...store.profiles.values()].map((p) => ({ ...p })),
  },
  {
    name: 'UserLicense',
    keyPrefix: '100',
    fields: [f('Id', 'id'), f('Name', 'string'), f('MasterLabel', 'string')],
    relationships: [],
    rows: (store) => [...store.userLicenses.values()].map((l) => ({ ...l })),
  },
  {
    name: 'PermissionSetLicense',
    keyPrefix: '0PL',
    fields: [f('Id', 'id'), f('DeveloperName', 'string'), f('MasterLabel', 'string')],
    relationships: [],
    rows: (store) => [...store.permissionSetLicenses.values()].map((l) => ({ ...l })),
  },
  {
    name: 'PermissionSetLicenseAssign',
    keyPrefix: '2LA',
    fields: [f('Id', 'id'), f('AssigneeId', 'reference'), f('PermissionSetLicenseId', 'reference')],
    relationships: [
      { name: 'Assignee', foreignKey: 'AssigneeId', target: 'User' },
      { name: 'PermissionSetLicense', foreignKey: 'PermissionSetLicenseId', target: 'PermissionSetLicense' },
    ],
    rows: (store) => store.licenceAssignments.map((a) => ({ ...a })),
  },
  {
    name: 'PermissionSet',
    keyPrefix: '0PS',
    fields: [
      f('Id', 'id'),
      f('Name', 'string'),
      f('Label', 'string'),
      f('IsOwnedByProfile', 'boolean'),
      f('NamespacePrefix', 'string'),
      f('PermissionsModifyAllData', 'boolean'),
      f('PermissionsAuthorApex', 'boolean'),
    ],
    relationships: [],
    rows: (store) => [...store.permissionSets.values()].map((p) => ({ ...p })),
  },
  {
    name: 'PermissionSetAssignment',
    keyPrefix: '0Pa',
    fields: [f('Id', 'id'), f('AssigneeId', 'reference'), f('PermissionSetId', 'reference')],
    relationships: [
      { name: 'Assignee', foreignKey: 'AssigneeId', target: 'User' },
      { name: 'PermissionSet', foreignKey: 'PermissionSetId', target: 'PermissionSet' },
    ],
    rows: (store) => store.assignments.map((a) => ({ ...a })),
  },
  {
    name: 'Organization',
    keyPrefix: '00D',
    fields: [
      f('Id', 'id'),
      f('Name', 'string'),
      f('InstanceName', 'string'),
      f('IsSandbox', 'boolean'),
      f('TrialExpirationDate', 'datetime'),
      f('NamespacePrefix', 'string'),
      f('OrganizationType', 'string'),
    ],
    relationships: [],
    rows: (store) => [
      {
        Id: store.orgId,
        Name: store.orgName,
        InstanceName: store.instanceName,
        // The sf CLI's rule: a scratch org is a sandbox with a trial expiration date; a sandbox has none.
        IsSandbox: store.orgType !== 'production',
        TrialExpirationDate: store.orgType === 'scratch' ? store.scratchExpiration : null,
        NamespacePrefix: store.namespacePrefix,
        OrganizationType: 'Developer Edition',
      },
    ],
  },
  {
    // A Dev Hub probe of the sf CLI; the emulated org is not a Dev Hub, so it has no rows.
    name: 'ScratchOrgInfo',
    keyPrefix: '2SR',
    fields: [
      f('Id', 'id'),
      f('Status', 'string'),
      f('SignupUsername', 'string'),
      f('ScratchOrg', 'string'),
      f('ExpirationDate', 'date'),
    ],
    relationships: [],
    rows: () => [],
  },
  {
    name: 'OSS_Callback_Event__c',
    keyPrefix: 'a0O',
    fields: [
      f('Id', 'id'),
      f('Name', 'string'),
      f('Event_Name__c', 'string'),
      f('Package_Id__c', 'string'),
      f('Document_Id__c', 'string'),
      f('Session_User__c', 'string'),
      f('Message__c', 'string'),
      f('Event_Created_Date__c', 'datetime'),
      f('Raw_Payload__c', 'string'),
      f('Dedupe_Key__c', 'string'),
      f('Truncated_Fields__c', 'string'),
      f('Status__c', 'string'),
      f('Attempts__c', 'double'),
      f('Last_Error__c', 'string'),
      f('CreatedDate', 'datetime'),
    ],
    relationships: [],
    rows: (store) => store.events.map((e) => ({ ...e })),
  },
  {
    // Queryable as regular SOQL according to third-party reports (reference salesforce.md §6).
    name: 'ExternalClientApplication',
    keyPrefix: '0xI',
    fields: [f('Id', 'id'), f('DeveloperName', 'string'), f('MasterLabel', 'string')],
    relationships: [],
    rows: (store) =>
      [...store.clients.values()].map((c) => ({ Id: c.appId, DeveloperName: c.developerName, MasterLabel: c.label })),
  },
];

OBJECTS.push(
  {
    // Two custom fields deployed by the project (archive-contract.md) identify an archived file.
    name: 'ContentVersion',
    keyPrefix: '068',
    fields: [
      f('Id', 'id'),
      f('ContentDocumentId', 'reference'),
      f('Title', 'string'),
      f('PathOnClient', 'string'),
      f('ContentSize', 'double'),
      f('FileExtension', 'string'),
      f('FirstPublishLocationId', 'reference'),
      f('OwnerId', 'reference'),
      ...customFields('ContentVersion').map((field) => f(field.name, 'string')),
      f('IsLatest', 'boolean'),
      f('CreatedDate', 'datetime'),
    ],
    relationships: [],
    rows: (store) => store.contentVersions.map(({ checksum: _checksum, ...row }) => ({ ...row })),
    // "Queries on ContentDocument and ContentVersion without specifying an ID don't return all files a user
    // has access to" (salesforce.md, last section): a file reached only through a linked record is left out.
    // "Query All Files" is not modelled (the project's users do not hold it).
    restricted: {
      idFields: ['Id', 'ContentDocumentId'],
      listed: (row, store, userId) => store.fileListedFor(String(row.ContentDocumentId), userId),
    },
  },
  {
    // Since API 59.0 an unfiltered query needs "Query All Files"; the subset only answers what it is asked.
    name: 'ContentDocumentLink',
    keyPrefix: '06A',
    fields: [
      f('Id', 'id'),
      f('ContentDocumentId', 'reference'),
      f('LinkedEntityId', 'reference'),
      f('ShareType', 'string'),
      f('Visibility', 'string'),
    ],
    relationships: [],
    rows: (store) => store.contentDocumentLinks.map((link) => ({ ...link })),
  },
  {
    // A Files library.
    name: 'ContentWorkspace',
    keyPrefix: '058',
    fields: [f('Id', 'id'), f('Name', 'string'), f('DeveloperName', 'string')],
    relationships: [],
    rows: (store) => store.libraries.map((library) => ({ ...library })),
  },
  {
    name: 'OSS_Archive_Setting__mdt',
    keyPrefix: 'm0A',
    fields: [
      f('Id', 'id'),
      f('DeveloperName', 'string'),
      f('MasterLabel', 'string'),
      f('Library_Name__c', 'string'),
      f('Record_Id_Key__c', 'string'),
      f('Store_Consent_Document__c', 'boolean'),
      f('Max_Apex_Document_Bytes__c', 'double'),
      f('Record_Link_Visibility__c', 'string'),
    ],
    relationships: [],
    rows: (store) => (store.archiveSetting ? [{ ...store.archiveSetting }] : []),
  },
);

export function findObject(name: string): ObjectDef | undefined {
  return OBJECTS.find((o) => o.name.toLowerCase() === name.toLowerCase());
}
