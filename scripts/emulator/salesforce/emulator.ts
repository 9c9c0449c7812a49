/**
 * Assembles the Salesforce emulator: the org state with the demo set-up of the guide (an External
 * Client App "OneSpan_Sign_Callback" whose Client Credentials Flow runs as an active, API-enabled
 * integration user holding OSS_Callback_Integration; OssCallbackResource deployed) and the two
 * listeners. Demo credentials are random per start unless fixed by options.
 */
import { randomBytes } from 'node:crypto';
import type { SalesforceEmulator, SalesforceEmulatorOptions } from '../types';
import { KeyPrefix, randomBase62 } from './ids';
import { LATEST_API_VERSION, startSalesforceListeners } from './server';
import { OrgStore } from './store';

export const DEMO_APP_NAME = 'OneSpan_Sign_Callback';
export const DEMO_PERMISSION_SET = 'OSS_Callback_Integration';
const DEMO_RUN_AS_USERNAME = 'oss-integration@emulator.example';
const ADMIN_USERNAME = 'admin@emulator.example';

export async function startSalesforceEmulator(options: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
  const store = new OrgStore({ orgName: 'OneSpan Callback Emulator Org' });
  store.namespacePrefix = options.namespacePrefix ?? null;
  store.orgType = options.orgType ?? 'production';
  const adminUserId = store.addAdmin(ADMIN_USERNAME);
  const runAsUserId = store.addUser({
    username: DEMO_RUN_AS_USERNAME,
    name: 'OSS Integration',
    // As `npm run deploy` leaves an integration user: the licence first, then the permission set.
    permissionSetLicenses: ['SalesforceAPIIntegrationPsl'],
    permissionSets: [DEMO_PERMISSION_SET],
  });
  const demo = {
    // Shapes of real consumer keys ("3MVG9" + base62) and ECA secrets (64 upper-case hex).
    clientId: options.demoClientId ?? `3MVG9${randomBase62(80)}`,
    clientSecret: options.demoClientSecret ?? randomBytes(32).toString('hex').toUpperCase(),
    runAsUsername: DEMO_RUN_AS_USERNAME,
    runAsUserId,
  };
  store.addClient({
    clientId: demo.clientId,
    clientSecret: demo.clientSecret,
    runAsUserId,
    scopes: ['api'],
    developerName: DEMO_APP_NAME,
    keyPropagationMs: options.keyPropagationMs,
  });
  // As `npm run deploy` leaves it: credentials deployed, no OneSpan key stored yet.
  store.deployOneSpanCredentials(options.oneSpanApiUrl ?? 'https://sandbox.esignlive.com/api');

  const { myDomain, login } = await startSalesforceListeners(store, {
    port: options.port,
    loginPort: options.loginPort,
  });

  return {
    url: myDomain.url,
    genericLoginUrl: login.url,
    orgId: store.orgId,
    demo,
    apiVersion: LATEST_API_VERSION,
    adminUserId,
    addClient: (c) => void store.addClient(c),
    addUser: (u) => store.addUser(u),
    setNamespacePrefix: (ns) => {
      store.namespacePrefix = ns;
    },
    setClassDeployed: (deployed) => {
      store.classDeployed = deployed;
    },
    setClassAccess: (userId, allowed) => store.setClassAccess(userId, allowed),
    setReadOnly: (readOnly) => {
      store.readOnly = readOnly;
    },
    setInternalFault: (on) => {
      store.internalFault = on;
    },
    setSecretRestAccess: (on) => {
      store.secretRestAccess = on;
    },
    setSecretViewPermission: (userId, allowed) => store.setSecretViewer(userId, allowed),
    setDuplicateNamesRecord: (on) => {
      store.duplicateNamesRecord = on;
    },
    setOAuthUsageOmitsUnusedApps: (on) => {
      store.usageOmitsUnusedApps = on;
    },
    expireAccessTokens: () => store.expireTokens(),
    issueAccessToken: (userId) => {
      const id = userId ?? adminUserId;
      if (!store.userById(id)) throw new Error(`unknown user ${id}`);
      return store.issueToken(id, null);
    },
    events: () => store.events.map((e) => ({ ...e })),
    contentVersions: () => store.contentVersions.map((v) => ({ ...v })),
    contentDocumentLinks: () => store.contentDocumentLinks.map((l) => ({ ...l })),
    addLibrary: (name) => {
      const id = store.ids.next(KeyPrefix.contentWorkspace);
      store.libraries.push({ Id: id, Name: name, DeveloperName: name.replace(/\W+/g, '_') });
      return id;
    },
    addRecord: (sobject, id) => {
      const recordId = id ?? store.ids.next(KeyPrefix.account);
      store.records.set(recordId, sobject);
      return recordId;
    },
    setArchiveSetting: (fields) => {
      store.archiveSetting =
        fields === null ? null : { ...(store.archiveSetting ?? store.newArchiveSetting()), ...fields };
    },
    setNamedCredentialUrl: (url) => {
      if (url === null) {
        store.namedCredentials.delete('OneSpan_Sign_API');
        store.externalCredentials.clear();
      } else {
        const existing = store.namedCredentials.get('OneSpan_Sign_API');
        if (existing) existing.calloutUrl = url;
        else store.deployOneSpanCredentials(url);
      }
    },
    setPrincipalAccess: (externalCredential, permissionSets) => {
      const principal = store.externalCredentials.get(externalCredential)?.principals[0];
      if (!principal) throw new Error(`no external credential ${externalCredential}`);
      principal.permissionSets = [...permissionSets];
    },
    credentialValues: (externalCredential) => {
      const principal = store.externalCredentials.get(externalCredential)?.principals[0];
      return principal
        ? Object.fromEntries(Object.entries(principal.credentials).map(([k, v]) => [k, v.value]))
        : undefined;
    },
    setCredentialValues: (externalCredential, values) => {
      const principal = store.externalCredentials.get(externalCredential)?.principals[0];
      if (!principal) throw new Error(`no external credential ${externalCredential}`);
      principal.credentials = Object.fromEntries(
        Object.entries(values).map(([k, value]) => [k, { value, encrypted: k !== 'clientId' }]),
      );
    },
    requests: () => [...myDomain.requests(), ...login.requests()].sort((a, b) => a.at - b.at),
    faults: myDomain.faults,
    close: async () => {
      await Promise.all([myDomain.close(), login.close()]);
    },
  };
}
