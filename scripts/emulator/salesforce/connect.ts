/**
 * Connect REST resources that expose External Client App OAuth credentials (reference
 * salesforce.md §6; Connect REST API, 60.0+):
 *   GET /apps/oauth/usage                                  ECAs with OAuth usage
 *   GET /apps/oauth/credentials/{appId}                    {consumers: [{id, key, name, url}]}
 *   GET /apps/oauth/credentials/{appId}/{consumerId}?part=key|secret|keyandsecret
 *                                                          {id, key?, name, secret?, url, stagedCredentialsUrl (65.0+)}
 * Without `part` only the key is returned.
 *
 * The usage list leaves out apps that never issued a token when `usageOmitsUnusedApps` is set (the docs
 * describe it as apps "that have OAuth usage data"; unconfirmed which way a real org goes).
 *
 * Access: the org setting "Allow access to External Client App consumer secrets via REST API"
 * (ExternalClientAppSettings.enableClientSecretInRestApiAccess) off -> key and secret are missing
 * from the answers, as third-party code reports (no error). A user without the "View Client Secret"
 * permission -> 403 FORBIDDEN: our choice of shape, unconfirmed. The usage list's fields beyond
 * `identifier` and `developerName` are unconfirmed.
 */
import { json, type OutgoingResponse } from '../http';
import type { ClientApp, OrgStore } from './store';

const FIRST_VERSION = 60;
const STAGED_URL_VERSION = 65;

export function connectApps(
  store: OrgStore,
  userId: string,
  version: string,
  rest: string,
  query: URLSearchParams,
): OutgoingResponse | undefined {
  if (!rest.startsWith('apps/oauth/')) return undefined;
  if (Number(version) < FIRST_VERSION) return notFound();
  const base = `/services/data/v${version}`;
  const parts = rest.split('/');

  if (rest === 'apps/oauth/usage') {
    const listed = [...store.clients.values()].filter((c) => !store.usageOmitsUnusedApps || store.hasOAuthUsage(c));
    const apps = listed.map((c) => ({
      identifier: c.appId,
      developerName: c.developerName,
      name: c.label,
      type: 'ExternalClientApplication',
    }));
    return json(200, { apps, currentPageUrl: `${base}/apps/oauth/usage`, nextPageUrl: null, totalSize: apps.length });
  }
  if (parts[2] !== 'credentials' || parts.length < 4 || parts.length > 5) return notFound();

  const client = [...store.clients.values()].find((c) => c.appId === parts[3] || c.developerName === parts[3]);
  if (!client) return notFound();
  if (!store.canViewSecrets(userId)) {
    return json(403, [
      {
        errorCode: 'FORBIDDEN',
        message: "You don't have permission to view the OAuth credentials of this External Client App.",
      },
    ]);
  }
  const consumerUrl = `${base}/apps/oauth/credentials/${client.appId}/${client.consumerId}`;
  if (parts.length === 4) {
    return json(200, {
      consumers: [withKey(store, client, { id: client.consumerId, name: client.label, url: consumerUrl })],
    });
  }
  if (parts[4] !== client.consumerId) return notFound();

  const part = query.get('part') ?? 'key';
  if (!['key', 'secret', 'keyandsecret'].includes(part)) {
    return json(400, [
      { errorCode: 'INVALID_API_INPUT', message: `Invalid value for part: ${part}. Use key, secret or keyandsecret.` },
    ]);
  }
  const answer: Record<string, unknown> = { id: client.consumerId, name: client.label, url: consumerUrl };
  if (Number(version) >= STAGED_URL_VERSION) answer.stagedCredentialsUrl = `${consumerUrl}/staged`;
  if (store.secretRestAccess) {
    if (part !== 'secret') answer.key = client.clientId;
    if (part !== 'key') answer.secret = client.clientSecret;
  }
  return json(200, answer);
}

function withKey(store: OrgStore, client: ClientApp, consumer: Record<string, unknown>): Record<string, unknown> {
  return store.secretRestAccess ? { ...consumer, key: client.clientId } : consumer;
}

function notFound(): OutgoingResponse {
  return json(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
}
