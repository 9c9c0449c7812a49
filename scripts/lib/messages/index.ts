/**
 * User-facing text lives in `scripts/lib/messages/<domain>.ts`, never inline in the code that throws:
 * one place to review wording, keep fixes consistent, and check the docs against. Each entry has a
 * message template with `%s` tokens (as sfdx-core's messages do) and the actions that fix it.
 */
import { OssError } from '../errors';

export interface MessageEntry {
  /** The error code (becomes `name` in the JSON envelope). */
  code: string;
  /** Template; each `%s` is replaced by the next argument. */
  message: string;
  /** Fix steps; templates too. */
  actions: readonly string[];
  exitCode?: number;
}

/** Replaces each `%s` with the next argument; extra tokens stay visible so a missing argument is noticed. */
export function formatMessage(template: string, args: readonly unknown[]): string {
  let index = 0;
  return template.replace(/%s/g, (token) => (index < args.length ? String(args[index++]) : token));
}

/** Builds the error for a catalogue entry. `args` fill the message; `actionArgs` fill the actions. */
export function createError(
  entry: MessageEntry,
  args: readonly unknown[] = [],
  options: { actionArgs?: readonly unknown[]; data?: unknown; cause?: unknown } = {},
): OssError {
  return new OssError({
    code: entry.code,
    message: formatMessage(entry.message, args),
    actions: entry.actions.map((action) => formatMessage(action, options.actionArgs ?? args)),
    exitCode: entry.exitCode,
    data: options.data,
    cause: options.cause,
  });
}

/** Declares a catalogue with its keys checked by the compiler. */
export function defineMessages<K extends string>(entries: Record<K, MessageEntry>): Record<K, MessageEntry> {
  return entries;
}
