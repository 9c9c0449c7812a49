/**
 * Callback registrations of the OneSpan account (onespan.md §1, §2): the account callback
 * (/api/callback) and per-origin connectors (/api/callback/connectors/{origin}), each {url, key, events}.
 *
 * Followed: origins as listed in the v11.51 spec; POST replaces the whole registration and answers
 * the saved callback; GET of an unregistered connector is 404 (spec); event names are the 21 wire
 * values of the Java SDK (PACKAGE_READY_FOR_COMPLETE, not ..._COMPLETION).
 * Seen: an http:// URL off loopback was accepted by the real server in OneSpan's own test
 * (onespan.md §9), so any absolute http(s) URL is accepted.
 * Unconfirmed choices: an unknown origin is a 400 validation error; the validation rules (an absolute
 * http(s) URL, non-empty list of known events, non-empty key) and their message keys; the key is not
 * decoded at registration (a bad key only shows when a delivery fails); whether GET (and the POST
 * answer) echo the key is the `echoKey` switch, and whether they echo it masked (possible for a key
 * holding a client secret, onespan.md §9) is `keyMask`; GET /api/callback with nothing registered
 * answers 200 with empty fields (the SDK model's defaults).
 */
import type { OutgoingResponse } from '../http';
import { json } from '../http';
import type { OneSpanConnector } from '../types';
import { ossError, parseJsonObject } from './errors';

export const ORIGINS = [
  'dynamics',
  'sharepoint',
  'dynamics2011',
  'dynamics2013',
  'dynamics2015',
  'sharepoint2010',
  'sharepoint2013',
  'salesforceOauth2',
] as const;

export const EVENT_NAMES = [
  'PACKAGE_ACTIVATE',
  'PACKAGE_COMPLETE',
  'PACKAGE_EXPIRE',
  'PACKAGE_OPT_OUT',
  'PACKAGE_DECLINE',
  'SIGNER_COMPLETE',
  'DOCUMENT_SIGNED',
  'ROLE_REASSIGN',
  'PACKAGE_CREATE',
  'PACKAGE_DEACTIVATE',
  'PACKAGE_READY_FOR_COMPLETE',
  'PACKAGE_TRASH',
  'PACKAGE_RESTORE',
  'PACKAGE_DELETE',
  'KBA_FAILURE',
  'EMAIL_BOUNCE',
  'PACKAGE_ATTACHMENT',
  'SIGNER_LOCKED',
  'PACKAGE_ARCHIVE',
  'TEMPLATE_CREATE',
  'DOCUMENT_VIEWED',
];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

export class CallbackRegistry {
  public echoKey: boolean;
  /** When set (and echoKey is on), GET answers this in place of the key, as a masking service would. */
  public keyMask: string | undefined;
  private readonly connectors = new Map<string, OneSpanConnector>();
  private account: OneSpanConnector | undefined;

  public constructor(echoKey: boolean) {
    this.echoKey = echoKey;
  }

  public connector(origin: string): OneSpanConnector | undefined {
    const found = this.connectors.get(origin);
    return found ? copy(found) : undefined;
  }

  public accountCallback(): OneSpanConnector | undefined {
    return this.account ? copy(this.account) : undefined;
  }

  public setConnector(origin: string, connector: OneSpanConnector): void {
    this.connectors.set(origin, copy(connector));
  }

  public getConnector(origin: string): OutgoingResponse {
    if (!isOrigin(origin)) return unknownOrigin(origin);
    const found = this.connectors.get(origin);
    if (!found)
      return ossError(404, 'error.notFound.callbackNotFound', `No callback is registered for the connector ${origin}.`);
    return json(200, this.visible(found));
  }

  public postConnector(origin: string, body: string): OutgoingResponse {
    if (!isOrigin(origin)) return unknownOrigin(origin);
    const parsed = parseCallback(body);
    if ('status' in parsed) return parsed;
    this.connectors.set(origin, parsed);
    return json(200, this.visible(parsed));
  }

  public getAccount(): OutgoingResponse {
    return json(200, this.visible(this.account ?? { url: '', key: '', events: [] }));
  }

  public postAccount(body: string): OutgoingResponse {
    const parsed = parseCallback(body);
    if ('status' in parsed) return parsed;
    this.account = parsed;
    return json(200, this.visible(parsed));
  }

  private visible(callback: OneSpanConnector): Record<string, unknown> {
    return this.echoKey
      ? { url: callback.url, key: this.keyMask ?? callback.key, events: [...callback.events] }
      : { url: callback.url, events: [...callback.events] };
  }
}

function parseCallback(body: string): OneSpanConnector | OutgoingResponse {
  const parsed = parseJsonObject(body, 'a JSON object with url, key and events');
  if (!parsed.ok) {
    return parsed.response;
  }
  const { url, key, events } = parsed.value;
  if (typeof url !== 'string' || !isAcceptedUrl(url)) {
    return ossError(
      400,
      'error.validation.callback.invalidUrl',
      'The callback url is missing or invalid: an absolute http or https URL is required.',
    );
  }
  if (
    !Array.isArray(events) ||
    events.length === 0 ||
    !events.every((e) => typeof e === 'string' && EVENT_NAMES.includes(e))
  ) {
    return ossError(
      400,
      'error.validation.callback.invalidEvents',
      'The callback events must be a non-empty list of known event names.',
    );
  }
  if (typeof key !== 'string' || key.trim() === '') {
    return ossError(400, 'error.validation.callback.missingKey', 'The callback key is missing.');
  }
  return { url, key, events: [...(events as string[])] };
}

function isAcceptedUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return url.protocol === 'https:' || url.protocol === 'http:';
}

function isOrigin(origin: string): boolean {
  return (ORIGINS as readonly string[]).includes(origin);
}

function unknownOrigin(origin: string): OutgoingResponse {
  return ossError(
    400,
    'error.validation.callback.invalidOrigin',
    `Unknown connector origin: ${origin}. Use one of ${ORIGINS.join(', ')}.`,
  );
}

function copy(c: OneSpanConnector): OneSpanConnector {
  return { url: c.url, key: c.key, events: [...c.events] };
}
