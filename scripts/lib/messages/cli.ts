import { defineMessages } from './index';

/** Messages shared by every command: flag parsing and the unexpected. */
export const cliMessages = defineMessages({
  flagError: {
    code: 'FlagError',
    message: '%s',
    actions: ['Run the command with --help to see its flags.'],
    exitCode: 2,
  },
});
