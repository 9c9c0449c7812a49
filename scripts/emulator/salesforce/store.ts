/**
 * The in-memory state of one emulated org: users and their profiles and permission sets, External
 * Client Apps with their OAuth consumers (client credentials), the OssCallbackResource class,
 * the OSS_Callback_Event__c log, issued access tokens and org switches (read-only maintenance,
 * consumer-secret REST access).
 *
 * Field names and value formats follow what the REST API returns: DateTime values as
 * "2026-11-29T10:00:00.000+0000", Ids as 18-character case-safe Ids. The log object's fields are
 * the ones fixed by the project (Name is an AutoNumber "OSS-{000000}", Status__c starts "Received").
 */
import { IdFactory, KeyPrefix, randomBase62, sameId } from './ids';

export interface ProfileRecord {
  Id: string;
  Name: string;
  UserLicenseId: string;
  PermissionsApiEnabled: boolean;
  PermissionsModifyAllData: boolean;
  PermissionsAuthorApex: boolean;
}

export interface UserRecord {
  Id: string;
  Username: string;
  Name: string;
  LastName: string;
  Email: string;
  IsActive: boolean;
  ProfileId: string;
  UserType: string;
  CreatedDate: string;
}

export interface PermissionSetRecord {
  Id: string;
  Name: string;
  Label: string;
  IsOwnedByProfile: boolean;
  NamespacePrefix: string | null;
  PermissionsModifyAllData: boolean;
  PermissionsAuthorApex: boolean;
}

export interface PermissionSetAssignmentRecord {
  Id: string;
  AssigneeId: string;
  PermissionSetId: string;
}

export interface UserLicenseRecord {
  Id: string;
  Name: string;
  MasterLabel: string;
}

export interface PermissionSetLicenseRecord {
  Id: string;
  DeveloperName: string;
  MasterLabel: string;
}

export interface PermissionSetLicenseAssignRecord {
  Id: string;
  AssigneeId: string;
  PermissionSetLicenseId: string;
}

export interface CallbackEventRecord {
  Id: string;
  Name: string;
  Event_Name__c: string;
  Package_Id__c: string | null;
  Document_Id__c: string | null;
  Session_User__c: string | null;
  Message__c: string | null;
  Event_Created_Date__c: string | null;
  Raw_Payload__c: string;
  /** null only on a record kept by the fallback after a storage fault */
  Dedupe_Key__c: string | null;
  Truncated_Fields__c: string | null;
  Status__c: 'Received' | 'Processed' | 'Failed' | 'Waiting';
  Attempts__c: number;
  Last_Error__c: string | null;
  CreatedDate: string;
}

export interface ClientAppInput {
  clientId: string;
  clientSecret: string;
  runAsUserId?: string | null;
  scopes?: string[];
  flowEnabled?: boolean;
  adminApprovedOnly?: boolean;
  /** Extra (not in the fixed API): the ECA's API name; defaults to Emulator_App_<n>. */
  developerName?: string;
  /** Extra: permission sets that pre-authorize users when adminApprovedOnly is set. */
  approvedPermissionSets?: string[];
  /**
   * Extra: for this many milliseconds from the first token request with the new key, the token endpoint
   * answers as for an unknown key, as a real org does while a new app's key propagates (up to ~10-15
   * minutes after the deploy). Counted from the first request, not from the deploy, so a test does not
   * depend on how long the command took to start.
   */
  keyPropagationMs?: number;
}

export interface ClientApp {
  clientId: string;
  clientSecret: string;
  runAsUserId: string | null;
  scopes: string[];
  flowEnabled: boolean;
  adminApprovedOnly: boolean;
  approvedPermissionSets: string[];
  appId: string;
  developerName: string;
  label: string;
  consumerId: string;
  keyPropagationMs: number;
  /** Epoch ms from which the token endpoint knows this key; set by the first token request. */
  keyActiveFrom?: number;
}

export interface UserInput {
  id?: string;
  username: string;
  isActive?: boolean;
  apiEnabled?: boolean;
  permissionSets?: string[];
  /** Extra: a display name; defaults to the part of the username before "@". */
  name?: string;
  /** Extra: the profile name; defaults by apiEnabled. */
  profileName?: string;
  /** Extra: permission set licences (DeveloperName) the user holds, e.g. SalesforceAPIIntegrationPsl. */
  permissionSetLicenses?: string[];
}

/** Extra: which kind of org the Organization row describes (the sf CLI tells scratch orgs by it). */
export type OrgType = 'production' | 'sandbox' | 'scratch';

export interface IssuedToken {
  userId: string;
  clientId: string | null;
  issuedAt: number;
}

export interface ContentVersionRecord {
  Id: string;
  ContentDocumentId: string;
  Title: string;
  PathOnClient: string;
  ContentSize: number;
  FileExtension: string | null;
  FirstPublishLocationId: string | null;
  /** Who inserted it: the owner sees it in queries without an Id filter. */
  OwnerId: string;
  /** The project's custom fields (metadata.ts), e.g. OneSpan_File_Key__c. */
  [customField: `${string}__c`]: string | null;
  IsLatest: boolean;
  CreatedDate: string;
  /** The uploaded bytes' SHA-256, for tests (the bytes themselves are not kept). */
  checksum: string;
}

export interface ContentDocumentLinkRecord {
  Id: string;
  ContentDocumentId: string;
  LinkedEntityId: string;
  ShareType: string;
  Visibility: string;
}

export interface ContentWorkspaceRecord {
  Id: string;
  Name: string;
  DeveloperName: string;
}

/** The `Default` record of OSS_Archive_Setting__mdt an admin creates (the project ships none: documents.md). */
export interface ArchiveSettingRecord {
  Id: string;
  DeveloperName: string;
  MasterLabel: string;
  Library_Name__c: string | null;
  Record_Id_Key__c: string | null;
  Store_Consent_Document__c: boolean;
  Max_Apex_Document_Bytes__c: number | null;
  Record_Link_Visibility__c: 'InternalUsers' | 'AllUsers' | null;
}

export interface CredentialValue {
  value: string;
  encrypted: boolean;
}

export interface ExternalCredentialState {
  developerName: string;
  /** Connect REST's names: Custom, OAuth. */
  authenticationProtocol: string;
  authenticationProtocolVariant?: string;
  principals: {
    principalName: string;
    principalType: string;
    sequenceNumber: number;
    /** Permission sets whose externalCredentialPrincipalAccesses grant this principal. */
    permissionSets: string[];
    credentials: Record<string, CredentialValue>;
  }[];
}

export interface NamedCredentialState {
  developerName: string;
  calloutUrl: string;
  externalCredential: string;
}

export const CALLBACK_CLASS_NAME = 'OssCallbackResource';
const API_ONLY_PROFILE = 'Minimum Access - API Only Integrations';
const NO_API_PROFILE = 'Minimum Access - Salesforce';
const ADMIN_PROFILE = 'System Administrator';
/** User licences: the API-only profile belongs to the Salesforce Integration licence, as on the platform. */
const SALESFORCE_LICENCE = 'Salesforce';
const INTEGRATION_LICENCE = 'Salesforce Integration';
const API_INTEGRATION_PSL = 'SalesforceAPIIntegrationPsl';

export class OrgStore {
  public readonly ids = new IdFactory();
  public readonly orgId = this.ids.next(KeyPrefix.organization);
  public readonly orgName: string;
  public readonly instanceName = 'EMU1';
  public readonly apexClassId = this.ids.next(KeyPrefix.apexClass);

  public namespacePrefix: string | null = null;
  public classDeployed = true;
  public readOnly = false;
  public internalFault = false;
  public secretRestAccess = true;
  public orgType: OrgType = 'production';
  public readonly scratchExpiration = formatDateTime(Date.now() + 7 * 24 * 3600 * 1000);
  /**
   * Whether /apps/oauth/usage lists only apps that have issued a token. Salesforce describes the list as
   * apps "that have OAuth usage data"; whether a never-used app is left out is unconfirmed, so both exist.
   */
  public usageOmitsUnusedApps = false;
  /** Whether DUPLICATE_VALUE names the existing record's Id (files.ts; unconfirmed for files a user cannot see). */
  public duplicateNamesRecord = true;

  public readonly profiles = new Map<string, ProfileRecord>();
  public readonly users = new Map<string, UserRecord>();
  public readonly permissionSets = new Map<string, PermissionSetRecord>();
  public readonly assignments: PermissionSetAssignmentRecord[] = [];
  public readonly userLicenses = new Map<string, UserLicenseRecord>();
  public readonly permissionSetLicenses = new Map<string, PermissionSetLicenseRecord>();
  public readonly licenceAssignments: PermissionSetLicenseAssignRecord[] = [];
  /**
   * The project's permission sets that grant standard-object permissions (ContentVersion fields, read on
   * UserExternalCredential), as deployed: a Salesforce Integration user may hold them only with the
   * Salesforce API Integration permission set licence.
   */
  public readonly standardObjectPermissionSets = new Set(['OSS_Callback_Integration', 'OSS_Callback_Admin']);
  public readonly clients = new Map<string, ClientApp>();
  public readonly events: CallbackEventRecord[] = [];
  public readonly contentVersions: ContentVersionRecord[] = [];
  public readonly contentDocumentLinks: ContentDocumentLinkRecord[] = [];
  public readonly libraries: ContentWorkspaceRecord[] = [];
  /** Other records files may be linked to (e.g. the Account a transaction was sent from): Id -> sObject. */
  public readonly records = new Map<string, string>();
  public archiveSetting: ArchiveSettingRecord | null;
  public readonly externalCredentials = new Map<string, ExternalCredentialState>();
  public readonly namedCredentials = new Map<string, NamedCredentialState>();

  private readonly tokens = new Map<string, IssuedToken>();
  private readonly classAccessDenied = new Set<string>();
  private readonly secretViewers = new Set<string>();
  private readonly usedClientIds = new Set<string>();
  private appCount = 0;

  public constructor(options: { orgName: string }) {
    this.orgName = options.orgName;
    for (const name of [SALESFORCE_LICENCE, INTEGRATION_LICENCE]) {
      this.userLicenses.set(name, { Id: this.ids.next(KeyPrefix.userLicense), Name: name, MasterLabel: name });
    }
    // Every org with Salesforce Integration licences has this permission set licence (help "Give Integration
    // Users API Only Access"); DeveloperName as public set-up scripts pass it to `sf org assign permsetlicense`.
    this.permissionSetLicenses.set(API_INTEGRATION_PSL, {
      Id: this.ids.next(KeyPrefix.permissionSetLicense),
      DeveloperName: API_INTEGRATION_PSL,
      MasterLabel: 'Salesforce API Integration',
    });
    // A deploy creates no settings record; only an admin does (Extra: setArchiveSetting).
    this.archiveSetting = null;
  }

  /** A new `Default` record as Setup creates it: every field blank, so the code defaults apply. */
  public newArchiveSetting(): ArchiveSettingRecord {
    return {
      Id: this.ids.next(KeyPrefix.archiveSetting),
      DeveloperName: 'Default',
      MasterLabel: 'Default',
      Library_Name__c: null,
      Record_Id_Key__c: null,
      Store_Consent_Document__c: false,
      Max_Apex_Document_Bytes__c: null,
      Record_Link_Visibility__c: null,
    };
  }

  /**
   * Whether a query without an Id filter returns this file to the user (salesforce.md, last section): files
   * the user owns, shares directly (a link to the user) or reaches through a library. Library membership is
   * not modelled: every user counts as a member, which is never stricter than the platform. A link to a
   * record the user can see does not count.
   */
  public fileListedFor(contentDocumentId: string, userId: string): boolean {
    return (
      this.contentVersions.some((v) => sameId(v.ContentDocumentId, contentDocumentId) && sameId(v.OwnerId, userId)) ||
      this.contentDocumentLinks.some(
        (link) =>
          sameId(link.ContentDocumentId, contentDocumentId) &&
          (sameId(link.LinkedEntityId, userId) ||
            this.libraries.some((library) => sameId(library.Id, link.LinkedEntityId))),
      )
    );
  }

  /** Whether a record with this Id exists, for lookups such as ContentDocumentLink.LinkedEntityId. */
  public recordExists(id: string): boolean {
    return (
      [...this.records.keys()].some((known) => sameId(known, id)) ||
      this.events.some((e) => sameId(e.Id, id)) ||
      this.libraries.some((l) => sameId(l.Id, id)) ||
      this.userById(id) !== undefined
    );
  }

  public addUser(input: UserInput): string {
    if ([...this.users.values()].some((u) => u.Username.toLowerCase() === input.username.toLowerCase())) {
      throw new Error(`a user with username ${input.username} already exists`);
    }
    const id = input.id ?? this.ids.next(KeyPrefix.user);
    if (!/^005[0-9A-Za-z]{15}$/.test(id)) throw new Error(`user Id must be an 18-character 005 Id, got ${id}`);
    const apiEnabled = input.apiEnabled ?? true;
    const profile = this.profile(input.profileName ?? (apiEnabled ? API_ONLY_PROFILE : NO_API_PROFILE), apiEnabled);
    const name = input.name ?? input.username.split('@')[0];
    this.users.set(id, {
      Id: id,
      Username: input.username,
      Name: name,
      LastName: name,
      Email: input.username,
      IsActive: input.isActive ?? true,
      ProfileId: profile.Id,
      UserType: 'Standard',
      CreatedDate: formatDateTime(Date.now()),
    });
    for (const licence of input.permissionSetLicenses ?? []) this.assignLicence(id, licence);
    for (const permissionSet of input.permissionSets ?? []) this.assign(id, permissionSet);
    return id;
  }

  public addAdmin(username: string): string {
    const id = this.addUser({ username, profileName: ADMIN_PROFILE, name: 'Emulator Admin' });
    this.secretViewers.add(id);
    return id;
  }

  public assign(userId: string, permissionSetName: string): void {
    const permissionSet = this.permissionSet(permissionSetName);
    if (this.assignments.some((a) => a.AssigneeId === userId && a.PermissionSetId === permissionSet.Id)) return;
    this.assignments.push({
      Id: this.ids.next(KeyPrefix.permissionSetAssignment),
      AssigneeId: userId,
      PermissionSetId: permissionSet.Id,
    });
  }

  /** Seeds a permission set licence assignment (what `sf org assign permsetlicense` does over REST). */
  public assignLicence(userId: string, developerName: string): void {
    const licence = this.permissionSetLicense(developerName);
    if (!licence) throw new Error(`no permission set licence ${developerName} in this org`);
    if (this.hasLicence(userId, licence.Id)) return;
    this.licenceAssignments.push({
      Id: this.ids.next(KeyPrefix.permissionSetLicenseAssign),
      AssigneeId: userId,
      PermissionSetLicenseId: licence.Id,
    });
  }

  public hasLicence(userId: string, licenceId: string): boolean {
    return this.licenceAssignments.some(
      (a) => sameId(a.AssigneeId, userId) && sameId(a.PermissionSetLicenseId, licenceId),
    );
  }

  public permissionSetLicense(developerNameOrLabel: string): PermissionSetLicenseRecord | undefined {
    return [...this.permissionSetLicenses.values()].find(
      (licence) => licence.DeveloperName === developerNameOrLabel || licence.MasterLabel === developerNameOrLabel,
    );
  }

  public userLicenseOf(user: UserRecord): UserLicenseRecord | undefined {
    const profile = this.profileOf(user);
    return [...this.userLicenses.values()].find((licence) => licence.Id === profile.UserLicenseId);
  }

  public addClient(input: ClientAppInput): ClientApp {
    if (this.clients.has(input.clientId)) throw new Error('a client with this client id already exists');
    this.appCount += 1;
    const developerName = input.developerName ?? `Emulator_App_${this.appCount}`;
    const client: ClientApp = {
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      runAsUserId: input.runAsUserId ?? null,
      scopes: input.scopes ?? ['api'],
      flowEnabled: input.flowEnabled ?? true,
      adminApprovedOnly: input.adminApprovedOnly ?? false,
      approvedPermissionSets: input.approvedPermissionSets ?? [],
      appId: this.ids.next(KeyPrefix.externalClientApplication),
      developerName,
      label: developerName.replace(/_/g, ' '),
      consumerId: this.ids.next(KeyPrefix.oauthConsumer),
      keyPropagationMs: input.keyPropagationMs ?? 0,
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  public userById(id: string): UserRecord | undefined {
    return [...this.users.values()].find((u) => sameId(u.Id, id));
  }

  public profileOf(user: UserRecord): ProfileRecord {
    const profile = [...this.profiles.values()].find((p) => p.Id === user.ProfileId);
    if (!profile) throw new Error(`user ${user.Id} has no profile`);
    return profile;
  }

  public permissionSetNamesOf(userId: string): string[] {
    return this.assignments
      .filter((a) => a.AssigneeId === userId)
      .map((a) => [...this.permissionSets.values()].find((p) => p.Id === a.PermissionSetId)?.Name)
      .filter((name): name is string => name !== undefined);
  }

  public issueToken(userId: string, clientId: string | null): string {
    // Real tokens are "<15-char org Id>!<opaque part>"; the sf CLI checks for the "00D...!" form.
    const token = `${this.orgId.slice(0, 15)}!${randomBase62(96)}`;
    this.tokens.set(token, { userId, clientId, issuedAt: Date.now() });
    if (clientId !== null) this.usedClientIds.add(clientId);
    return token;
  }

  public tokenFromHeader(authorization: string | undefined): IssuedToken | undefined {
    const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(authorization ?? '');
    return match ? this.tokens.get(match[1]) : undefined;
  }

  public expireTokens(): void {
    this.tokens.clear();
  }

  public setClassAccess(userId: string, allowed: boolean): void {
    if (allowed) this.classAccessDenied.delete(userId);
    else this.classAccessDenied.add(userId);
  }

  public hasClassAccess(userId: string): boolean {
    return ![...this.classAccessDenied].some((denied) => sameId(denied, userId));
  }

  public setSecretViewer(userId: string, allowed: boolean): void {
    if (allowed) this.secretViewers.add(userId);
    else this.secretViewers.delete(userId);
  }

  public hasOAuthUsage(client: ClientApp): boolean {
    return this.usedClientIds.has(client.clientId);
  }

  public canViewSecrets(userId: string): boolean {
    return [...this.secretViewers].some((viewer) => sameId(viewer, userId));
  }

  public permissionSetId(name: string): string {
    return this.permissionSet(name).Id;
  }

  /**
   * The External Credentials and Named Credential the project deploys (archive-contract.md): API-key
   * mode `OneSpan_Sign_API` (Custom) and OAuth mode `OneSpan_Sign_API_OAuth`, one named principal each,
   * granted by OSS_Callback_Integration, no values (metadata never carries them).
   */
  public deployOneSpanCredentials(calloutUrl: string): void {
    const principal = () => ({
      principalName: 'OneSpan_Sign_Principal',
      principalType: 'NamedPrincipal',
      sequenceNumber: 1,
      permissionSets: ['OSS_Callback_Integration'],
      credentials: {},
    });
    this.externalCredentials.set('OneSpan_Sign_API', {
      developerName: 'OneSpan_Sign_API',
      authenticationProtocol: 'Custom',
      principals: [principal()],
    });
    this.externalCredentials.set('OneSpan_Sign_API_OAuth', {
      developerName: 'OneSpan_Sign_API_OAuth',
      authenticationProtocol: 'OAuth',
      authenticationProtocolVariant: 'ClientCredentialsClientSecretBasic',
      principals: [principal()],
    });
    this.namedCredentials.set('OneSpan_Sign_API', {
      developerName: 'OneSpan_Sign_API',
      calloutUrl,
      externalCredential: 'OneSpan_Sign_API',
    });
  }

  public nextEventName(): string {
    return `OSS-${String(this.events.length + 1).padStart(6, '0')}`;
  }

  private profile(name: string, apiEnabled: boolean): ProfileRecord {
    const existing = this.profiles.get(name);
    if (existing) return existing;
    const admin = name === ADMIN_PROFILE;
    const licence = this.userLicenses.get(name === API_ONLY_PROFILE ? INTEGRATION_LICENCE : SALESFORCE_LICENCE);
    const created: ProfileRecord = {
      Id: this.ids.next(KeyPrefix.profile),
      Name: name,
      UserLicenseId: (licence as UserLicenseRecord).Id,
      PermissionsApiEnabled: apiEnabled,
      PermissionsModifyAllData: admin,
      PermissionsAuthorApex: admin,
    };
    this.profiles.set(name, created);
    return created;
  }

  private permissionSet(name: string): PermissionSetRecord {
    const existing = this.permissionSets.get(name);
    if (existing) return existing;
    const created: PermissionSetRecord = {
      Id: this.ids.next(KeyPrefix.permissionSet),
      Name: name,
      Label: name.replace(/_/g, ' '),
      IsOwnedByProfile: false,
      NamespacePrefix: null,
      PermissionsModifyAllData: false,
      PermissionsAuthorApex: false,
    };
    this.permissionSets.set(name, created);
    return created;
  }
}

/** The REST API's DateTime format: ISO-8601 with millis and a "+0000" offset. */
export function formatDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}
