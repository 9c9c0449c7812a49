/**
 * `npm run ci-registration -- record|restore`: the OneSpan safety steps around `register` in CI (see
 * scripts/lib/onespan/ciRegistration.ts and docs/ci.md). `record` refuses a non-sandbox OneSpan URL and a
 * takeover it could not undo, and, in GitHub Actions, writes the registration to give back (url and
 * events, no secret) to the step outputs; `restore` gives it back. Both take the settings flags, so the
 * OneSpan URL and credentials are read exactly as register reads them.
 */
import { appendFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import {
  recordRegistration,
  RecordResult,
  restoreRegistration,
  RestoreResult,
  stepOutputs,
} from '../lib/onespan/ciRegistration';
import { runCommand } from '../lib/output';
import { createServices } from '../lib/registration';
import { addSettingsOptions, loadSettingsDraft, rejectSecretFlags, SettingsFlags } from '../lib/settings';

const argv = process.argv.slice(2);

type Action = 'record' | 'restore';

function parseAction(value: string): Action {
  if (value !== 'record' && value !== 'restore') {
    throw new InvalidArgumentError('It must be "record" or "restore".');
  }
  return value;
}

void runCommand<RecordResult | RestoreResult>(wantsJson(argv), async (reporter) => {
  rejectSecretFlags(argv);
  const command = addSettingsOptions(
    createCommand(
      'ci-registration',
      "CI only: record the OneSpan account's callback before register, and give it back afterwards.",
    ),
  ).argument('<action>', 'record (before register) or restore (after it, in an always() step)', parseAction);
  const flags = parseFlags<SettingsFlags>(command, argv);
  const action = command.processedArgs[0] as Action;
  const settings = await loadSettingsDraft(flags, { notice: (text) => reporter.warn(text) });
  const services = createServices(settings);
  if (action === 'restore') {
    return { result: await restoreRegistration(services, reporter, process.env) };
  }
  const result = await recordRegistration(settings.onespanApiUrl, services, reporter, process.env);
  if (process.env.GITHUB_OUTPUT) {
    appendFileSync(process.env.GITHUB_OUTPUT, stepOutputs(result));
  }
  return { result };
});
