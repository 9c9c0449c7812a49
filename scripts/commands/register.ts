/**
 * `npm run register`: Steps 2–4 of the guide in one command. Checks the token, namespace and probe as
 * OneSpan will, then registers the salesforceOauth2 callback and reads it back. Exit 0 only when
 * registered and verified (or, with --dry-run, when every check before the POST passed).
 */
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import { runCommand } from '../lib/output';
import { createServices, register } from '../lib/registration';
import { renderRegistration } from '../lib/registrationReport';
import { addSettingsOptions, loadSettings, rejectSecretFlags, SettingsFlags } from '../lib/settings';

const argv = process.argv.slice(2);

void runCommand(wantsJson(argv), async (reporter) => {
  rejectSecretFlags(argv);
  const command = addSettingsOptions(
    createCommand('register', 'Register the Salesforce callback with OneSpan Sign (Client Credentials Flow).'),
  );
  command.option('--dry-run', 'Do everything but the OneSpan POST; print the request with secrets masked.', false);
  const settings = await loadSettings(parseFlags<SettingsFlags>(command, argv));
  const result = await register(settings, createServices(settings), reporter);
  renderRegistration(reporter, result);
  return { result };
});
