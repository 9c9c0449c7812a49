/**
 * `npm run archive`: the Apex archiving handler's job from outside Salesforce, for backfill and for
 * documents above the size Apex attempts. Reads the transaction from OneSpan and, in parallel, connects
 * to the org; refuses a transaction OneSpan does not call COMPLETED (its documents are not signed); reads
 * the settings, the event and the files already stored before writing anything (a bad library name or
 * undeployed metadata stops the run with nothing written); then stores each file in turn, holding one
 * document in memory at a time. A file stored by an earlier run, by the Apex handler or by a run going on
 * at the same time is recognised (event links, own files, then the unique OneSpan_File_Key__c) and gets
 * the links it lacks, so a run that stops half-way is finished by running it again.
 */
import { OssError } from '../errors';
import { createError, formatMessage } from '../messages';
import { archiveMessages, archiveText } from '../messages/archive';
import type { OneSpanClient } from '../onespan/client';
import type { Reporter } from '../output';
import { runStep } from '../registration';
import { salesforceFault, type SalesforceFault, type TargetOrgConnection } from '../salesforce/targetOrg';
import {
  contentDocumentOf,
  findCompleteEvent,
  findDuplicate,
  findLibrary,
  findStoredFiles,
  FoundFile,
  linkFile,
  permissionSetState,
  readArchiveSettings,
  uploadFile,
} from './org';
import {
  ArchiveSettings,
  DEFAULT_ARCHIVE_SETTINGS,
  describeContent,
  fileKey,
  formatBytes,
  isPdf,
  isRecordId,
  sharingObjectOf,
  OneSpanPackage,
  PlannedFile,
  planFiles,
  readPackage,
} from './plan';

/** The permission set that grants the ContentVersion fields to the people who archive (force-app). */
const ADMIN_PERMISSION_SET = 'OSS_Callback_Admin';

export type FileStatus = 'stored' | 'already-stored' | 'skipped' | 'to-store';

export interface LinkTarget {
  kind: 'event' | 'library' | 'record';
  id: string;
}

export interface ArchivedFile {
  title: string;
  documentId: string;
  contentVersionId: string | null;
  contentDocumentId: string | null;
  /** Bytes uploaded; for files not uploaded by this run, OneSpan's declared size when known, else null. */
  bytes: number | null;
  status: FileStatus;
  /** Where the file is linked once this run is done (event, library, sender's record). */
  linkedTo: LinkTarget[];
  /** The links this run added to a file stored before (an interrupted run); with --dry-run, those it would add. */
  linksAdded: LinkTarget[];
  reason?: string;
}

export interface ArchiveResult {
  packageId: string;
  packageName: string;
  targetOrg: string;
  dryRun: boolean;
  settings: ArchiveSettings;
  /** False when the org has no OSS_Archive_Setting__mdt Default record and the defaults were used. */
  settingsRecord: boolean;
  files: ArchivedFile[];
}

export interface ArchiveOptions {
  packageId: string;
  targetOrg: string;
  dryRun: boolean;
}

export interface ArchiveServices {
  onespan: OneSpanClient;
  connectTargetOrg(alias: string): Promise<TargetOrgConnection>;
}

/** What the org holds for this package, read before anything is written. */
interface OrgState {
  settings: ArchiveSettings;
  settingsRecord: boolean;
  stored: Map<string, FoundFile>;
  eventId?: string;
  libraryId?: string;
}

export async function archivePackage(
  options: ArchiveOptions,
  services: ArchiveServices,
  reporter: Reporter,
): Promise<ArchiveResult> {
  const { packageId, targetOrg } = options;
  const [pkg, org] = await Promise.all([
    runStep(
      reporter,
      formatMessage(archiveText.readPackage, [packageId]),
      () => readOneSpanPackage(services.onespan, packageId),
      (read) => formatMessage(archiveText.packageRead, [read.name, read.status, read.documents.length]),
    ),
    runStep(
      reporter,
      formatMessage(archiveText.connectOrg, [targetOrg]),
      () => services.connectTargetOrg(targetOrg),
      (connection) => connection.instanceUrl,
    ),
  ]);
  // OneSpan's own status is the proof: documents downloaded before completion come back flattened, unsigned.
  if (pkg.status !== 'COMPLETED') {
    throw createError(archiveMessages.notCompleted, [packageId, pkg.status]);
  }
  const state = await runStep(
    reporter,
    archiveText.readSettings,
    () => readOrgState(org, targetOrg, packageId, reporter),
    (read) =>
      formatMessage(archiveText.settingsRead, [
        read.settingsRecord ? archiveText.fromRecord : archiveText.fromDefaults,
        read.settings.libraryName ?? archiveText.noLibrary,
        read.settings.recordIdKey,
        read.settings.storeConsentDocument ? archiveText.consentStored : archiveText.consentSkipped,
        read.settings.recordLinkVisibility,
        read.stored.size,
      ]),
  );
  const recordId = senderRecord(pkg, state.settings, reporter);
  const plan = planFiles(pkg, state.settings);
  const files: ArchivedFile[] = [];
  for (const [index, file] of plan.entries()) {
    const position = [index + 1, plan.length, file.title];
    files.push(
      await archiveFile(file, { org, services, pkg, state, recordId, options, reporter, position, done: files }),
    );
  }
  if (options.dryRun) {
    reporter.log(archiveText.dryRunNote);
  }
  return {
    packageId,
    packageName: pkg.name,
    targetOrg,
    dryRun: options.dryRun,
    settings: state.settings,
    settingsRecord: state.settingsRecord,
    files,
  };
}

async function readOneSpanPackage(onespan: OneSpanClient, packageId: string): Promise<OneSpanPackage> {
  try {
    return readPackage(packageId, await onespan.getPackage(packageId));
  } catch (error) {
    if (error instanceof OssError && error.code === 'OneSpanNotFoundError') {
      throw createError(archiveMessages.packageNotFound, [packageId, error.message], {
        actionArgs: [onespan.apiUrl],
        cause: error,
      });
    }
    throw error;
  }
}

async function readOrgState(
  org: TargetOrgConnection,
  targetOrg: string,
  packageId: string,
  reporter: Reporter,
): Promise<OrgState> {
  let settings: ArchiveSettings | undefined;
  let stored: Map<string, FoundFile>;
  let eventId: string | undefined;
  try {
    [settings, eventId] = await Promise.all([readArchiveSettings(org), findCompleteEvent(org, packageId)]);
    stored = await findStoredFiles(org, packageId, eventId);
  } catch (error) {
    const fault = salesforceFault(error);
    if (['INVALID_TYPE', 'INVALID_FIELD', 'NOT_FOUND'].includes(fault.errorCode)) {
      throw await missingMetadata(org, targetOrg, fault);
    }
    throw refused('reading the archive settings and stored files', fault, 0);
  }
  if (!eventId) {
    reporter.warn(formatMessage(archiveText.noEvent, [packageId]));
  }
  const effective = settings ?? DEFAULT_ARCHIVE_SETTINGS;
  let libraryId: string | undefined;
  if (effective.libraryName) {
    try {
      libraryId = await findLibrary(org, effective.libraryName);
    } catch (error) {
      const fault = salesforceFault(error);
      throw createError(archiveMessages.libraryNotFound, [
        effective.libraryName,
        targetOrg,
        ` (${fault.errorCode}: ${fault.message})`,
      ]);
    }
    if (!libraryId) {
      throw createError(archiveMessages.libraryNotFound, [effective.libraryName, targetOrg, '']);
    }
  }
  return { settings: effective, settingsRecord: settings !== undefined, stored, eventId, libraryId };
}

/**
 * "No such column" or an unknown type: either the metadata is not deployed, or (the usual case right
 * after a deploy) the user lacks the permission set that grants the fields. Told apart by asking the org.
 */
async function missingMetadata(org: TargetOrgConnection, targetOrg: string, fault: SalesforceFault): Promise<OssError> {
  let state: Awaited<ReturnType<typeof permissionSetState>> | undefined;
  try {
    state = await permissionSetState(org, ADMIN_PERMISSION_SET);
  } catch {
    state = undefined;
  }
  if (state === 'not-assigned') {
    return createError(archiveMessages.permissionSetMissing, [targetOrg, fault.message, ADMIN_PERMISSION_SET], {
      actionArgs: [ADMIN_PERMISSION_SET, targetOrg],
    });
  }
  return createError(archiveMessages.notDeployed, [targetOrg, fault.message], { actionArgs: [targetOrg] });
}

function senderRecord(pkg: OneSpanPackage, settings: ArchiveSettings, reporter: Reporter): string | undefined {
  const value = pkg.data[settings.recordIdKey];
  if (value === undefined || value === null || value === '') return undefined;
  if (!isRecordId(value)) {
    reporter.warn(formatMessage(archiveText.badRecordId, [settings.recordIdKey, String(value)]));
    return undefined;
  }
  const sharingObject = sharingObjectOf(value);
  if (sharingObject === undefined) return value;
  reporter.warn(formatMessage(archiveText.sharingRecordId, [settings.recordIdKey, value, sharingObject]));
  return undefined;
}

interface FileContext {
  org: TargetOrgConnection;
  services: ArchiveServices;
  pkg: OneSpanPackage;
  state: OrgState;
  recordId?: string;
  options: ArchiveOptions;
  reporter: Reporter;
  position: unknown[];
  done: ArchivedFile[];
}

async function archiveFile(file: PlannedFile, context: FileContext): Promise<ArchivedFile> {
  const { reporter, position, state } = context;
  const base = { title: file.title, documentId: file.documentId, bytes: file.declaredBytes ?? null };
  if (file.skip) {
    reporter.progress(formatMessage(archiveText.progressSkipped, [...position, archiveText.skippedConsent]));
    return {
      ...base,
      contentVersionId: null,
      contentDocumentId: null,
      status: 'skipped',
      linkedTo: [],
      linksAdded: [],
      reason: archiveText.skippedConsent,
    };
  }
  const existing = state.stored.get(file.documentId);
  if (existing) {
    return alreadyStored(file, existing, base, context);
  }
  if (context.options.dryRun) {
    return {
      ...base,
      contentVersionId: null,
      contentDocumentId: null,
      status: 'to-store',
      linkedTo: [],
      linksAdded: [],
    };
  }
  reporter.progress(formatMessage(archiveText.progressDownload, position));
  const bytes = await download(context, file);
  reporter.progress(formatMessage(archiveText.progressUpload, [...position, formatBytes(bytes.length)]));
  const storedCount = context.done.filter((done) => done.status === 'stored').length;
  let contentVersionId: string;
  try {
    contentVersionId = await uploadFile(
      context.org,
      {
        title: file.title,
        pathOnClient: file.pathOnClient,
        packageId: context.pkg.id,
        documentId: file.documentId,
        firstPublishLocationId: state.libraryId,
      },
      bytes,
    );
  } catch (error) {
    const fault = salesforceFault(error);
    if (fault.errorCode === 'DUPLICATE_VALUE') {
      // Stored meanwhile (another run, the Apex handler): Salesforce refused the second copy.
      return alreadyStored(file, await locateDuplicate(file, fault, context), base, context);
    }
    if (
      fault.errorCode === 'INVALID_CROSS_REFERENCE_KEY' &&
      state.libraryId &&
      fault.message.includes(state.libraryId)
    ) {
      throw createError(archiveMessages.libraryNotFound, [
        state.settings.libraryName,
        context.options.targetOrg,
        ` (${fault.errorCode}: ${fault.message})`,
      ]);
    }
    throw refused(`"${file.title}"`, fault, storedCount);
  }
  let contentDocumentId: string;
  try {
    contentDocumentId = await contentDocumentOf(context.org, contentVersionId);
  } catch (error) {
    throw halfStored(file, contentVersionId, salesforceFault(error), storedCount);
  }
  const linkedTo: LinkTarget[] = state.libraryId ? [{ kind: 'library', id: state.libraryId }] : [];
  for (const target of recordTargets(context)) {
    if (await addLink(file, contentDocumentId, contentVersionId, target, context, storedCount)) {
      linkedTo.push(target);
    }
  }
  reporter.progress(
    formatMessage(archiveText.progressStored, [...position, formatBytes(bytes.length), contentVersionId]),
  );
  return {
    ...base,
    contentVersionId,
    contentDocumentId,
    bytes: bytes.length,
    status: 'stored',
    linkedTo,
    linksAdded: [],
  };
}

/** The event and the sender's record, in that order (the library comes with the insert or a link of its own). */
function recordTargets({ state, recordId }: FileContext): LinkTarget[] {
  return [
    ...(state.eventId ? [{ kind: 'event' as const, id: state.eventId }] : []),
    ...(recordId ? [{ kind: 'record' as const, id: recordId }] : []),
  ];
}

/** Salesforce Ids in 15- and 18-character form name the same record. */
function sameRecord(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15);
}

/**
 * A file already stored: reported with its links, and the links it lacks are added (the event, the
 * library, the sender's record), so a run interrupted between the insert and the links is repaired.
 */
async function alreadyStored(
  file: PlannedFile,
  existing: FoundFile,
  base: Pick<ArchivedFile, 'title' | 'documentId' | 'bytes'>,
  context: FileContext,
): Promise<ArchivedFile> {
  const { state, reporter, position, options } = context;
  const targets: LinkTarget[] = [
    ...(state.libraryId ? [{ kind: 'library' as const, id: state.libraryId }] : []),
    ...recordTargets(context),
  ];
  const linkedTo: LinkTarget[] = [];
  const linksAdded: LinkTarget[] = [];
  const storedCount = context.done.filter((done) => done.status === 'stored').length;
  for (const target of targets) {
    if (existing.linkedEntityIds.some((id) => sameRecord(id, target.id))) {
      linkedTo.push(target);
    } else if (options.dryRun) {
      linksAdded.push(target);
    } else if (
      await addLink(file, existing.contentDocumentId, existing.contentVersionId, target, context, storedCount)
    ) {
      linkedTo.push(target);
      linksAdded.push(target);
    }
  }
  reporter.progress(
    linksAdded.length === 0
      ? formatMessage(archiveText.progressAlready, [...position, existing.contentVersionId])
      : formatMessage(options.dryRun ? archiveText.progressWouldRepair : archiveText.progressRepaired, [
          ...position,
          existing.contentVersionId,
          linksAdded.map((link) => link.kind).join(', '),
        ]),
  );
  return {
    ...base,
    contentVersionId: existing.contentVersionId,
    contentDocumentId: existing.contentDocumentId,
    status: 'already-stored',
    linkedTo,
    linksAdded,
  };
}

/**
 * Links the document; true when linked. The event link is required (a refusal stops the run, saying the
 * file is stored and a re-run adds the link); the sender's record and the library may be refused
 * (deleted, hidden, or the file is in another library) without losing the file: a warning.
 */
async function addLink(
  file: PlannedFile,
  contentDocumentId: string,
  contentVersionId: string,
  target: LinkTarget,
  context: FileContext,
  storedCount: number,
): Promise<boolean> {
  try {
    await linkFile(context.org, contentDocumentId, target.id, target.kind, context.state.settings.recordLinkVisibility);
    return true;
  } catch (error) {
    const fault = salesforceFault(error);
    if (target.kind === 'event') {
      throw halfStored(file, contentVersionId, fault, storedCount, target.id);
    }
    context.reporter.warn(
      formatMessage(archiveText.linkRefused, [
        file.title,
        `${target.kind} ${target.id}`,
        `${fault.errorCode}: ${fault.message}`,
      ]),
    );
    return false;
  }
}

async function locateDuplicate(file: PlannedFile, fault: SalesforceFault, context: FileContext): Promise<FoundFile> {
  const key = fileKey(context.pkg.id, file.documentId);
  let found: FoundFile | undefined;
  try {
    found = await findDuplicate(context.org, fault.message, key, file.documentId);
  } catch (error) {
    const failure = salesforceFault(error);
    throw createError(archiveMessages.duplicateHidden, [file.title, key, `${failure.errorCode}: ${failure.message}`]);
  }
  if (!found) {
    throw createError(archiveMessages.duplicateHidden, [file.title, key, fault.message]);
  }
  return found;
}

async function download(context: FileContext, file: PlannedFile): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await context.services.onespan.downloadFile(
      context.pkg.id,
      file.downloadPath,
      `downloading "${file.title}"`,
    );
  } catch (error) {
    if (error instanceof OssError && error.code === 'OneSpanNotFoundError') {
      throw createError(archiveMessages.documentNotFound, [file.documentId, context.pkg.id, error.message], {
        cause: error,
      });
    }
    throw error;
  }
  // A 200 that is not a PDF (a proxy's page, an error in JSON) must not become a ".pdf" File.
  if (!isPdf(bytes)) {
    throw createError(archiveMessages.notPdf, [
      file.title,
      describeContent(bytes),
      bytes.length,
      context.done.filter((done) => done.status === 'stored').length,
    ]);
  }
  return bytes;
}

function refused(what: string, fault: SalesforceFault, storedCount: number): OssError {
  return createError(archiveMessages.salesforceRefused, [what, fault.errorCode, fault.message, storedCount], {
    data: { errorCode: fault.errorCode, stored: storedCount },
  });
}

/** The file is in Salesforce but the run could not finish it (read back, or link it to the event). */
function halfStored(
  file: PlannedFile,
  contentVersionId: string,
  fault: SalesforceFault,
  storedCount: number,
  eventId?: string,
): OssError {
  const what = eventId ? formatMessage(archiveText.linkingEvent, [eventId]) : archiveText.readingBack;
  return createError(
    archiveMessages.storedNotFinished,
    [file.title, contentVersionId, what, fault.errorCode, fault.message, storedCount],
    { data: { errorCode: fault.errorCode, stored: storedCount + 1, contentVersionId } },
  );
}
