/**
 * `npm run doctor`: every check of the set-up (settings, host, token, Run As user, Apex class, probe,
 * OneSpan API key, registration and key), as a table of check, result and fix. Unlike register and
 * verify it does not stop at the first problem. Exit 1 when any check fails.
 */
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import { runDoctor } from '../lib/doctor';
import { doctorExitCode, renderDoctor } from '../lib/doctorReport';
import { runCommand } from '../lib/output';
import { addSettingsOptions, loadSettingsDraft, rejectSecretFlags, SettingsFlags } from '../lib/settings';

const argv = process.argv.slice(2);

void runCommand(wantsJson(argv), async (reporter) => {
  rejectSecretFlags(argv);
  const command = addSettingsOptions(
    createCommand('doctor', 'Check every part of the OneSpan Sign callback set-up and say how to fix what fails.'),
  );
  const flags = parseFlags<SettingsFlags>(command, argv);
  const checks = await runDoctor({
    loadDraft: () => loadSettingsDraft(flags, { notice: (text) => reporter.warn(text) }),
  });
  renderDoctor(reporter, checks);
  return { result: checks, exitCode: doctorExitCode(checks) };
});
