/**
 * Flag parsing shared by every command (commander), with sf CLI conventions: `--json` and `--help`
 * everywhere, and flag mistakes (an unknown flag included) reported like any other error (exit code 2,
 * a fix, the JSON envelope under --json) instead of commander's own stderr text.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { cliMessages } from './messages/cli';
import { createError } from './messages';

/** A command with the flags every command has. */
export function createCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .option('--json', 'Format output as JSON (the sf CLI envelope).', false)
    .helpOption('-h, --help', 'Show help for this command.')
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
}

/** True when `--json` is among the raw arguments, so even a flag error can be rendered as JSON. */
export function wantsJson(argv: readonly string[]): boolean {
  return argv.includes('--json');
}

/**
 * Parses `argv` (user arguments only). Help and version print and exit 0; a flag error becomes a
 * `FlagError` carrying commander's explanation.
 */
export function parseFlags<T>(command: Command, argv: readonly string[]): T {
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        process.exit(0);
      }
      throw createError(cliMessages.flagError, [flagErrorText(error)]);
    }
    throw error;
  }
  return command.opts<T & Record<string, unknown>>() as T;
}

/** commander's explanation, worded as sf words an unknown flag ("Nonexistent flag: --nmae"). */
function flagErrorText(error: CommanderError): string {
  const text = error.message.replace(/^error: /, '');
  if (error.code === 'commander.unknownOption') {
    return text.replace(/^unknown option '([^']*)'/, 'Nonexistent flag: $1');
  }
  return text;
}

/** A flag value parser for whole numbers greater than 0 (minutes, seconds, counts): `abc` is a FlagError, not a default. */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new InvalidArgumentError('It must be a whole number greater than 0.');
  }
  return parsed;
}
