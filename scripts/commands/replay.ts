/**
 * `npm run replay -- --file <payload.json>` (repeatable; `-` reads standard input): re-delivers payloads
 * from OneSpan's callback failure e-mail to the callback URL with a client-credentials token. Each file
 * holds one event or a JSON array of events. Exit 1 when any payload was invalid, refused or not delivered.
 */
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import { createError } from '../lib/messages';
import { replayMessages } from '../lib/messages/replay';
import { runCommand } from '../lib/output';
import { createSalesforceServices } from '../lib/registration';
import { replay, replayExitCode } from '../lib/replay/deliver';
import { parsePayloads, readPayloadSources, receiverMaxBodyLength } from '../lib/replay/payloads';
import { renderReplay } from '../lib/replay/report';
import { addSalesforceOptions, loadSalesforceSettings, rejectSecretFlags, SettingsFlags } from '../lib/settings';

const argv = process.argv.slice(2);

void runCommand(wantsJson(argv), async (reporter) => {
  rejectSecretFlags(argv);
  const command = addSalesforceOptions(
    createCommand('replay', "Re-deliver payloads from OneSpan's callback failure e-mail to the callback URL."),
  );
  command.option(
    '--file <path>',
    'A JSON file with one payload or an array of payloads; "-" reads standard input. Repeatable.',
    (value: string, previous: string[]) => [...previous, value],
    [],
  );
  const flags = parseFlags<SettingsFlags & { file: string[] }>(command, argv);
  if (flags.file.length === 0) {
    throw createError(replayMessages.noFile);
  }
  const sources = await readPayloadSources(flags.file, process.stdin);
  const maxBodyLength = receiverMaxBodyLength();
  const entries = sources.flatMap((source) => parsePayloads(source, maxBodyLength));
  const settings = await loadSalesforceSettings(flags, { notice: (text) => reporter.warn(text) });
  const result = await replay(settings, createSalesforceServices(settings), reporter, entries);
  renderReplay(reporter, result);
  return { result, exitCode: replayExitCode(result) };
});
