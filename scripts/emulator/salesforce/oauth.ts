/**
 * OAuth 2.0 token and identity endpoints of the emulated org (reference salesforce.md §4).
 *
 * Client Credentials Flow: POST /services/oauth2/token, form-encoded
 * grant_type=client_credentials&client_id&client_secret, answered on the org's My Domain only.
 * Success body as in the Connect REST quick-start: access_token, signature, scope, instance_url,
 * id (identity URL of the Run As user), token_type "Bearer", issued_at (ms string), token_format
 * "opaque"; no expires_in, no refresh_token.
 *
 * Error bodies (HTTP 400, `{error, error_description}`) — third-party reports, see salesforce.md §4.4:
 *   unknown client            invalid_client_id / client identifier invalid
 *   wrong secret              invalid_client / invalid client credentials (some clients report 401: unconfirmed)
 *   `scope` sent              invalid_request / scope parameter not supported
 *   no Run As user            invalid_grant / no client credentials user enabled
 *   not admin approved        invalid_app_access / user is not admin approved to access this app
 *   only unusable scopes      invalid_grant / no valid scopes defined (one blog only)
 *   login/test.salesforce.com invalid_grant / request not supported on this domain
 * Unconfirmed choices, marked where they are made below: flow not enabled, inactive Run As user,
 * the check order, and HTTP Basic client authentication (not accepted here: only form fields).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { json, type IncomingRequest, type OutgoingResponse } from '../http';
import type { OrgStore } from './store';

/** Scopes the Client Credentials Flow cannot use; an app with nothing else has "no valid scopes". */
const USER_DELEGATED_SCOPES = new Set(['refresh_token', 'offline_access', 'full']);

const signingKey = randomBytes(32);

export function oauthError(error: string, description: string, status = 400): OutgoingResponse {
  return json(
    status,
    { error, error_description: description },
    { 'Cache-Control': 'no-cache,must-revalidate,max-age=0,no-store,private' },
  );
}

function tokenParameters(request: IncomingRequest): URLSearchParams {
  // Salesforce also reads token parameters from the query string (OneSpan's refresh-token blog uses it).
  const params = new URLSearchParams(request.url.search);
  for (const [key, value] of new URLSearchParams(request.body)) params.set(key, value);
  return params;
}

/** The token endpoint of login.salesforce.com / test.salesforce.com: no Client Credentials there. */
export function genericLoginToken(request: IncomingRequest): OutgoingResponse {
  const grantType = tokenParameters(request).get('grant_type');
  if (grantType === 'client_credentials') return oauthError('invalid_grant', 'request not supported on this domain');
  if (grantType === 'refresh_token') return oauthError('invalid_grant', 'expired access/refresh token');
  return oauthError('unsupported_grant_type', 'grant type not supported');
}

export function myDomainToken(request: IncomingRequest, store: OrgStore, instanceUrl: string): OutgoingResponse {
  const params = tokenParameters(request);
  const grantType = params.get('grant_type');
  if (grantType === 'refresh_token') {
    // The emulator never issues refresh tokens, so every one presented is unknown (help page
    // "OAuth 2.0 Authorization Errors" shows this body for a bad refresh token).
    return oauthError('invalid_grant', 'expired access/refresh token');
  }
  if (grantType !== 'client_credentials') return oauthError('unsupported_grant_type', 'grant type not supported');

  const client = store.clients.get(params.get('client_id') ?? '');
  if (client) client.keyActiveFrom ??= Date.now() + client.keyPropagationMs;
  // A key that has not propagated yet is unknown to the token endpoint (salesforce.md, CI section).
  if (!client || Date.now() < (client.keyActiveFrom ?? 0))
    return oauthError('invalid_client_id', 'client identifier invalid');
  if (params.get('client_secret') !== client.clientSecret)
    return oauthError('invalid_client', 'invalid client credentials');
  if (params.has('scope')) return oauthError('invalid_request', 'scope parameter not supported');
  if (!client.flowEnabled) {
    // Unconfirmed: reports disagree (unsupported_grant_type, unauthorized_client, invalid_client);
    // this picks the first reported answer. Tooling must not rely on the exact code.
    return oauthError('unsupported_grant_type', 'grant type not supported');
  }
  const runAs = client.runAsUserId ? store.userById(client.runAsUserId) : undefined;
  if (!runAs) return oauthError('invalid_grant', 'no client credentials user enabled');
  if (!runAs.IsActive) {
    // Unconfirmed: `inactive_user` is in the help page's list of OAuth error codes ("the user has
    // been set to inactive by the administrator"); the description text is our choice.
    return oauthError('inactive_user', 'user is inactive');
  }
  if (client.adminApprovedOnly) {
    const approved = store.permissionSetNamesOf(runAs.Id).some((name) => client.approvedPermissionSets.includes(name));
    if (!approved) return oauthError('invalid_app_access', 'user is not admin approved to access this app');
  }
  const scopes = client.scopes.map((s) => s.toLowerCase()).filter((s) => !USER_DELEGATED_SCOPES.has(s));
  if (scopes.length === 0) return oauthError('invalid_grant', 'no valid scopes defined');

  const accessToken = store.issueToken(runAs.Id, client.clientId);
  const issuedAt = String(Date.now());
  const id = `${instanceUrl}/id/${store.orgId}/${runAs.Id}`;
  // Like Salesforce: base64 HMAC-SHA256 of id + issued_at, so clients can verify it if they hold the key.
  const signature = createHmac('sha256', signingKey)
    .update(id + issuedAt)
    .digest('base64');
  return json(
    200,
    {
      access_token: accessToken,
      signature,
      scope: scopes.join(' '),
      instance_url: instanceUrl,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
      token_format: 'opaque',
    },
    { 'Cache-Control': 'no-cache,must-revalidate,max-age=0,no-store,private' },
  );
}

/** OpenID Connect userinfo; the sf CLI reads user_id, organization_id and preferred_username. */
export function userInfo(request: IncomingRequest, store: OrgStore, instanceUrl: string): OutgoingResponse {
  const token = store.tokenFromHeader(request.headers.authorization);
  const user = token ? store.userById(token.userId) : undefined;
  if (!user) {
    // Unconfirmed: the body "Bad_OAuth_Token" is widely reported; the status (403) is our choice.
    return { status: 403, headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: 'Bad_OAuth_Token' };
  }
  return json(200, identity(user.Id, store, instanceUrl));
}

export function identity(userId: string, store: OrgStore, instanceUrl: string): Record<string, unknown> {
  const user = store.userById(userId);
  if (!user) throw new Error(`unknown user ${userId}`);
  const idUrl = `${instanceUrl}/id/${store.orgId}/${user.Id}`;
  return {
    sub: idUrl,
    user_id: user.Id,
    organization_id: store.orgId,
    preferred_username: user.Username,
    nickname: user.Name,
    name: user.Name,
    email: user.Email,
    email_verified: true,
    family_name: user.LastName,
    zoneinfo: 'GMT',
    active: user.IsActive,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    urls: {
      rest: `${instanceUrl}/services/data/v{version}/`,
      sobjects: `${instanceUrl}/services/data/v{version}/sobjects/`,
      query: `${instanceUrl}/services/data/v{version}/query/`,
      profile: `${instanceUrl}/${user.Id}`,
    },
    is_app_installed: true,
  };
}
