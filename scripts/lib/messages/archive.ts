/**
 * The text of `npm run archive` and `npm run credential`: signed documents into Salesforce Files from
 * outside Salesforce, and the OneSpan key into the org's External Credential.
 */
import { defineMessages } from './index';

export const archiveText = {
  readPackage: 'Read the OneSpan transaction %s',
  packageRead: '"%s", %s, %s document(s)',
  connectOrg: 'Connect to the sf CLI org %s',
  readSettings: 'Read OSS_Archive_Setting__mdt Default, the event and the files already stored',
  settingsRead: '%s: library %s, record Id key %s, consent document %s, record links %s; %s file(s) already stored',
  fromRecord: 'OSS_Archive_Setting__mdt Default',
  fromDefaults: 'defaults (the org has no OSS_Archive_Setting__mdt Default record)',
  noLibrary: 'none',
  consentStored: 'stored',
  consentSkipped: 'skipped',
  noEvent:
    'The org has no PACKAGE_COMPLETE event for %s (transactions completed before the callback was registered have none): the files are linked to the library and the sender’s record only.',
  badRecordId: 'The transaction’s data.%s is "%s", which is not a Salesforce record Id: no link to a sender’s record.',
  sharingRecordId:
    'The transaction’s data.%s is %s, a %s: a link would share the signed file with people, so it is not linked to it (the event and the library still are).',
  linkRefused: 'Salesforce refused the link of "%s" to the %s (%s): the file is stored and linked elsewhere.',
  progressDownload: '[%s/%s] %s: downloading from OneSpan ...',
  progressUpload: '[%s/%s] %s: uploading %s to Salesforce ...',
  progressStored: '[%s/%s] %s: stored, %s, ContentVersion %s',
  progressAlready: '[%s/%s] %s: already stored (ContentVersion %s)',
  progressRepaired: '[%s/%s] %s: already stored (ContentVersion %s); links added: %s',
  progressWouldRepair: '[%s/%s] %s: already stored (ContentVersion %s); links missing (dry run: not added): %s',
  linkingEvent: 'linking it to the event %s',
  readingBack: 'reading it back',
  progressSkipped: '[%s/%s] %s: skipped (%s)',
  skippedConsent: 'the consent document; set Store_Consent_Document__c to store it',
  dryRunNote: 'Dry run: nothing was downloaded or stored.',
  summary: '%s stored, %s already stored, %s skipped (%s uploaded).',
  summaryWouldRepair: 'Links missing on %s file(s) stored before: run without --dry-run to add them.',
  summaryRepaired: 'Links added to %s file(s) stored before (an interrupted run, or stored elsewhere).',
  credentialStep: 'Store the OneSpan %s in Salesforce (External Credential %s, principal %s)',
  credentialDone: '%s through the Connect REST API as %s',
  keyNotStored:
    'Registered with OneSpan, but the OneSpan key was not stored in Salesforce (%s): %s The archiving handler cannot call OneSpan until it is.',
  keyNotStoredFix: 'Then store the key alone: npm run credential -- --target-org %s',
  credentialHint:
    'Salesforce does not hold the OneSpan key yet (the archiving handler needs it): run `npm run credential -- --target-org <alias>`, or pass --target-org to register.',
} as const;

export const archiveMessages = defineMessages({
  packageMissing: {
    code: 'PackageRequiredError',
    message: 'Name the OneSpan transaction to archive with --package <packageId>.',
    actions: [
      'Take the id from the PACKAGE_COMPLETE event (Package_Id__c of OSS_Callback_Event__c) or from the transaction’s URL in OneSpan Sign, then run: npm run archive -- --package <packageId> --target-org <alias>',
    ],
    exitCode: 2,
  },
  packageNotFound: {
    code: 'OneSpanPackageNotFoundError',
    message: 'OneSpan has no transaction %s visible to this key (%s).',
    actions: [
      'Check the id: it is Package_Id__c of the PACKAGE_COMPLETE event, or the id in the transaction’s URL in OneSpan Sign.',
      'Check the environment (now %s): a sandbox transaction is not found on production, nor a US one in another region.',
      'A transaction of another sender needs the key of an account owner or a manager with "Manage users’ transactions".',
    ],
  },
  documentNotFound: {
    code: 'OneSpanDocumentNotFoundError',
    message: 'OneSpan has no document %s in transaction %s (%s).',
    actions: [
      'Run the command again: the transaction may have been changed while it ran. If it persists, check the transaction in OneSpan Sign.',
    ],
  },
  notCompleted: {
    code: 'PackageNotCompletedError',
    message: 'Transaction %s is %s, not COMPLETED: its documents are not signed yet, so nothing was stored.',
    actions: ['Run the command again after the last signer has signed (the org then receives PACKAGE_COMPLETE).'],
  },
  notDeployed: {
    code: 'ArchiveMetadataMissingError',
    message: 'The org %s lacks what archiving needs: %s.',
    actions: [
      'Deploy the project’s metadata (the ContentVersion fields OneSpan_Package_Id__c, OneSpan_Document_Id__c and OneSpan_File_Key__c, OSS_Archive_Setting__mdt): npm run deploy -- --target-org %s',
    ],
  },
  permissionSetMissing: {
    code: 'ArchivePermissionSetMissingError',
    message:
      'The org %s has the archive’s fields, but its user cannot see them (%s): a deploy gives no one access to new fields, and this user lacks the permission set %s that does.',
    actions: ['Assign it, then run the same command again: sf org assign permset --name %s --target-org %s'],
  },
  libraryNotFound: {
    code: 'ArchiveLibraryNotFoundError',
    message:
      'OSS_Archive_Setting__mdt Default names the Files library "%s" (Library_Name__c), and the org %s has none of that name that this user can use%s.',
    actions: [
      'Create the library (Files → Libraries → New Library) or correct Library_Name__c (Setup → Custom Metadata Types → OSS Archive Setting → Manage Records → Default); leave it blank to store without a library.',
      'The user of the sf CLI org must be a member of the library with the Author or Library Administrator role.',
    ],
  },
  notPdf: {
    code: 'ArchiveNotPdfError',
    message:
      'OneSpan answered the download of "%s" with %s (%s bytes), not a PDF: it was not stored. %s file(s) were stored before this.',
    actions: [
      'Run the same command again: files already stored are recognised. If it persists, a proxy or gateway between this machine and OneSpan is answering in its place: check HTTPS_PROXY and the OneSpan URL.',
    ],
  },
  duplicateHidden: {
    code: 'ArchiveDuplicateHiddenError',
    message:
      'Salesforce already holds "%s" (OneSpan_File_Key__c %s), stored by another user, and does not show that file to this user (%s).',
    actions: [
      'Nothing is missing: the file is stored. To have this command check its links, run it as a user who can see the file (its owner, e.g. the Run As user, or one with "Query All Files").',
    ],
  },
  storedNotFinished: {
    code: 'ArchiveStoreIncompleteError',
    message:
      '"%s" was stored (ContentVersion %s), but %s failed (%s: %s), so it may lack its links. %s file(s) were stored before it.',
    actions: [
      'Fix what Salesforce names above, then run the same command again: it finds the stored file by its key and adds the missing links.',
    ],
  },
  salesforceRefused: {
    code: 'ArchiveStoreError',
    message: 'Salesforce refused %s (%s: %s). %s file(s) were stored before this; nothing half-written.',
    actions: [
      'Fix what Salesforce names above, then run the same command again: files already stored are recognised and not stored twice.',
      'The sf CLI org’s user needs Create on ContentVersion and access to the records it links to.',
    ],
  },
  credentialRefused: {
    code: 'CredentialWriteError',
    message: 'Salesforce refused to store the OneSpan %s in the External Credential %s (%s: %s).',
    actions: [
      'Deploy the project’s metadata first (the External Credential and Named Credential OneSpan_Sign_API): npm run deploy -- --target-org %s',
      'The sf CLI org’s user needs "Manage Named Credentials" or "Customize Application".',
    ],
  },
  oauthIncomplete: {
    code: 'InvalidSettingsError',
    message:
      'ONESPAN_CLIENT_ID and ONESPAN_CLIENT_SECRET go together (OneSpan OAuth 2.0 client credentials): only %s is set.',
    actions: ['Set both in the environment, or neither to store ONESPAN_API_KEY instead.'],
    exitCode: 2,
  },
});
