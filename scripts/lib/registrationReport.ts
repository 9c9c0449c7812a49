/**
 * The human summary of register and verify (the steps themselves are printed as they run); JSON
 * mode prints the result object instead, through the same renderer.
 */
import { Reporter } from './output';
import { RegistrationDifference, RegistrationResult, VerificationResult } from './registration';

function renderChanges(reporter: Reporter, changes: readonly RegistrationDifference[]): void {
  if (changes.length === 0) {
    return;
  }
  reporter.log();
  if (changes.some((change) => change.field === 'registration')) {
    reporter.log('Nothing was registered with OneSpan before: this is a new registration.');
    return;
  }
  reporter.log('Changes at OneSpan:');
  reporter.table(
    ['Field', 'Registered now', 'After register'],
    changes.map((change) => [change.field, change.registered ?? '-', change.expected ?? change.message]),
  );
}

export function renderRegistration(reporter: Reporter, result: RegistrationResult): void {
  renderChanges(reporter, result.changes);
  if (result.request) {
    reporter.log();
    reporter.log('The request that would be sent (secrets masked):');
    reporter.log(JSON.stringify(result.request, null, 2));
  }
  reporter.log();
  reporter.table(
    ['Setting', 'Value'],
    [
      ['Callback URL', result.callbackUrl],
      ['Namespace', result.namespacePrefix || '(none)'],
      ['Events', result.events.join(', ')],
      ['Key', `base64 {host: ${result.host}, client_id, client_secret} (not shown)`],
    ],
  );
  reporter.log();
  reporter.log(
    result.dryRun
      ? 'Dry run: every check passed; nothing was sent to OneSpan.'
      : `Registered and verified: OneSpan will POST ${result.events.join(', ')} to ${result.callbackUrl}.`,
  );
}

export function renderVerification(reporter: Reporter, result: VerificationResult): void {
  reporter.log();
  reporter.log(`The registration matches and works: OneSpan can get a token and reach ${result.callbackUrl}.`);
}
