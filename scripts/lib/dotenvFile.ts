/**
 * Reads `.env` strictly: dotenv decodes whatever bytes it is given as UTF-8 and turns an editor's
 * Latin-1 "é" into U+FFFD, so a consumer key from such a file would be sent garbled and refused by
 * Salesforce with a misleading "unknown client". The file is decoded first, failing on the first
 * invalid byte, so the fix (the encoding) is named instead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { createError } from './messages';
import { dotenvMessages } from './messages/dotenv';

export type Environment = Readonly<Record<string, string | undefined>>;

function decodes(bytes: Uint8Array, stream: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}

/** Where the first sequence that is not valid UTF-8 starts, or undefined when all of it is valid. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number | undefined {
  if (decodes(bytes, false)) {
    return undefined;
  }
  // TextDecoder does not say where. The shortest prefix refused in streaming mode (which holds back an
  // unfinished sequence instead of refusing it) ends just past the bad sequence; the longest complete
  // prefix before that ends where it starts. A .env is small, so the quadratic search is fine.
  let refusedEnd = bytes.length;
  for (let end = 1; end <= bytes.length; end++) {
    if (!decodes(bytes.subarray(0, end), true)) {
      refusedEnd = end;
      break;
    }
  }
  let start = refusedEnd - 1;
  while (start > 0 && !decodes(bytes.subarray(0, start), false)) {
    start--;
  }
  return start;
}

/** The variables in `<cwd>/.env`, or none when there is no such file. */
export function readDotenvFile(cwd: string): Environment {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(cwd, '.env'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return {};
    }
    throw error;
  }
  const offset = firstInvalidUtf8Offset(bytes);
  if (offset !== undefined) {
    throw createError(dotenvMessages.notUtf8, [cwd, offset]);
  }
  return parseDotenv(bytes);
}
