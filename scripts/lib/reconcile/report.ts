/** The human form of a reconcile run: one row per missing event with what happened, then the counts. */
import { Reporter } from '../output';
import { ReconcileResult } from './reconcile';

export function renderReconcile(reporter: Reporter, result: ReconcileResult): void {
  const outcome = new Map<string, string[]>();
  for (const delivered of result.delivered) {
    outcome.set(`${delivered.event} ${delivered.packageId}`, [
      delivered.result,
      delivered.recordId ?? delivered.message ?? '',
    ]);
  }
  for (const failed of result.failed) {
    outcome.set(`${failed.event} ${failed.packageId}`, [
      failed.errorCode ? `${failed.result} (${failed.errorCode})` : failed.result,
      [failed.message, failed.fix].filter(Boolean).join(' '),
    ]);
  }
  reporter.log();
  if (result.missing.length > 0) {
    reporter.table(
      ['Event', 'Package', 'Finished', 'Result', 'Detail'],
      result.missing.map((missing) => [
        missing.event,
        missing.packageId,
        missing.createdDate,
        ...(outcome.get(`${missing.event} ${missing.packageId}`) ??
          (result.dryRun ? ['missing (dry run: not sent)', ''] : ['not sent', ''])),
      ]),
    );
    reporter.log();
  }
  reporter.log(
    `${result.checked} finished between ${result.since} and ${result.until} checked: ${result.alreadyStored} already in the org, ` +
      `${result.missing.length} missing, ${result.delivered.length} delivered, ${result.failed.length} failed.`,
  );
  if (result.stoppedEarly) {
    const { stage, code, message, actions } = result.stoppedEarly;
    reporter.log();
    reporter.log(
      `Stopped early while ${stage === 'listing' ? "reading OneSpan's transactions" : 'asking the org for its events'} (${code}): ${message}`,
    );
    actions.forEach((action) => reporter.log(`  - ${action}`));
    reporter.log('What was delivered stays delivered; run reconcile again once the cause is fixed.');
  }
}
