import { defineMessages } from './index';

/** Problems with the `.env` file itself, before any of its values is looked at. */
export const dotenvMessages = defineMessages({
  notUtf8: {
    code: 'DotenvEncodingError',
    message:
      '.env in %s is not UTF-8 (the byte at offset %s cannot be decoded); its values would reach Salesforce and OneSpan garbled.',
    actions: [
      'Save .env as UTF-8 (most editors: "Save with encoding"; iconv -f latin1 -t utf-8 .env > .env.utf8), then run the command again.',
    ],
    exitCode: 2,
  },
});
