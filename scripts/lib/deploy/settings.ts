/**
 * The values the deploy injects into the metadata, resolved and checked before anything is sent to the
 * org: sfdx-project.json replacements insert them into XML as they are, so a stray `<` or `&` would
 * break the file, and an unset variable would only fail inside the CLI's own conversion.
 */
import { createError } from '../messages';
import { deployMessages } from '../messages/deploy';
import { oauthTokenUrl } from '../onespan/auth';
import { ONESPAN_REGIONS } from '../onespan/regions';
import { checkOneSpanUrlSetting, invalidSettingsError } from '../settings';
import { ONESPAN_EXTERNAL_CREDENTIALS, REPLACEMENT_ENV } from './source-layout';

export type ValueSource = 'flag' | 'environment' | 'target-org';

export interface ResolvedValue {
  value: string;
  source: ValueSource;
  /** Where it came from, in the words a user would look for: a flag, a variable, or the target org. */
  origin: string;
}

type Environment = Readonly<Record<string, string | undefined>>;

/** name@domain with nothing that needs escaping in XML or quoting in a shell. */
const ADDRESS_SHAPE = /^[^\s@<>&"'`]+@[^\s@<>&"'`]+$/;
/** Salesforce: a chosen consumer key or secret is 8 to 256 alphanumeric characters. */
const CHOSEN_CREDENTIAL_SHAPE = /^[A-Za-z0-9]{8,256}$/;

function pick(
  flagValue: string | undefined,
  flagName: string,
  env: Environment,
  envName: string,
  fallback: string,
): ResolvedValue {
  if (flagValue?.trim()) {
    return { value: flagValue.trim(), source: 'flag', origin: flagName };
  }
  const fromEnv = env[envName]?.trim();
  if (fromEnv) {
    return { value: fromEnv, source: 'environment', origin: envName };
  }
  return { value: fallback, source: 'target-org', origin: 'the target org' };
}

/**
 * Flag, then OSS_RUN_AS_USERNAME, then (scratch orgs only) the target org's own user. A scratch org is a
 * throw-away test org, so its admin is a fine Run As user there; anywhere else the token OneSpan holds
 * would act as that admin, so the user must be named.
 */
export function resolveRunAsUsername(
  flagValue: string | undefined,
  env: Environment,
  targetOrg: { username: string; isScratch: boolean },
): ResolvedValue {
  const resolved = pick(flagValue, '--run-as-username', env, REPLACEMENT_ENV.runAsUsername, targetOrg.username);
  if (resolved.source === 'target-org' && !targetOrg.isScratch) {
    throw createError(deployMessages.runAsUsernameRequired);
  }
  if (!ADDRESS_SHAPE.test(resolved.value)) {
    throw createError(deployMessages.invalidUsername, [resolved.origin]);
  }
  return resolved;
}

/** Flag, then OSS_CONTACT_EMAIL, then the target org's username (which has the form of an address). */
export function resolveContactEmail(
  flagValue: string | undefined,
  env: Environment,
  targetOrgUsername: string,
): ResolvedValue {
  const resolved = pick(flagValue, '--contact-email', env, REPLACEMENT_ENV.contactEmail, targetOrgUsername);
  if (!ADDRESS_SHAPE.test(resolved.value)) {
    throw createError(deployMessages.invalidContactEmail, [resolved.origin]);
  }
  return resolved;
}

/**
 * The Connected App's chosen key and secret come only from the environment (a secret is never a flag).
 * Checked before the org is even looked up; the values are never part of a message.
 */
export function checkConnectedAppCredentials(env: Environment): void {
  const names = [REPLACEMENT_ENV.consumerKey, REPLACEMENT_ENV.consumerSecret];
  const unset = names.filter((name) => !env[name]);
  if (unset.length > 0) {
    throw createError(deployMessages.missingConnectedAppCredentials, [names.join(' and '), unset.join(', ')]);
  }
  const malformed = names.find((name) => !CHOSEN_CREDENTIAL_SHAPE.test(env[name] ?? ''));
  if (malformed) {
    throw createError(deployMessages.invalidConnectedAppCredential, [malformed]);
  }
}

/** What the deploy writes into the OneSpan Named and External Credentials. */
export interface OneSpanDeployTarget {
  /** The OneSpan API base, ending in `/api`. */
  apiUrl: string;
  /** OneSpan's OAuth 2.0 token endpoint on the same host (used only in OAuth mode). */
  tokenUrl: string;
  mode: 'api-key' | 'oauth';
  externalCredential: string;
  /** Where the URL came from; `default` when nothing named it. */
  origin: string;
  defaulted: boolean;
}

/** Used when no OneSpan setting is given: the sandbox the guide starts with; the deploy warns. */
export const DEFAULT_ONESPAN_API_URL = ONESPAN_REGIONS['us-sandbox'];

/**
 * The OneSpan API of the Named Credential, from the same `--onespan-env` / `--onespan-url` /
 * `ONESPAN_API_URL` (and `.env`) the other commands read, and the mode: OAuth when `ONESPAN_CLIENT_ID`
 * is set (the account refuses API keys), else API key. The token URL is the one the OneSpan client
 * uses, so Salesforce and the TypeScript commands ask the same endpoint.
 */
export function resolveOneSpanTarget(
  flags: { onespanUrl?: string; onespanEnv?: string },
  env: Environment,
): OneSpanDeployTarget {
  const checked = checkOneSpanUrlSetting({
    onespanUrlFlag: flags.onespanUrl,
    onespanEnvFlag: flags.onespanEnv,
    onespanUrlEnv: env.ONESPAN_API_URL?.trim() || undefined,
  });
  if (!checked.ok) {
    throw invalidSettingsError([checked.problem]);
  }
  const origin = flags.onespanEnv
    ? '--onespan-env'
    : flags.onespanUrl
      ? '--onespan-url'
      : checked.value
        ? 'ONESPAN_API_URL'
        : 'default';
  const apiUrl = (checked.value ?? DEFAULT_ONESPAN_API_URL).replace(/\/+$/, '');
  const oauth = Boolean(env.ONESPAN_CLIENT_ID?.trim());
  return {
    apiUrl,
    tokenUrl: oauthTokenUrl(apiUrl),
    mode: oauth ? 'oauth' : 'api-key',
    externalCredential: oauth ? ONESPAN_EXTERNAL_CREDENTIALS.oauth : ONESPAN_EXTERNAL_CREDENTIALS.apiKey,
    origin,
    defaulted: checked.value === undefined,
  };
}

/** The replacement variables that carry a OneSpan target into the metadata. */
export function oneSpanReplacementEnv(target: OneSpanDeployTarget): Record<string, string> {
  return {
    [REPLACEMENT_ENV.onespanApiUrl]: target.apiUrl,
    [REPLACEMENT_ENV.onespanTokenUrl]: target.tokenUrl,
    [REPLACEMENT_ENV.onespanExternalCredential]: target.externalCredential,
    [REPLACEMENT_ENV.onespanGenerateAuthHeader]: String(target.mode === 'oauth'),
  };
}
