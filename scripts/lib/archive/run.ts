/**
 * `npm run archive`: the Apex archiving handler's job from outside Salesforce, for backfill and for
 * documents above the size Apex attempts. Reads the transaction from OneSpan and, in parallel, connects
 * to the org; reads the settings, the event and the files already stored before writing anything (a
 * bad library name or undeployed metadata stops the run with nothing written); then stores each file
 * in turn, holding one document in memory at a time. A file is whole or absent: a run that stops
 * half-way is finished by running it again (stored files are recognised by package and document id).
 */
import { OssError } from '../errors';
import { createError, formatMessage } from '../messages';
import { archiveMessages, archiveText } from '../messages/archive';
import type { OneSpanClient } from '../onespan/client';
import type { Reporter } from '../output';
import { runStep } from '../registration';
import { salesforceFault, type TargetOrgConnection } from '../salesforce/targetOrg';
import {
  findCompleteEvent,
  findLibrary,
  findStoredFiles,
  linkFile,
  readArchiveSettings,
  StoredFile,
  uploadFile,
} from './org';
import {
  ArchiveSettings,
  formatBytes,
  isRecordId,
  OneSpanPackage,
  PlannedFile,
  planFiles,
  readPackage,
  SHIPPED_ARCHIVE_SETTINGS,
} from './plan';

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
  linkedTo: LinkTarget[];
  reason?: string;
}

export interface ArchiveResult {
  packageId: string;
  packageName: string;
  targetOrg: string;
  dryRun: boolean;
  settings: ArchiveSettings;
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
  stored: Map<string, StoredFile>;
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
  if (pkg.status !== 'COMPLETED') {
    throw createError(archiveMessages.notCompleted, [packageId, pkg.status]);
  }
  const state = await runStep(
    reporter,
    archiveText.readSettings,
    () => readOrgState(org, targetOrg, packageId, reporter),
    (read) =>
      formatMessage(archiveText.settingsRead, [
        read.settings.libraryName ?? archiveText.noLibrary,
        read.settings.recordIdKey,
        read.settings.storeConsentDocument ? archiveText.consentStored : archiveText.consentSkipped,
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
  return { packageId, packageName: pkg.name, targetOrg, dryRun: options.dryRun, settings: state.settings, files };
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
  let stored: Map<string, StoredFile>;
  let eventId: string | undefined;
  try {
    [settings, stored, eventId] = await Promise.all([
      readArchiveSettings(org),
      findStoredFiles(org, packageId),
      findCompleteEvent(org, packageId),
    ]);
  } catch (error) {
    const fault = salesforceFault(error);
    if (['INVALID_TYPE', 'INVALID_FIELD', 'NOT_FOUND'].includes(fault.errorCode)) {
      throw createError(archiveMessages.notDeployed, [targetOrg, fault.message], { actionArgs: [targetOrg] });
    }
    throw refused('reading the archive settings and stored files', fault, 0);
  }
  if (!settings) {
    reporter.warn(archiveText.noSettingRecord);
    settings = SHIPPED_ARCHIVE_SETTINGS;
  }
  if (!eventId) {
    reporter.warn(formatMessage(archiveText.noEvent, [packageId]));
  }
  let libraryId: string | undefined;
  if (settings.libraryName) {
    libraryId = await findLibrary(org, settings.libraryName);
    if (!libraryId) {
      throw createError(archiveMessages.libraryNotFound, [settings.libraryName, targetOrg]);
    }
  }
  return { settings, stored, eventId, libraryId };
}

function senderRecord(pkg: OneSpanPackage, settings: ArchiveSettings, reporter: Reporter): string | undefined {
  const value = pkg.data[settings.recordIdKey];
  if (value === undefined || value === null || value === '') return undefined;
  if (isRecordId(value)) return value;
  reporter.warn(formatMessage(archiveText.badRecordId, [settings.recordIdKey, String(value)]));
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
      reason: archiveText.skippedConsent,
    };
  }
  const existing = state.stored.get(file.documentId);
  if (existing) {
    reporter.progress(formatMessage(archiveText.progressAlready, [...position, existing.contentVersionId]));
    return { ...base, ...existing, status: 'already-stored', linkedTo: [] };
  }
  if (context.options.dryRun) {
    return { ...base, contentVersionId: null, contentDocumentId: null, status: 'to-store', linkedTo: [] };
  }
  reporter.progress(formatMessage(archiveText.progressDownload, position));
  const bytes = await download(context, file);
  reporter.progress(formatMessage(archiveText.progressUpload, [...position, formatBytes(bytes.length)]));
  const storedCount = context.done.filter((done) => done.status === 'stored').length;
  let stored: StoredFile;
  try {
    stored = await uploadFile(
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
    throw refused(`"${file.title}"`, salesforceFault(error), storedCount);
  }
  const linkedTo: LinkTarget[] = state.libraryId ? [{ kind: 'library', id: state.libraryId }] : [];
  const targets: LinkTarget[] = [
    ...(state.eventId ? [{ kind: 'event' as const, id: state.eventId }] : []),
    ...(context.recordId ? [{ kind: 'record' as const, id: context.recordId }] : []),
  ];
  for (const target of targets) {
    try {
      await linkFile(context.org, stored.contentDocumentId, target.id);
      linkedTo.push(target);
    } catch (error) {
      const fault = salesforceFault(error);
      if (target.kind !== 'record') {
        throw refused(`the link of "${file.title}" to the event ${target.id}`, fault, storedCount + 1);
      }
      // The sender's Id comes from the transaction's data: a deleted or invisible record must not stop the run.
      context.reporter.warn(
        formatMessage(archiveText.linkRefused, [file.title, target.id, `${fault.errorCode}: ${fault.message}`]),
      );
    }
  }
  reporter.progress(
    formatMessage(archiveText.progressStored, [...position, formatBytes(bytes.length), stored.contentVersionId]),
  );
  return { ...base, ...stored, bytes: bytes.length, status: 'stored', linkedTo };
}

async function download(context: FileContext, file: PlannedFile): Promise<Buffer> {
  try {
    return await context.services.onespan.downloadFile(
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
}

function refused(what: string, fault: { errorCode: string; message: string }, storedCount: number): OssError {
  return createError(archiveMessages.salesforceRefused, [what, fault.errorCode, fault.message, storedCount], {
    data: { errorCode: fault.errorCode, stored: storedCount },
  });
}
