import { defineMessages } from './index';

/** Messages shared by every command: flag parsing and the unexpected. */
export const cliMessages = defineMessages({
  flagError: {
    code: 'FlagError',
    message: '%s',
    actions: ['Run the command with --help to see its flags.'],
    exitCode: 2,
  },
  interrupted: {
    code: 'InterruptedError',
    message: 'Interrupted by %s%s; the command stopped without finishing.',
    actions: [
      'Run npm run verify to see what OneSpan holds now (a registration sent just before the interrupt may or may not have arrived).',
      'Run the command again when ready: register replaces the whole registration, so a repeat is safe.',
    ],
    exitCode: 130,
  },
});
