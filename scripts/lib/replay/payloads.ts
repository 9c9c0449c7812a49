/**
 * Payloads from OneSpan's callback failure e-mail (OneSpan never re-sends a failed callback), checked
 * locally before anything is sent: each file (or standard input) holds one event object or a JSON array
 * of them. Every problem names the file and, for arrays, the index, so a user knows which one to fix.
 * The receiver's own limits come from the contract both it and the emulator read.
 */
import { readFile } from 'node:fs/promises';
import contract from '../../../force-app/main/default/staticresources/OssCallbackContract.json';
import { formatMessage } from '../messages';
import { payloadProblems } from '../messages/replay';

/**
 * The receiver's largest body, in characters (OssCallbackContract.json `limits.maxBodyLength`). The
 * contract is imported, not read from disk, so the command also works from the launcher's bundle.
 */
export function receiverMaxBodyLength(): number {
  return contract.limits.maxBodyLength;
}

/** A file of payloads larger than this is not an e-mail's payload; it is refused before it is parsed. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export const STDIN_NAME = '-';

export interface PayloadSource {
  /** The path as given, or "-" for standard input. */
  name: string;
  bytes?: Buffer;
  /** Why it could not be read, when it could not. */
  readError?: string;
}

export interface Payload {
  /** "file.json" or "file.json[2]" for the third entry of an array. */
  label: string;
  source: string;
  index: number;
  name: string;
  packageId?: string;
  /** What is POSTed: the text as given for a single object, each entry re-serialised for an array. */
  body: string;
}

export type PayloadProblemCode = keyof typeof payloadProblems;

export interface InvalidPayload {
  label: string;
  source: string;
  index?: number;
  code: PayloadProblemCode;
  message: string;
}

function sourceLabel(source: string): string {
  return source === STDIN_NAME ? 'standard input' : source;
}

function invalid(source: string, index: number | undefined, code: PayloadProblemCode, args: unknown[] = []) {
  const label = index === undefined ? sourceLabel(source) : `${sourceLabel(source)}[${index}]`;
  return { label, source, index, code, message: `${label} ${formatMessage(payloadProblems[code], args)}` };
}

function decodes(bytes: Buffer, stream: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}

/** The offset of the first byte that is not valid UTF-8, or undefined when all are. */
export function invalidUtf8Offset(bytes: Buffer): number | undefined {
  if (decodes(bytes, false)) {
    return undefined;
  }
  // The longest prefix a streaming decoder accepts (validity of prefixes is monotonic when streaming).
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = Math.floor((low + high + 1) / 2);
    if (decodes(bytes.subarray(0, middle), true)) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  if (decodes(bytes.subarray(0, low), false)) {
    return low;
  }
  // The prefix ends inside a sequence that never completes: the error starts at its lead byte.
  let lead = low - 1;
  while (lead > 0 && (bytes[lead] & 0xc0) === 0x80) {
    lead--;
  }
  return lead;
}

function describeJsonType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function toPayload(
  source: string,
  index: number | undefined,
  value: unknown,
  body: string,
  maxBodyLength: number,
): Payload | InvalidPayload {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid(source, index, 'notObject', [describeJsonType(value)]);
  }
  const event = value as Record<string, unknown>;
  if (typeof event.name !== 'string' || event.name.trim() === '') {
    return invalid(source, index, 'missingName');
  }
  if (body.length > maxBodyLength) {
    return invalid(source, index, 'tooLarge', [body.length, maxBodyLength]);
  }
  const label = index === undefined ? sourceLabel(source) : `${sourceLabel(source)}[${index}]`;
  return {
    label,
    source,
    index: index ?? 0,
    name: event.name,
    packageId: typeof event.packageId === 'string' ? event.packageId : undefined,
    body,
  };
}

/** One source's payloads, each valid or with the reason it is not. */
export function parsePayloads(source: PayloadSource, maxBodyLength: number): (Payload | InvalidPayload)[] {
  const { name, bytes } = source;
  if (!bytes) {
    return [invalid(name, undefined, 'unreadable', [source.readError ?? 'unknown error'])];
  }
  if (bytes.length > MAX_FILE_BYTES) {
    return [invalid(name, undefined, 'tooLargeFile', [bytes.length, MAX_FILE_BYTES])];
  }
  const badByte = invalidUtf8Offset(bytes);
  if (badByte !== undefined) {
    return [invalid(name, undefined, 'notUtf8', [badByte])];
  }
  // A byte-order mark is what Windows editors put in front of UTF-8; it is not part of the JSON.
  const text = bytes
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim();
  if (text === '') {
    return [invalid(name, undefined, 'empty')];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return [invalid(name, undefined, 'notJson', [(error as Error).message])];
  }
  if (!Array.isArray(parsed)) {
    return [toPayload(name, undefined, parsed, text, maxBodyLength)];
  }
  if (parsed.length === 0) {
    return [invalid(name, undefined, 'emptyArray')];
  }
  return parsed.map((entry, index) => toPayload(name, index, entry, JSON.stringify(entry), maxBodyLength));
}

export function isPayload(entry: Payload | InvalidPayload): entry is Payload {
  return 'body' in entry;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads each named file, and standard input for "-"; a file that cannot be read carries why. */
export async function readPayloadSources(
  names: readonly string[],
  stdin: NodeJS.ReadableStream,
): Promise<PayloadSource[]> {
  const sources: PayloadSource[] = [];
  for (const name of names) {
    try {
      sources.push({ name, bytes: name === STDIN_NAME ? await readAll(stdin) : await readFile(name) });
    } catch (error) {
      sources.push({ name, readError: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
    }
  }
  return sources;
}
