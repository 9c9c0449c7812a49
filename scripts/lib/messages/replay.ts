import { defineMessages } from './index';

/** Why a payload from OneSpan's callback failure e-mail cannot be replayed, each completing "<file>[i]: ...". */
export const payloadProblems = {
  unreadable: 'cannot be read (%s)',
  tooLargeFile: 'has %s bytes; a file of payloads is at most %s bytes',
  notUtf8: 'is not UTF-8 text (invalid byte at offset %s); save it as UTF-8',
  empty: 'is empty; paste the JSON payload from the callback failure e-mail',
  notJson: 'is not JSON (%s); copy the payload from the e-mail exactly, from { to }',
  emptyArray: 'is an empty JSON array; it lists no payloads',
  notObject: 'is JSON %s, not an object; each payload is one event object such as {"name":"PACKAGE_COMPLETE",...}',
  missingName: 'has no "name"; OneSpan always sends the event name (e.g. PACKAGE_COMPLETE)',
  tooLarge: 'has %s characters; the receiver accepts at most %s',
} as const;

export const replayMessages = defineMessages({
  noFile: {
    code: 'FlagError',
    message: 'No payload given: pass --file <payload.json> (repeatable), or --file - to read standard input.',
    actions: ["Save the JSON payload of OneSpan's callback failure e-mail to a file and pass it with --file."],
    exitCode: 2,
  },
});

/** Notes on outcomes that are not failures. */
export const replayNotes = {
  foreignAnswer:
    "HTTP 200, but the answer is not this receiver's JSON ({status, recordId}): the URL may reach another receiver or a proxy; check there that the event arrived.",
} as const;

/** What to do about a payload the receiver refused or that could not be delivered, by code. */
export const replayFixes: Record<string, string> = {
  EMPTY_BODY: 'Send the JSON payload from the e-mail, not an empty body.',
  MALFORMED_JSON: 'Copy the payload from the e-mail exactly.',
  NOT_AN_OBJECT: 'Send one event object per payload.',
  MISSING_NAME: 'Every OneSpan event has a name; copy the payload from the e-mail exactly.',
  // INVALID_FIELD and FIELD_TOO_LONG come only from receivers deployed before contract v2, which store such events.
  INVALID_FIELD: 'Event fields are JSON strings or null; copy the payload from the e-mail exactly.',
  FIELD_TOO_LONG: 'The field exceeds the event log; check that this is a OneSpan payload.',
  PAYLOAD_TOO_LARGE: 'Check that this is a single OneSpan payload.',
  ORG_READ_ONLY: 'Salesforce is in read-only maintenance; replay again after it (replays never store an event twice).',
  INTERNAL_ERROR: 'The raw payload was kept with Status Failed; fix the cause, then replay again.',
};
