/** The human summary of `npm run archive` (the JSON envelope is the result as is). */
import { formatMessage } from '../messages';
import { archiveText } from '../messages/archive';
import type { Reporter } from '../output';
import { formatBytes } from './plan';
import type { ArchiveResult } from './run';

export function renderArchive(reporter: Reporter, result: ArchiveResult): void {
  reporter.log();
  reporter.table(
    ['File', 'Status', 'Size', 'ContentVersion', 'Linked to'],
    result.files.map((file) => [
      file.title,
      file.status,
      file.bytes === null ? '' : formatBytes(file.bytes),
      file.contentVersionId ?? '',
      file.linkedTo.map((link) => `${link.kind} ${link.id}`).join(', '),
    ]),
  );
  const count = (status: string): number => result.files.filter((file) => file.status === status).length;
  const uploaded = result.files
    .filter((file) => file.status === 'stored')
    .reduce((sum, file) => sum + (file.bytes ?? 0), 0);
  reporter.log();
  reporter.log(
    formatMessage(archiveText.summary, [
      count('stored'),
      count('already-stored'),
      count('skipped'),
      formatBytes(uploaded),
    ]),
  );
  const repaired = result.files.filter((file) => file.linksAdded.length > 0).length;
  if (repaired > 0) {
    reporter.log(
      formatMessage(result.dryRun ? archiveText.summaryWouldRepair : archiveText.summaryRepaired, [repaired]),
    );
  }
}
