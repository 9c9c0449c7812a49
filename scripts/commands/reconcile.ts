/**
 * `npm run reconcile -- --since <2d | ISO date> [--until ...] [--dry-run]`: finds the transactions that
 * finished in the window whose event never reached the org (OneSpan delivers once and only e-mails
 * the sender when that fails) and delivers each as OneSpan would. Exit 1 when anything could not be
 * delivered or looked at, so a scheduled run fails visibly.
 */
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import { runCommand } from '../lib/output';
import { reconcile, reconcileExitCode } from '../lib/reconcile/reconcile';
import { renderReconcile } from '../lib/reconcile/report';
import { DEFAULT_SETTLE, parseWindow } from '../lib/reconcile/window';
import { createServices } from '../lib/registration';
import { addSettingsOptions, loadSettings, rejectSecretFlags, SettingsFlags } from '../lib/settings';

const argv = process.argv.slice(2);

void runCommand(wantsJson(argv), async (reporter) => {
  rejectSecretFlags(argv);
  const command = addSettingsOptions(
    createCommand('reconcile', 'Deliver the events of finished transactions that never reached the org.'),
  );
  command
    .option('--since <when>', 'Start of the window: a duration back from now (2d, 12h, 90m, 1w) or an ISO date.')
    .option('--until <when>', 'End of the window, in the same forms (default: now minus --settle).')
    .option(
      '--settle <duration>',
      'Without --until, leave transactions finished this recently to their own callback (0: up to now).',
      DEFAULT_SETTLE,
    )
    .option('--dry-run', 'List the missing events; send nothing.', false);
  const flags = parseFlags<SettingsFlags & { since?: string; until?: string; settle: string }>(command, argv);
  // The window first: a typo in --since is reported before any setting or service is looked at.
  const window = parseWindow(flags.since, flags.until, new Date(), flags.settle);
  const settings = await loadSettings(flags, { notice: (text) => reporter.warn(text) });
  const result = await reconcile(settings, createServices(settings), reporter, { window, dryRun: settings.dryRun });
  renderReconcile(reporter, result);
  return { result, exitCode: reconcileExitCode(result) };
});
