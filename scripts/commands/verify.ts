/**
 * `npm run verify`: checks that what OneSpan has registered matches these settings and works (token,
 * namespace, probe, then the registration read back). Writes nothing; exit 1 when it does not match.
 */
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import { runCommand } from '../lib/output';
import { createServices, verify } from '../lib/registration';
import { renderVerification } from '../lib/registrationReport';
import { addSettingsOptions, loadSettings, rejectSecretFlags, SettingsFlags } from '../lib/settings';

const argv = process.argv.slice(2);

void runCommand(wantsJson(argv), async (reporter) => {
  rejectSecretFlags(argv);
  const command = addSettingsOptions(
    createCommand(
      'verify',
      'Verify the OneSpan Sign callback registration against these settings, without changing it.',
    ),
  );
  const settings = await loadSettings(parseFlags<SettingsFlags>(command, argv), {
    notice: (text) => reporter.warn(text),
  });
  const result = await verify(settings, createServices(settings), reporter);
  renderVerification(reporter, result);
  return { result };
});
