/**
 * `npm run smoke`: Step 5 of the guide. After the verify checks, creates a DRAFT transaction with
 * "data": {"origin": "OSS"}, waits (at most --wait seconds, progress on stderr) for its PACKAGE_CREATE
 * callback in OSS_Callback_Event__c, reports the delay and deletes the transaction. Exit 1 when the
 * callback does not arrive.
 */
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import { runCommand } from '../lib/output';
import { createServices } from '../lib/registration';
import { addKeyWaitOption, addSettingsOptions, loadSettings, rejectSecretFlags, SettingsFlags } from '../lib/settings';
import { DEFAULT_WAIT_SECONDS, parseWaitSeconds, smoke } from '../lib/smoke';

const argv = process.argv.slice(2);

void runCommand(wantsJson(argv), async (reporter) => {
  rejectSecretFlags(argv);
  const command = addKeyWaitOption(
    addSettingsOptions(
      createCommand('smoke', 'Create a test transaction and wait for its PACKAGE_CREATE callback in the org (Step 5).'),
    ),
  );
  command.option('--wait <seconds>', `How long to wait for the callback (default ${DEFAULT_WAIT_SECONDS}).`);
  const flags = parseFlags<SettingsFlags & { wait?: string }>(command, argv);
  const waitSeconds = parseWaitSeconds(flags.wait);
  const settings = await loadSettings(flags, { notice: (text) => reporter.warn(text) });
  const result = await smoke(settings, createServices(settings), reporter, { waitSeconds });
  reporter.log();
  reporter.log(
    `OneSpan's ${result.event.Event_Name__c} callback reached the org ${result.delayMs} ms after the transaction was created (polled every ${result.pollIntervalMs} ms).`,
  );
  return { result };
});
