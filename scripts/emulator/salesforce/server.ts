/**
 * The emulated Salesforce org: two loopback listeners, the org's My Domain (instance URL) and a
 * login.salesforce.com look-alike, routing to the OAuth, REST data, Connect and Apex REST modules.
 *
 * REST conventions followed (reference salesforce.md §5): errors are JSON arrays of
 * {message, errorCode}; a missing or unknown token gives 401 INVALID_SESSION_ID; GET /services/data
 * (the versions list) needs no token; the sf CLI's "//services/data" with a double slash is served
 * like the single-slash path; unknown versions and resources give 404 NOT_FOUND; query results come
 * in batches of 2,000 with nextRecordsUrl. A user without "API Enabled" gets 403
 * API_CURRENTLY_DISABLED (text unconfirmed).
 */
import { json, startLoopbackServer, type IncomingRequest, type LoopbackServer, type OutgoingResponse } from '../http';
import { apexRest, apiDisabled, sessionInvalid } from './apexrest';
import { connectApps } from './connect';
import { insertRecord } from './files';
import { namedCredentialsResource } from './namedCredentials';
import { genericLoginToken, identity, myDomainToken, userInfo } from './oauth';
import { findObject, type Row } from './schema';
import { columnMetadata, compileSoql, runSoql, SoqlError } from './soql';
import type { OrgStore, UserRecord } from './store';
import { sameId } from './ids';

export const LATEST_API_VERSION = '65.0';
const OLDEST_API_VERSION = 31;
const QUERY_BATCH_SIZE = 2000;

export async function startSalesforceListeners(
  store: OrgStore,
  ports: { port?: number; loginPort?: number },
): Promise<{ myDomain: LoopbackServer; login: LoopbackServer }> {
  const cursors = new Map<string, Row[]>();
  let cursorCount = 0;
  let instanceUrl = '';

  const myDomain = await startLoopbackServer((request) => route(request), {
    port: ports.port,
    faultBodies: salesforceFaultBody,
  });
  instanceUrl = myDomain.url;
  const login = await startLoopbackServer(
    (request) =>
      request.method === 'POST' && normalizePath(request.url.pathname) === '/services/oauth2/token'
        ? genericLoginToken(request)
        : notFound(),
    { port: ports.loginPort, faultBodies: salesforceFaultBody },
  );

  function route(request: IncomingRequest): OutgoingResponse {
    const path = normalizePath(request.url.pathname);
    if (path === '/services/oauth2/token') {
      return request.method === 'POST' ? myDomainToken(request, store, instanceUrl) : methodNotAllowed(request.method);
    }
    if (path === '/services/oauth2/userinfo') return userInfo(request, store, instanceUrl);
    const idMatch = /^\/id\/([^/]+)\/([^/]+)$/.exec(path);
    if (idMatch) return identityUrl(request, idMatch[1], idMatch[2]);
    if (path === '/services/data' || path === '/services/data/') return json(200, versions());
    const dataMatch = /^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/.exec(path);
    if (dataMatch) return data(request, dataMatch[1], dataMatch[2] ?? '');
    const apexMatch = /^\/services\/apexrest(\/.*)$/.exec(path);
    if (apexMatch) return apexRest(request, store, apexMatch[1]);
    return notFound();
  }

  function identityUrl(request: IncomingRequest, orgId: string, userId: string): OutgoingResponse {
    const token = store.tokenFromHeader(request.headers.authorization);
    if (!token)
      return { status: 403, headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: 'Bad_OAuth_Token' };
    if (!sameId(orgId, store.orgId) || !store.userById(userId)) return notFound();
    return json(200, identity(userId, store, instanceUrl));
  }

  function data(request: IncomingRequest, version: string, rest: string): OutgoingResponse {
    if (!isServedVersion(version)) return notFound();
    const user = authenticatedUser(request);
    if (!user) return sessionInvalid();
    if (!store.profileOf(user).PermissionsApiEnabled) return apiDisabled();
    const base = `/services/data/v${version}`;
    if (rest === '' && request.method === 'GET') {
      return json(200, {
        sobjects: `${base}/sobjects`,
        query: `${base}/query`,
        connect: `${base}/connect`,
        tooling: `${base}/tooling`,
      });
    }
    const credentials = namedCredentialsResource(store, user, version, rest.replace(/\/$/, ''), request);
    if (credentials) return credentials;
    const connect = connectApps(store, user.Id, version, rest.replace(/\/$/, ''), request.url.searchParams);
    if (connect) return request.method === 'GET' ? connect : methodNotAllowed(request.method);
    const insert = /^sobjects\/([^/]+)\/?$/.exec(rest);
    if (insert && request.method === 'POST') return insertRecord(store, insert[1], request, user.Id);
    if (request.method !== 'GET') return methodNotAllowed(request.method);
    if (rest === 'query' || rest === 'query/') return query(request.url.searchParams, version, user.Id);
    const more = /^query\/([^/]+)$/.exec(rest);
    if (more) return queryMore(more[1], version);
    const sobject = /^sobjects\/([^/]+)\/([^/]+)$/.exec(rest);
    if (sobject) return record(sobject[1], sobject[2], version);
    return notFound();
  }

  function authenticatedUser(request: IncomingRequest): UserRecord | undefined {
    const token = store.tokenFromHeader(request.headers.authorization);
    const user = token ? store.userById(token.userId) : undefined;
    return user?.IsActive ? user : undefined;
  }

  function query(params: URLSearchParams, version: string, userId: string): OutgoingResponse {
    const q = params.get('q');
    if (q === null || q.trim() === '')
      return json(400, [{ message: 'A query string has to be specified', errorCode: 'MALFORMED_QUERY' }]);
    try {
      const compiled = compileSoql(q);
      if (params.get('columns') === 'true') return json(200, columnMetadata(compiled));
      return page(runSoql(compiled, store, version, userId), version);
    } catch (error) {
      if (error instanceof SoqlError) return json(400, [{ message: error.message, errorCode: error.errorCode }]);
      throw error;
    }
  }

  function page(records: Row[], version: string, offset = 0, locatorBase?: string): OutgoingResponse {
    const batch = records.slice(offset, offset + QUERY_BATCH_SIZE);
    const done = offset + batch.length >= records.length;
    const body: Record<string, unknown> = { totalSize: records.length, done };
    if (!done) {
      const base = locatorBase ?? `01g5g000000${String(++cursorCount).padStart(4, '0')}`;
      cursors.set(base, records);
      body.nextRecordsUrl = `/services/data/v${version}/query/${base}-${offset + batch.length}`;
    }
    body.records = batch;
    return json(200, body);
  }

  function queryMore(locator: string, version: string): OutgoingResponse {
    const match = /^(.+)-(\d+)$/.exec(locator);
    const records = match ? cursors.get(match[1]) : undefined;
    if (!match || !records) {
      return json(400, [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
    }
    return page(records, version, Number(match[2]), match[1]);
  }

  function record(type: string, id: string, version: string): OutgoingResponse {
    const object = findObject(type);
    if (!object) return notFound();
    const row = object.rows(store).find((r) => typeof r.Id === 'string' && sameId(r.Id, id));
    if (!row) return notFound();
    const fields = Object.fromEntries(object.fields.map((f) => [f.name, row[f.name] ?? null]));
    return json(200, {
      attributes: { type: object.name, url: `/services/data/v${version}/sobjects/${object.name}/${row.Id as string}` },
      ...fields,
    });
  }

  return { myDomain, login };
}

/** Versions list entries: {label, url, version}, oldest first, as GET /services/data returns them. */
export function versions(): { label: string; url: string; version: string }[] {
  const latest = Number(LATEST_API_VERSION);
  const list = [];
  for (let v = OLDEST_API_VERSION; v <= latest; v++) {
    const index = latest - v; // 65.0 is Winter '26; each step back is one release (three a year)
    const season = ['Winter', 'Summer', 'Spring'][index % 3];
    const year = 26 - Math.floor((index + 2) / 3);
    list.push({
      label: `${season} '${String(year).padStart(2, '0')}`,
      url: `/services/data/v${v}.0`,
      version: `${v}.0`,
    });
  }
  return list;
}

function isServedVersion(version: string): boolean {
  const n = Number(version);
  return Number.isInteger(n) && n >= OLDEST_API_VERSION && n <= Number(LATEST_API_VERSION);
}

function normalizePath(pathname: string): string {
  return pathname.replace(/^\/+/, '/');
}

function notFound(): OutgoingResponse {
  return json(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
}

function methodNotAllowed(method: string): OutgoingResponse {
  return json(405, [
    { errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${method}' not allowed. Allowed are GET` },
  ]);
}

function salesforceFaultBody(status: number): unknown {
  if (status === 429) return [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }];
  if (status === 503)
    return [{ message: 'Server is temporarily unavailable. Try again later.', errorCode: 'SERVER_UNAVAILABLE' }];
  return [{ message: `An unexpected error occurred (HTTP ${status}).`, errorCode: 'UNKNOWN_EXCEPTION' }];
}
