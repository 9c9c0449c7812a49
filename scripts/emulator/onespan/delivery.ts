/**
 * How OneSpan Sign delivers an event to a callback (onespan.md §1.4, §3): one attempt, no retry;
 * on failure the sender gets a "callback failure" e-mail with the JSON payload (KB0014510).
 *
 * salesforceOauth2 connector: the key is base64 (standard alphabet, one line) of
 * {host, client_id, client_secret} (Client Credentials Flow) or {host, client_id, refresh_token}
 * (Refresh Token Flow). OneSpan gets a token from https://<host>/services/oauth2/token and POSTs the
 * payload with "Authorization: Bearer <token>" and "Content-Type: application/json; charset=utf-8".
 * `host` may carry a scheme (the spec's sample) or not (the guide); plain http is only used for a
 * loopback host, where the emulated org lives. Account callback: the key goes verbatim after "Basic ".
 *
 * Unconfirmed: what counts as failure (here: anything but 2xx, or no answer), the timeout (an
 * option, 10 s by default), and whether a wrapped (multi-line) base64 key is refused (here: yes,
 * as a strict decoder such as Java's would).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { OneSpanConnector, OneSpanDelivery, OneSpanFailureEmail } from '../types';
import { isLoopbackHost } from './callbacks';

export interface EventPayload {
  '@class': string;
  name: string;
  sessionUser: string;
  packageId: string;
  message: string | null;
  documentId: string | null;
  createdDate: string;
}

export interface DeliveryLog {
  deliveries: OneSpanDelivery[];
  failureEmails: OneSpanFailureEmail[];
}

type Target = { kind: 'salesforce'; callback: OneSpanConnector } | { kind: 'plain'; callback: OneSpanConnector };

export async function deliver(
  target: Target,
  payload: EventPayload,
  log: DeliveryLog,
  timeoutMs: number,
): Promise<void> {
  const body = JSON.stringify(payload);
  const record = (status: number | 'error', error?: string): void => {
    log.deliveries.push({
      event: payload.name,
      packageId: payload.packageId,
      url: target.callback.url,
      status,
      ...(error ? { error } : {}),
      at: Date.now(),
    });
    if (status === 'error' || status < 200 || status >= 300) {
      log.failureEmails.push({ packageId: payload.packageId, event: payload.name, payload: body });
    }
  };
  try {
    const authorization =
      target.kind === 'salesforce'
        ? `Bearer ${await salesforceToken(target.callback.key, timeoutMs)}`
        : `Basic ${target.callback.key}`;
    const response = await post(
      target.callback.url,
      { Authorization: authorization, 'Content-Type': 'application/json; charset=utf-8' },
      body,
      timeoutMs,
    );
    record(response.status, response.status >= 300 ? `callback answered HTTP ${response.status}` : undefined);
  } catch (error) {
    record('error', error instanceof Error ? error.message : String(error));
  }
}

/**
 * The fault mode for chosen packages: the delivery fails as it does when the org is down or refuses
 * the token, without contacting it, and the sender only gets the failure e-mail.
 */
export function failDelivery(url: string, payload: EventPayload, log: DeliveryLog): Promise<void> {
  log.deliveries.push({
    event: payload.name,
    packageId: payload.packageId,
    url,
    status: 'error',
    error: 'emulated delivery failure (the org did not answer)',
    at: Date.now(),
  });
  log.failureEmails.push({ packageId: payload.packageId, event: payload.name, payload: JSON.stringify(payload) });
  return Promise.resolve();
}

async function salesforceToken(key: string, timeoutMs: number): Promise<string> {
  const credentials = decodeKey(key);
  const params = new URLSearchParams({ client_id: credentials.clientId });
  if (credentials.refreshToken !== undefined) {
    params.set('grant_type', 'refresh_token');
    params.set('refresh_token', credentials.refreshToken);
    if (credentials.clientSecret !== undefined) params.set('client_secret', credentials.clientSecret);
  } else {
    params.set('grant_type', 'client_credentials');
    params.set('client_secret', credentials.clientSecret as string);
  }
  const response = await post(
    `${credentials.baseUrl}/services/oauth2/token`,
    { 'Content-Type': 'application/x-www-form-urlencoded' },
    params.toString(),
    timeoutMs,
  );
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    // reported below by status
  }
  if (response.status !== 200 || typeof parsed.access_token !== 'string') {
    // error and error_description are Salesforce's public texts; they never contain the secret.
    const reason =
      typeof parsed.error === 'string'
        ? `${parsed.error}: ${String(parsed.error_description ?? '')}`
        : 'no access_token in the answer';
    throw new Error(`Salesforce token request failed (HTTP ${response.status}): ${reason}`);
  }
  return parsed.access_token;
}

interface KeyCredentials {
  baseUrl: string;
  clientId: string;
  clientSecret?: string;
  refreshToken?: string;
}

function decodeKey(key: string): KeyCredentials {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0) {
    throw new Error('the connector key is not one line of standard base64');
  }
  let decoded: Record<string, unknown>;
  try {
    decoded = JSON.parse(Buffer.from(key, 'base64').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new Error('the connector key does not decode to JSON');
  }
  const { host, client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken } = decoded;
  if (typeof host !== 'string' || host === '' || typeof clientId !== 'string' || clientId === '') {
    throw new Error('the connector key lacks host or client_id');
  }
  if (typeof clientSecret !== 'string' && typeof refreshToken !== 'string') {
    throw new Error('the connector key has neither client_secret nor refresh_token');
  }
  return {
    baseUrl: baseUrlOf(host),
    clientId,
    clientSecret: typeof clientSecret === 'string' ? clientSecret : undefined,
    refreshToken: typeof refreshToken === 'string' ? refreshToken : undefined,
  };
}

function baseUrlOf(host: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(host) ? host : `https://${host}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error('the connector key host is not a host name');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    throw new Error('the connector key host uses http; https is required');
  if (!/^[a-z]+:\/\//i.test(host) && isLoopbackHost(url.hostname)) url.protocol = 'http:';
  return url.origin;
}

function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, Accept: 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.setTimeout(timeoutMs, () =>
      request.destroy(new Error(`no answer from ${target.host} within ${timeoutMs} ms`)),
    );
    request.on('error', reject);
    request.end(body);
  });
}
