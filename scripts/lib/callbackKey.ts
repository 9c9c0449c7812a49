/**
 * The `key` of the salesforceOauth2 connector: base64 of {"host","client_id","client_secret"} on one
 * line. OneSpan decodes it, asks `<host>/services/oauth2/token` for a client-credentials token and
 * POSTs events with it. The encoder is what register sends; the decoder explains what is wrong with a
 * key OneSpan echoes (verify, doctor) and never returns a secret in the clear.
 */
import { formatMessage } from './messages';
import { callbackKeyProblems } from './messages/callbackKey';
import { SecretValue } from './secretValue';
import { secrets } from './secrets';

export interface CallbackKeyInput {
  /** The My Domain origin, e.g. https://yourcompany.my.salesforce.com (the scheme is dropped). */
  instanceUrl: string;
  clientId: string;
  clientSecret: SecretValue;
}

/**
 * The host as the guide wants it: no scheme, port kept (the emulators listen on a port). The
 * refresh-token example in OneSpan's API spec decodes to a host with https://; whether OneSpan accepts
 * both forms is unconfirmed, so this follows the client-credentials guide, which says to leave it out.
 */
export function callbackKeyHost(instanceUrl: string): string {
  return new URL(instanceUrl).host;
}

export function encodeCallbackKey({ instanceUrl, clientId, clientSecret }: CallbackKeyInput): SecretValue {
  const json = JSON.stringify({
    host: callbackKeyHost(instanceUrl),
    client_id: clientId,
    client_secret: clientSecret.reveal(),
  });
  // Buffer's base64 never wraps lines, unlike the base64 command the guide warns about.
  return new SecretValue(Buffer.from(json, 'utf8').toString('base64'));
}

export type CallbackKeyProblemCode = keyof typeof callbackKeyProblems;

export interface CallbackKeyProblem {
  code: CallbackKeyProblemCode;
  message: string;
  fix: string;
}

export type CallbackKeyFlow = 'client_credentials' | 'refresh_token' | 'unknown';

export interface DecodedCallbackKey {
  host?: string;
  clientId?: string;
  flow: CallbackKeyFlow;
  /** Present only for the client-credentials flow; compare with `equals`, never print. */
  clientSecret?: SecretValue;
  /** True when the key held line breaks or spaces (OneSpan would store it as is). */
  hasWhitespace: boolean;
  problems: CallbackKeyProblem[];
}

function problem(code: CallbackKeyProblemCode, ...args: string[]): CallbackKeyProblem {
  const entry = callbackKeyProblems[code];
  return { code, message: formatMessage(entry.message, args), fix: formatMessage(entry.fix, args.slice(1)) };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Decodes a key and lists everything wrong with it; an empty `problems` means OneSpan can use it. */
export function decodeCallbackKey(key: string): DecodedCallbackKey {
  secrets.add(key);
  const compact = key.replace(/\s+/g, '');
  secrets.add(compact);
  const hasWhitespace = compact !== key.trim() || /\s/.test(key);
  const problems: CallbackKeyProblem[] = hasWhitespace ? [problem('whitespace')] : [];
  const result = (extra: Partial<DecodedCallbackKey> = {}): DecodedCallbackKey => ({
    flow: 'unknown',
    hasWhitespace,
    problems,
    ...extra,
  });
  if (!BASE64.test(compact) || compact === '') {
    problems.push(problem('notBase64'));
    return result();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(compact, 'base64').toString('utf8'));
  } catch {
    problems.push(problem('notJson'));
    return result();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(problem('notObject'));
    return result();
  }
  const fields = parsed as Record<string, unknown>;
  const host = text(fields.host);
  const clientId = text(fields.client_id);
  const clientSecret = text(fields.client_secret);
  const refreshToken = text(fields.refresh_token);
  secrets.add(refreshToken);
  if (!host) {
    problems.push(problem('missingHost'));
  } else {
    checkHost(host, problems);
  }
  if (!clientId) {
    problems.push(problem('missingClientId'));
  }
  let flow: CallbackKeyFlow = 'unknown';
  if (clientSecret) {
    flow = 'client_credentials';
  } else if (refreshToken) {
    flow = 'refresh_token';
    problems.push(problem('refreshToken'));
  } else {
    problems.push(problem('missingClientSecret'));
  }
  return result({ host, clientId, flow, clientSecret: clientSecret ? new SecretValue(clientSecret) : undefined });
}

function checkHost(host: string, problems: CallbackKeyProblem[]): void {
  const schemeMatch = /^[a-z][a-z0-9+.-]*:\/\//i.exec(host);
  const bare = host.slice(schemeMatch ? schemeMatch[0].length : 0);
  const [hostOnly] = bare.split(/[/?#]/, 1);
  if (schemeMatch) {
    problems.push(problem('schemeInHost', host, hostOnly));
  }
  if (hostOnly !== bare.replace(/\/$/, '')) {
    problems.push(problem('pathInHost', host, hostOnly));
  }
}
