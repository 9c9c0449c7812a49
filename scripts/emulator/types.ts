/**
 * The public shape of the emulators: fixed, because the tooling's tests and `npm run demo` code
 * against it. Members marked "extra" go beyond the fixed API; they exist for scenarios the fixed
 * API cannot set up; each says what it models.
 */
import type { FaultInjector } from './faults';
import type { RequestLogEntry } from './http';
import type {
  FixtureOverrides,
  ListingDateParameters,
  PackageStatus,
  SeedPackage,
  StoredPackage,
} from './onespan/packages';
import type {
  ArchiveSettingRecord,
  CallbackEventRecord,
  ClientAppInput,
  ContentDocumentLinkRecord,
  ContentVersionRecord,
  OrgType,
  UserInput,
} from './salesforce/store';

export type { FaultInjector, FaultRule, FaultKind } from './faults';
export type { RequestLogEntry } from './http';
export type {
  ArchiveSettingRecord,
  CallbackEventRecord,
  ClientAppInput,
  ContentDocumentLinkRecord,
  ContentVersionRecord,
  OrgType,
  UserInput,
} from './salesforce/store';
export type { ListingDateParameters, PackageStatus, SeedPackage, StoredPackage } from './onespan/packages';

export interface SalesforceEmulatorOptions {
  /** Port of the My Domain listener; 0 (default) picks a free one. */
  port?: number;
  /** Port of the login.salesforce.com look-alike; 0 (default) picks a free one. */
  loginPort?: number;
  /** Namespace prefix of OssCallbackResource (and of the org); none by default. */
  namespacePrefix?: string | null;
  /** Extra: what the Organization row says the org is (default production); the sf CLI tells scratch orgs by it. */
  orgType?: OrgType;
  /** Extra: fixed demo credentials instead of random ones. */
  demoClientId?: string;
  demoClientSecret?: string;
  /** Extra: the demo app's key is refused for this many ms from its first token request, as a just-deployed app's key. */
  keyPropagationMs?: number;
  /** Extra: the URL of the deployed Named Credential OneSpan_Sign_API (startEmulators: the OneSpan emulator's). */
  oneSpanApiUrl?: string;
}

export interface SalesforceEmulator {
  url: string;
  genericLoginUrl: string;
  orgId: string;
  demo: { clientId: string; clientSecret: string; runAsUsername: string; runAsUserId: string };
  apiVersion: string;
  addClient(c: ClientAppInput): void;
  addUser(u: UserInput): string;
  setNamespacePrefix(ns: string | null): void;
  setClassDeployed(deployed: boolean): void;
  setClassAccess(userId: string, allowed: boolean): void;
  setReadOnly(readOnly: boolean): void;
  issueAccessToken(userId?: string): string;
  events(): CallbackEventRecord[];
  requests(): RequestLogEntry[];
  faults: FaultInjector;
  close(): Promise<void>;
  /** Extra: the admin user (System Administrator) that issueAccessToken() uses by default. */
  adminUserId: string;
  /** Extra: make the next callback stores fail (contract `when: internalFault`). */
  setInternalFault(on: boolean): void;
  /** Extra: org setting "Allow access to External Client App consumer secrets via REST API". */
  setSecretRestAccess(on: boolean): void;
  /** Extra: the "View Client Secret" user permission (the admin has it, the Run As user not). */
  setSecretViewPermission(userId: string, allowed: boolean): void;
  /** Extra: /apps/oauth/usage leaves out apps that never issued a token (unconfirmed platform behaviour). */
  setOAuthUsageOmitsUnusedApps(on: boolean): void;
  /**
   * Extra: whether DUPLICATE_VALUE names the Id of the record already holding the value (default) or
   * `<unknown>` (unconfirmed which the platform answers for a file the user cannot see).
   */
  setDuplicateNamesRecord(on: boolean): void;
  /** Extra: invalidate every access token issued so far (session expiry). */
  expireAccessTokens(): void;
  /** Extra: Files stored (ContentVersion, with a SHA-256 of the bytes) and their links. */
  contentVersions(): ContentVersionRecord[];
  contentDocumentLinks(): ContentDocumentLinkRecord[];
  /** Extra: a Files library (ContentWorkspace) with this Name; returns its Id. */
  addLibrary(name: string): string;
  /** Extra: a record files may be linked to (e.g. the Account a transaction was sent from); returns its Id. */
  addRecord(sobject: string, id?: string): string;
  /** Extra: create or change the `Default` OSS_Archive_Setting__mdt record, as an admin does (null: none, the default). */
  setArchiveSetting(fields: Partial<Omit<ArchiveSettingRecord, 'Id'>> | null): void;
  /** Extra: the Named Credential OneSpan_Sign_API's URL; null: the credentials are not deployed. */
  setNamedCredentialUrl(url: string | null): void;
  /** Extra: the permission sets that grant an External Credential's principal. */
  setPrincipalAccess(externalCredential: string, permissionSets: string[]): void;
  /** Extra: the values stored in an External Credential's principal (tests only: secrets). */
  credentialValues(externalCredential: string): Record<string, string> | undefined;
  setCredentialValues(externalCredential: string, values: Record<string, string>): void;
}

export interface OneSpanConnector {
  url: string;
  key: string;
  events: string[];
}

export interface OneSpanDelivery {
  event: string;
  packageId: string;
  url: string;
  status: number | 'error';
  error?: string;
  at: number;
}

export interface OneSpanFailureEmail {
  packageId: string;
  event: string;
  payload: string;
}

export interface OneSpanEmulatorOptions {
  port?: number;
  /** Extra: a fixed API key instead of a random one. */
  apiKey?: string;
  /** Whether GET connector echoes the key (default false: unconfirmed on the real service). */
  echoKey?: boolean;
  /** Extra: how long a delivery waits for Salesforce before it counts as failed (default 10 s; OneSpan's value is unconfirmed). */
  deliveryTimeoutMs?: number;
  /** Extra: the account's API authentication setting: its API key (default) or OAuth 2.0 client credentials only. */
  auth?: 'apiKey' | 'oauth';
  /** Extra: lifetime of OAuth tokens in seconds (default 299, as OneSpan documents). */
  tokenLifetimeSeconds?: number;
  /**
   * Extra: which date parameters GET /api/packages honours (the sources disagree, documents.md A4);
   * the other pair is ignored. Default lastUpdatedStartDate/lastUpdatedEndDate (OpenAPI).
   */
  listingDateParameters?: ListingDateParameters;
  /** Extra: the most packages one listing page returns (default 100; a server cap is unconfirmed). */
  listingPageCap?: number;
  /** Extra: the listing ignores `sort`/`dir` and answers newest update first (whether OneSpan honours them is unconfirmed). */
  listingIgnoresSort?: boolean;
  /** Extra: the listing answers `query=<STATUS>` with packages of every status, which a client must not trust. */
  listingIgnoresStatus?: boolean;
}

export interface OneSpanEmulator {
  url: string;
  apiUrl: string;
  apiKey: string;
  echoKey: boolean;
  connector(origin?: string): OneSpanConnector | undefined;
  setConnector(origin: string, c: OneSpanConnector): void;
  deliveries(): OneSpanDelivery[];
  failureEmails(): OneSpanFailureEmail[];
  requests(): RequestLogEntry[];
  faults: FaultInjector;
  close(): Promise<void>;
  /** Extra: resolves when every delivery started so far has finished (deliveries run after the answer). */
  idle(): Promise<void>;
  /** Extra: the OAuth 2.0 client of the account (used only while the account is in the OAuth mode). */
  oauth: { clientId: string; clientSecret: string };
  /** Extra: the account's API authentication setting; in 'oauth' API keys are refused. */
  authMode(): 'apiKey' | 'oauth';
  setAuthMode(mode: 'apiKey' | 'oauth'): void;
  /** Extra: end every OAuth token issued so far (as if its lifetime had passed). */
  expireTokens(): void;
  /** Extra: with echoKey on, answer this mask (e.g. "********") instead of the key; undefined for the key. */
  setMaskedKeyEcho(mask: string | undefined): void;
  /** Extra: a package in any status (signing is not emulated), firing no event; returns a copy. */
  seedPackage(input: SeedPackage): StoredPackage;
  /**
   * Extra: the package reaches COMPLETED, DECLINED, EXPIRED or OPTED_OUT at `at` (default now) and the
   * matching event goes out to the registration, as signers or the expiry would cause.
   */
  finishPackage(id: string, status: PackageStatus, at?: string): StoredPackage;
  /**
   * Extra: fault mode. Deliveries of these packages' events fail (the org did not answer), so the
   * event is only in the failure e-mail, as in real life. Replaces the previous list; [] ends it.
   */
  failDeliveriesFor(packageIds: readonly string[]): void;
  /**
   * Extra: adds a case of the OneSpan answers fixture (OssOneSpanApiFixtures.json) as a transaction the
   * account completed earlier, with its documents and evidence summary; returns its package id (the
   * fixture's, or `packageId` for another transaction with the same content).
   */
  addFixturePackage(caseName: string, packageId?: string, overrides?: FixtureOverrides): string;
  /**
   * Extra: the last signer signs a package: it takes the documents of a fixture case (default
   * "completed-two-documents"), becomes COMPLETED, and PACKAGE_COMPLETE is delivered like any event.
   */
  completePackage(packageId: string, documentsFrom?: string): void;
}

export interface EmulatorOptions {
  salesforce?: SalesforceEmulatorOptions;
  onespan?: OneSpanEmulatorOptions;
}

export interface Emulators {
  salesforce: SalesforceEmulator;
  onespan: OneSpanEmulator;
  close(): Promise<void>;
}
