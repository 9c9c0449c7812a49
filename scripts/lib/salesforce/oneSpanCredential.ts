/**
 * The OneSpan key held by Salesforce itself (archive-contract.md, documents.md C3): the values of the
 * External Credential principal written through the Connect REST API as the sf CLI org's user, and
 * the Named Credential / principal read back for doctor. Metadata never carries the key; this is the
 * documented way to set it without the Setup page ("Populate External Credential Principals").
 *
 *   API-key mode: External Credential OneSpan_Sign_API (Custom), parameter ApiKey (encrypted).
 *   OAuth mode:   External Credential OneSpan_Sign_API_OAuth (OAuth, client credentials), clientId and
 *                 clientSecret (the secret encrypted).
 * The value is sent once, in the request body, and never echoed: Connect does not return encrypted values.
 */
import { createError } from '../messages';
import type { OneSpanCredentials } from '../onespan/auth';
import { archiveMessages } from '../messages/archive';
import { SecretValue } from '../secretValue';
import { secrets } from '../secrets';
import { invalidSettingsError, SETTING_NAMES } from '../settings';
import { problemOf } from '../urlRules';
import { salesforceFault, type TargetOrgConnection } from './targetOrg';

export const ONESPAN_NAMED_CREDENTIAL = 'OneSpan_Sign_API';
export const ONESPAN_PRINCIPAL = 'OneSpan_Sign_Principal';

/** The OneSpan credentials of either mode, stored as they are. */
export type OneSpanSecret = OneSpanCredentials;

/**
 * The OneSpan secret of this process, from the environment only (real environment over `.env`):
 * ONESPAN_CLIENT_ID + ONESPAN_CLIENT_SECRET (OAuth-only accounts) when set, else ONESPAN_API_KEY. For
 * `npm run credential`, which needs no OneSpan URL; the other commands take `onespanAuth` from the settings.
 */
export function oneSpanSecretFrom(env: Record<string, string | undefined>): OneSpanSecret {
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };
  const clientId = value('ONESPAN_CLIENT_ID');
  const clientSecret = value('ONESPAN_CLIENT_SECRET');
  secrets.add(clientSecret);
  if (clientId || clientSecret) {
    if (!clientId || !clientSecret) {
      throw createError(archiveMessages.oauthIncomplete, [clientId ? 'ONESPAN_CLIENT_ID' : 'ONESPAN_CLIENT_SECRET']);
    }
    return { mode: 'oauth', clientId, clientSecret: new SecretValue(clientSecret) };
  }
  const apiKey = value('ONESPAN_API_KEY');
  secrets.add(apiKey);
  if (!apiKey) {
    throw invalidSettingsError([problemOf(SETTING_NAMES.onespanApiKey, 'missingApiKey', [], [])]);
  }
  return { mode: 'apiKey', apiKey: new SecretValue(apiKey) };
}

export interface CredentialTarget {
  externalCredential: string;
  /** Connect REST's protocol name. */
  protocol: 'Custom' | 'OAuth';
  /** What is stored, for messages. */
  what: string;
}

export function credentialTarget(mode: OneSpanSecret['mode']): CredentialTarget {
  return mode === 'apiKey'
    ? { externalCredential: 'OneSpan_Sign_API', protocol: 'Custom', what: 'API key' }
    : { externalCredential: 'OneSpan_Sign_API_OAuth', protocol: 'OAuth', what: 'OAuth client id and secret' };
}

export interface CredentialWrite {
  externalCredential: string;
  principalName: string;
  action: 'created' | 'updated';
}

interface CredentialAnswer {
  authenticationStatus?: string;
  credentials?: Record<string, unknown>;
}

function credentialPath(org: TargetOrgConnection): string {
  return `/services/data/v${org.apiVersion}/named-credentials/credential`;
}

/**
 * Whether the principal has values: an empty map and a 404 NOT_FOUND both mean "none" (which one an
 * org answers for a principal never given values is unconfirmed). Any other failure (an expired
 * session, no access, a server error) is thrown: it says nothing about the values, and a create
 * attempted on it would only hide the real cause.
 */
async function hasCredentialValues(org: TargetOrgConnection, target: CredentialTarget): Promise<boolean> {
  const query = new URLSearchParams({
    externalCredential: target.externalCredential,
    principalName: ONESPAN_PRINCIPAL,
    principalType: 'NamedPrincipal',
  });
  try {
    const current = await org.request<CredentialAnswer>({
      method: 'GET',
      url: `${credentialPath(org)}?${query.toString()}`,
    });
    return Object.keys(current?.credentials ?? {}).length > 0;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** A refusal that carries Salesforce's errorCode: the org answered, so its state can be read again. */
function isApiRefusal(error: unknown): boolean {
  const errorCode = (error as { errorCode?: unknown }).errorCode;
  return typeof errorCode === 'string' && errorCode !== 'INVALID_SESSION_ID';
}

/**
 * Creates the principal's values (POST), or replaces them (PUT) when it has some: PUT is documented for
 * every protocol, PATCH for Custom only. The choice is made from what the org holds, read first. If
 * the POST is refused (someone stored values between the read and the write, or the org answers a
 * POST on a principal with values in its own words), the state is read again and a PUT follows only
 * when the values are now there; the refusal's text is never guessed at.
 */
export async function writeOneSpanCredential(
  org: TargetOrgConnection,
  secret: OneSpanSecret,
): Promise<CredentialWrite> {
  const target = credentialTarget(secret.mode);
  const body = (): string =>
    JSON.stringify({
      externalCredential: target.externalCredential,
      authenticationProtocol: target.protocol,
      principalName: ONESPAN_PRINCIPAL,
      principalType: 'NamedPrincipal',
      credentials:
        secret.mode === 'apiKey'
          ? { ApiKey: { value: secret.apiKey.reveal(), encrypted: true } }
          : {
              clientId: { value: secret.clientId, encrypted: false },
              clientSecret: { value: secret.clientSecret.reveal(), encrypted: true },
            },
    });
  const send = (method: 'POST' | 'PUT') =>
    org.request({ method, url: credentialPath(org), body: body(), headers: { 'Content-Type': 'application/json' } });
  const written = (action: CredentialWrite['action']): CredentialWrite => ({
    externalCredential: target.externalCredential,
    principalName: ONESPAN_PRINCIPAL,
    action,
  });
  if (await hasCredentialValues(org, target)) {
    await send('PUT');
    return written('updated');
  }
  try {
    await send('POST');
    return written('created');
  } catch (error) {
    if (!isApiRefusal(error) || !(await hasCredentialValues(org, target).catch(() => false))) throw error;
    await send('PUT');
    return written('updated');
  }
}

/** writeOneSpanCredential with the project's error: what Salesforce refused, and the fix. */
export async function storeOneSpanCredential(
  org: TargetOrgConnection,
  secret: OneSpanSecret,
  targetOrg: string,
): Promise<CredentialWrite> {
  const target = credentialTarget(secret.mode);
  try {
    return await writeOneSpanCredential(org, secret);
  } catch (error) {
    const fault = salesforceFault(error);
    throw createError(
      archiveMessages.credentialRefused,
      [target.what, target.externalCredential, fault.errorCode, fault.message],
      {
        actionArgs: [targetOrg],
        data: { errorCode: fault.errorCode },
      },
    );
  }
}

export interface NamedCredentialState {
  calloutUrl: string;
  externalCredentials: string[];
}

/** GET named-credential-setup/{name}; undefined when the org has no such Named Credential (404). */
export async function readNamedCredential(
  org: TargetOrgConnection,
  name = ONESPAN_NAMED_CREDENTIAL,
): Promise<NamedCredentialState | undefined> {
  try {
    const answer = await org.request<{ calloutUrl?: string; externalCredentials?: { developerName?: string }[] }>({
      method: 'GET',
      url: `/services/data/v${org.apiVersion}/named-credentials/named-credential-setup/${encodeURIComponent(name)}`,
    });
    return {
      calloutUrl: answer.calloutUrl ?? '',
      externalCredentials: (answer.externalCredentials ?? []).map((e) => e.developerName ?? ''),
    };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export interface PrincipalState {
  /** Connect's authenticationStatus ("Configured" once the values are set). */
  authenticationStatus: string;
  /** Permission sets (or other entities) that grant the principal. */
  grantedTo: string[];
}

/** The principal of an External Credential; undefined when the credential or principal is missing. */
export async function readPrincipal(
  org: TargetOrgConnection,
  externalCredential: string,
): Promise<PrincipalState | undefined> {
  try {
    const answer = await org.request<{
      principals?: {
        principalName?: string;
        authenticationStatus?: string;
        principalAccess?: { developerName?: string }[];
      }[];
    }>({
      method: 'GET',
      url: `/services/data/v${org.apiVersion}/named-credentials/external-credentials/${encodeURIComponent(externalCredential)}`,
    });
    const principal = (answer.principals ?? []).find((p) => p.principalName === ONESPAN_PRINCIPAL);
    return principal
      ? {
          authenticationStatus: principal.authenticationStatus ?? 'Unknown',
          grantedTo: (principal.principalAccess ?? []).map((a) => a.developerName ?? ''),
        }
      : undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  const candidate = error as { errorCode?: unknown; name?: unknown };
  return candidate.errorCode === 'NOT_FOUND' || candidate.name === 'NOT_FOUND';
}

/** Same URL up to a trailing slash and the host's case. */
export function sameApiUrl(a: string, b: string): boolean {
  const normalise = (url: string): string => {
    try {
      const parsed = new URL(url.trim());
      return `${parsed.protocol}//${parsed.host.toLowerCase()}${parsed.pathname.replace(/\/+$/, '')}`;
    } catch {
      return url.trim().replace(/\/+$/, '');
    }
  };
  return normalise(a) === normalise(b);
}
