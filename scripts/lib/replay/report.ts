/** The human form of a replay: one row per payload, then the counts. */
import { Reporter } from '../output';
import { DELIVERED_STATUSES, ReplayResult } from './deliver';

export function renderReplay(reporter: Reporter, result: ReplayResult): void {
  reporter.log();
  reporter.table(
    ['Payload', 'Event', 'Package', 'Result', 'Detail'],
    result.payloads.map((payload) => [
      payload.label,
      payload.name ?? '-',
      payload.packageId ?? '-',
      payload.errorCode ? `${payload.status} (${payload.errorCode})` : payload.status,
      payload.recordId ?? [payload.message, payload.fix].filter(Boolean).join(' '),
    ]),
  );
  const count = (status: string) => result.payloads.filter((payload) => payload.status === status).length;
  const failed = result.payloads.length - DELIVERED_STATUSES.reduce((sum, status) => sum + count(status), 0);
  const delivered =
    count('delivered') > 0 ? `${count('delivered')} delivered (HTTP 200, not this receiver's answer), ` : '';
  reporter.log();
  reporter.log(
    `${count('stored')} stored, ${count('duplicate')} already there (duplicate, not stored again), ${delivered}${failed} not replayed.`,
  );
}
