/**
 * `npm run register`: Steps 2–4 of the guide in one command. Checks the token, namespace and probe as
 * OneSpan will, then registers the salesforceOauth2 callback and reads it back. Exit 0 only when
 * registered and verified (or, with --dry-run, when every check before the POST passed); 3 when registered
 * but the OneSpan key could not be stored in the org (--target-org).
 */
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import { OssError } from '../lib/errors';
import { cliMessages } from '../lib/messages/cli';
import { formatMessage } from '../lib/messages';
import { archiveText } from '../lib/messages/archive';
import { runCommand } from '../lib/output';
import { createServices, register, runStep } from '../lib/registration';
import { renderRegistration } from '../lib/registrationReport';
import { credentialTarget, ONESPAN_PRINCIPAL, storeOneSpanCredential } from '../lib/salesforce/oneSpanCredential';
import { addKeyWaitOption, addSettingsOptions, loadSettings, rejectSecretFlags, SettingsFlags } from '../lib/settings';

const argv = process.argv.slice(2);

/** Exit code when OneSpan holds the registration but the key could not be stored in Salesforce (docs/register.md). */
const REGISTERED_KEY_NOT_STORED = 3;

void runCommand(wantsJson(argv), async (reporter) => {
  rejectSecretFlags(argv);
  const command = addKeyWaitOption(
    addSettingsOptions(
      createCommand('register', 'Register the Salesforce callback with OneSpan Sign (Client Credentials Flow).'),
    ),
  );
  command.option('--dry-run', 'Do everything but the OneSpan POST; print the request with secrets masked.', false);
  command.option(
    '--replace',
    'Replace a registration that points at another org (other host or path); that org stops receiving callbacks.',
    false,
  );
  const flags = parseFlags<SettingsFlags & { replace?: boolean }>(command, argv);
  const settings = await loadSettings(flags, { notice: (text) => reporter.warn(text) });
  const services = createServices(settings);
  const result = await register(settings, services, reporter, { replace: flags.replace });
  renderRegistration(reporter, result);
  if (!settings.targetOrg) {
    reporter.log(archiveText.credentialHint);
    return { result };
  }
  if (settings.dryRun) {
    return { result };
  }
  // Last, so a refused credential write never hides the registration above: it is done, and reported.
  const alias = settings.targetOrg;
  const secret = settings.onespanAuth;
  const target = credentialTarget(secret.mode);
  try {
    const oneSpanCredential = await runStep(
      reporter,
      formatMessage(archiveText.credentialStep, [target.what, target.externalCredential, ONESPAN_PRINCIPAL]),
      async () => storeOneSpanCredential(await services.connectTargetOrg(alias), secret, alias),
      (written) => formatMessage(archiveText.credentialDone, [written.action, alias]),
    );
    return { result: { ...result, status: 'registered', oneSpanCredential } };
  } catch (thrown) {
    // OneSpan has changed, so exit 1 ("nothing was written") would be untrue: a distinct exit code and
    // status, with the registration kept in the result, tell a pipeline to retry only the key.
    const error = OssError.wrap(thrown);
    if (error.code === cliMessages.interrupted.code) throw error;
    reporter.warn(formatMessage(archiveText.keyNotStored, [error.code, error.message]));
    const actions = [...error.actions, formatMessage(archiveText.keyNotStoredFix, [alias])];
    reporter.log();
    reporter.log('Try this:');
    actions.forEach((action) => reporter.log(`  - ${action}`));
    return {
      result: {
        ...result,
        status: 'registeredKeyNotStored',
        oneSpanCredential: { stored: false, name: error.code, message: error.message, actions },
      },
      exitCode: REGISTERED_KEY_NOT_STORED,
    };
  }
});
