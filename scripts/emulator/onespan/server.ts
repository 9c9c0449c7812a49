/**
 * The emulated OneSpan Sign account: one loopback listener serving the callback registration and
 * package resources under /api, authenticated with "Authorization: Basic <apiKey>" (the key as-is,
 * onespan.md §4.2), or, when the account is set to OAuth 2.0, with tokens from /oauth2/token (see
 * ./oauth). A wrong or missing key gives 401 with OneSpan's error shape; the messageKey
 * "error.unauthorised.noSession" and its text are our choice (unconfirmed).
 *
 * Package events go out after the answer, like OneSpan's asynchronous notifications. Routing is
 * unconfirmed: a package whose data.origin is "OSS" (the guide's test step) goes to the
 * salesforceOauth2 connector; any other package goes to the account callback.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { json, startLoopbackServer, type IncomingRequest, type OutgoingResponse } from '../http';
import type { OneSpanEmulator, OneSpanEmulatorOptions } from '../types';
import { CallbackRegistry } from './callbacks';
import { deliver, failDelivery, type DeliveryLog, type EventPayload } from './delivery';
import { ossError, ossFaultBody } from './errors';
import { DEFAULT_TOKEN_LIFETIME_S, OneSpanAuthSetting } from './oauth';
import { PackageStore, type StoredPackage } from './packages';

const SALESFORCE_ORIGIN = 'salesforceOauth2';
const OSS_PACKAGE_ORIGIN = 'OSS';
const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;
/** The fixture case whose documents a package completed by the emulator holds, unless told otherwise. */
const DEFAULT_COMPLETION_CASE = 'completed-two-documents';

export async function startOneSpanEmulator(options: OneSpanEmulatorOptions = {}): Promise<OneSpanEmulator> {
  // Real API keys are base64 of "<id>:<secret>" and are sent as they are.
  const apiKey = options.apiKey ?? Buffer.from(`${randomUUID()}:${randomBytes(24).toString('hex')}`).toString('base64');
  const senderId = randomUUID();
  const timeoutMs = options.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const auth = new OneSpanAuthSetting(
    options.auth ?? 'apiKey',
    apiKey,
    options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_S,
  );
  const registry = new CallbackRegistry(options.echoKey ?? false);
  const log: DeliveryLog = { deliveries: [], failureEmails: [] };
  const pending = new Set<Promise<void>>();
  const failingDeliveries = new Set<string>();
  const listing = {
    dateParameters: options.listingDateParameters ?? 'lastUpdatedStartDate/lastUpdatedEndDate',
    pageCap: options.listingPageCap ?? 100,
    ignoreSort: options.listingIgnoresSort ?? false,
    ignoreStatus: options.listingIgnoresStatus ?? false,
  };

  const packages = new PackageStore(senderId, (name, pkg) => {
    const target = targetFor(name, pkg);
    if (!target) return;
    const payload: EventPayload = {
      '@class': 'com.silanis.esl.packages.event.ESLProcessEvent',
      name,
      sessionUser: senderId,
      packageId: pkg.id,
      message: null,
      documentId: null,
      createdDate: new Date().toISOString(),
    };
    // setImmediate: the HTTP answer to the sender goes out before the notification.
    const delivery = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      failingDeliveries.has(pkg.id)
        ? failDelivery(target.callback.url, payload, log)
        : deliver(target, payload, log, timeoutMs),
    );
    pending.add(delivery);
    void delivery.finally(() => pending.delete(delivery));
  });

  function targetFor(event: string, pkg: StoredPackage) {
    const data = pkg.data as Record<string, unknown>;
    if (data.origin === OSS_PACKAGE_ORIGIN) {
      const connector = registry.connector(SALESFORCE_ORIGIN);
      return connector?.events.includes(event) ? { kind: 'salesforce' as const, callback: connector } : undefined;
    }
    const account = registry.accountCallback();
    return account?.events.includes(event) ? { kind: 'plain' as const, callback: account } : undefined;
  }

  /**
   * Emulator control, outside OneSpan's /api and so never mistaken for it: what a signer does in the
   * signing ceremony, which has no API. `npm run emulator` prints it for trying the set-up by hand.
   */
  function control(request: IncomingRequest, path: string): OutgoingResponse {
    const complete = /^\/emulator\/packages\/([^/]+)\/complete$/.exec(path);
    if (!complete) return ossError(404, 'error.notFound', 'The specified resource was not found.');
    if (request.method !== 'POST') return methodNotAllowed();
    const id = decodeURIComponent(complete[1]);
    const found = packages.get(id);
    if (found.status !== 200) return found;
    packages.complete(id, DEFAULT_COMPLETION_CASE);
    return json(200, { id, status: 'COMPLETED', event: 'PACKAGE_COMPLETE' });
  }

  function route(request: IncomingRequest): OutgoingResponse {
    const path = request.url.pathname;
    if (path === '/oauth2/token') return auth.issueToken(request);
    if (path.startsWith('/emulator/')) return control(request, path);
    if (!path.startsWith('/api/')) return ossError(404, 'error.notFound', 'The specified resource was not found.');
    const refusal = auth.refusal(request.headers.authorization);
    if (refusal) return refusal;
    const { method, body } = request;
    if (path === '/api/callback') {
      if (method === 'GET') return registry.getAccount();
      if (method === 'POST') return registry.postAccount(body);
      return methodNotAllowed();
    }
    const connector = /^\/api\/callback\/connectors\/([^/]+)$/.exec(path);
    if (connector) {
      const origin = decodeURIComponent(connector[1]);
      if (method === 'GET') return registry.getConnector(origin);
      if (method === 'POST') return registry.postConnector(origin, body);
      return methodNotAllowed();
    }
    if (path === '/api/packages') {
      if (method === 'POST') return packages.create(body, request.headers['content-type']);
      if (method === 'GET') return packages.list(request.url.searchParams, listing);
      return methodNotAllowed();
    }
    const pkg = /^\/api\/packages\/([^/]+)$/.exec(path);
    if (pkg) {
      const id = decodeURIComponent(pkg[1]);
      if (method === 'GET') return packages.get(id);
      if (method === 'DELETE') return packages.delete(id);
      return methodNotAllowed();
    }
    const file = /^\/api\/packages\/([^/]+)\/(?:documents\/([^/]+)\/pdf|documents\/zip|evidence\/summary)$/.exec(path);
    if (file) {
      if (method !== 'GET') return methodNotAllowed();
      const id = decodeURIComponent(file[1]);
      if (file[2] !== undefined) return packages.documentPdf(id, decodeURIComponent(file[2]));
      return path.endsWith('/zip') ? packages.zip(id) : packages.evidenceSummary(id);
    }
    return ossError(404, 'error.notFound', 'The specified resource was not found.');
  }

  const server = await startLoopbackServer(route, { port: options.port, faultBodies: ossFaultBody });

  const emulator: OneSpanEmulator = {
    url: server.url,
    apiUrl: `${server.url}/api`,
    apiKey,
    echoKey: options.echoKey ?? false,
    oauth: { clientId: auth.clientId, clientSecret: auth.clientSecret },
    authMode: () => auth.mode,
    setAuthMode: (mode) => {
      auth.mode = mode;
    },
    expireTokens: () => auth.expireTokens(),
    setMaskedKeyEcho: (mask) => {
      registry.keyMask = mask;
    },
    connector: (origin = SALESFORCE_ORIGIN) => registry.connector(origin),
    setConnector: (origin, c) => registry.setConnector(origin, c),
    deliveries: () => log.deliveries.map((d) => ({ ...d })),
    failureEmails: () => log.failureEmails.map((e) => ({ ...e })),
    requests: () => server.requests(),
    faults: server.faults,
    seedPackage: (input) => ({ ...packages.seed(input) }),
    finishPackage: (id, status, at = new Date().toISOString()) => ({ ...packages.finish(id, status, at) }),
    failDeliveriesFor: (packageIds) => {
      failingDeliveries.clear();
      for (const id of packageIds) failingDeliveries.add(id);
    },
    addFixturePackage: (caseName, packageId, overrides) => packages.addFixture(caseName, packageId, overrides),
    completePackage: (packageId, documentsFrom = DEFAULT_COMPLETION_CASE) =>
      packages.complete(packageId, documentsFrom),
    idle: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close: () => server.close(),
  };
  // echoKey is a settable property of the fixed API; the registry reads it on every answer.
  Object.defineProperty(emulator, 'echoKey', {
    get: () => registry.echoKey,
    set: (on: boolean) => {
      registry.echoKey = on;
    },
    enumerable: true,
  });
  return emulator;
}

function methodNotAllowed(): OutgoingResponse {
  return json(405, {
    code: 405,
    messageKey: 'error.methodNotAllowed',
    message: 'Method not allowed.',
    name: 'Method Not Allowed',
  });
}
