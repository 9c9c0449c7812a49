/**
 * The consumer key and secret of the External Client App, read from the org instead of copied by hand
 * (reference/salesforce.md §6, Connect REST API 60.0+): find the app in /apps/oauth/usage, list its
 * consumers in /apps/oauth/credentials/{app}, then read /{consumer}?part=keyandsecret. The usage list is
 * documented as the apps "that have OAuth usage data", so a brand-new app (a fresh scratch org in CI) may
 * be missing from it; the app's Id then comes from a SOQL query on ExternalClientApplication by its
 * DeveloperName (regular SOQL, reported to work; the same Id the usage list calls `identifier`). The secret is
 * wrapped in a SecretValue the moment it arrives, so it is masked everywhere and never written anywhere.
 */
import { OssError } from '../errors';
import { createError } from '../messages';
import { appCredentialsMessages } from '../messages/appCredentials';
import { SecretValue } from '../secretValue';
import { soqlString } from './callbackEvents';
import { SALESFORCE_API_VERSION, salesforceErrorCode } from './connection';
import type { SoqlQuery } from './namespace';
import { SalesforceApi } from './connection';
import { connectTargetOrg } from './targetOrg';

export interface AppCredentials {
  clientId: string;
  clientSecret: SecretValue;
}

/** A GET of a REST path as some user; the sf CLI org connection in commands, a fake in unit tests. */
export type RestGet = <T>(path: string) => Promise<T>;

interface UsagePage {
  apps?: { identifier?: string; developerName?: string }[];
  nextPageUrl?: string | null;
}

interface ConsumerList {
  consumers?: { id?: string }[];
}

interface ConsumerCredentials {
  key?: string;
  secret?: string;
}

const CONNECT_BASE = `/services/data/v${SALESFORCE_API_VERSION}/apps/oauth`;
/** The usage list pages by 100 by default; an org with more apps than this is not plausible. */
const MAX_USAGE_PAGES = 50;

/** Errors of either transport (our client's OssError data, or jsforce's HttpApiError) as errorCode + message. */
function restFailure(error: unknown): { errorCode: string; message: string } {
  const jsforceError = error as { errorCode?: string; message?: string };
  return {
    errorCode: salesforceErrorCode(error) ?? jsforceError.errorCode ?? 'Error',
    message: jsforceError.message ?? String(error),
  };
}

export function externalClientAppQuery(appName: string): string {
  return `SELECT Id, DeveloperName FROM ExternalClientApplication WHERE DeveloperName = ${soqlString(appName)}`;
}

async function findAppIdentifier(
  get: RestGet,
  appName: string,
  org: string,
  query: SoqlQuery | undefined,
): Promise<string> {
  const names: string[] = [];
  let path: string | null | undefined = `${CONNECT_BASE}/usage`;
  for (let page = 0; path && page < MAX_USAGE_PAGES; page++) {
    let usage: UsagePage;
    try {
      usage = await get<UsagePage>(path);
    } catch (error) {
      const failure = restFailure(error);
      if (failure.errorCode === 'NOT_FOUND' && !SECRET_ACCESS_OFF.test(failure.message)) {
        throw createError(appCredentialsMessages.restUnavailable, [org, failure.errorCode, failure.message], {
          cause: error,
        });
      }
      throw accessError(error, org, appName);
    }
    for (const app of usage.apps ?? []) {
      if (app.developerName === appName && app.identifier) {
        return app.identifier;
      }
      names.push(app.developerName ?? '?');
    }
    path = usage.nextPageUrl;
  }
  let queryFailure: unknown;
  if (query) {
    try {
      const [app] = await query<{ Id?: string }>(externalClientAppQuery(appName));
      if (app?.Id) {
        return app.Id;
      }
    } catch (error) {
      // Unconfirmed that every org lets this object be queried: the missing app is still the clearer answer.
      queryFailure = error;
    }
  }
  throw createError(appCredentialsMessages.appNotFound, [org, appName, names.join(', ') || 'none'], {
    cause: queryFailure,
  });
}

/**
 * With the org setting "Allow access to External Client App consumer secrets via REST API" off,
 * Salesforce may refuse with one of these texts (seen by sfdx-hardis, onespan.md §9) rather than leave
 * the fields out; either way the fix is that setting.
 */
const SECRET_ACCESS_OFF = /not currently enabled|feature is not enabled|not enabled for this user/i;

/**
 * The setting being off maps to its fix; 401/403-like refusals mean the user lacks the permission;
 * anything else is passed on as it is.
 */
function accessError(error: unknown, org: string, appName: string): OssError {
  const failure = restFailure(error);
  if (SECRET_ACCESS_OFF.test(failure.message)) {
    return createError(
      appCredentialsMessages.secretAccessOff,
      [org, appName, ` (${failure.errorCode}: ${failure.message})`],
      {
        actionArgs: [],
        cause: error,
      },
    );
  }
  if (/FORBIDDEN|INSUFFICIENT_ACCESS|INSUFFICIENT_PRIVILEGES|PERMISSION/i.test(failure.errorCode)) {
    return createError(appCredentialsMessages.permissionMissing, [org, appName, failure.errorCode, failure.message], {
      cause: error,
    });
  }
  return OssError.wrap(error);
}

/**
 * Reads the consumer key and secret of `appName`. `org` names the org in messages. With the org setting
 * off, Salesforce leaves key and secret out of the answers or refuses with a "not enabled" text
 * (third-party reports of both), so both are explained with the same fix.
 */
export async function readAppCredentials(
  get: RestGet,
  appName: string,
  org: string,
  query?: SoqlQuery,
): Promise<AppCredentials> {
  const appId = await findAppIdentifier(get, appName, org, query);
  const appPath = `${CONNECT_BASE}/credentials/${encodeURIComponent(appId)}`;
  let consumers: ConsumerList;
  try {
    consumers = await get<ConsumerList>(appPath);
  } catch (error) {
    throw accessError(error, org, appName);
  }
  const consumerId = consumers.consumers?.find((consumer) => consumer.id)?.id;
  if (!consumerId) {
    throw createError(appCredentialsMessages.noConsumer, [appName, org]);
  }
  let credentials: ConsumerCredentials;
  try {
    credentials = await get<ConsumerCredentials>(`${appPath}/${encodeURIComponent(consumerId)}?part=keyandsecret`);
  } catch (error) {
    throw accessError(error, org, appName);
  }
  if (typeof credentials.secret !== 'string' || credentials.secret === '' || !credentials.key) {
    throw createError(appCredentialsMessages.secretAccessOff, [org, appName, ''], { actionArgs: [] });
  }
  return { clientId: credentials.key, clientSecret: new SecretValue(credentials.secret) };
}

/** The settings' reader: the sf CLI org's stored login, then readAppCredentials. */
export async function readAppCredentialsFromOrg(
  targetOrg: string,
  appName: string,
  timeoutMs?: number,
): Promise<AppCredentials> {
  const org = await connectTargetOrg(targetOrg, timeoutMs === undefined ? undefined : new SalesforceApi(timeoutMs));
  return readAppCredentials(org.getJson.bind(org), appName, targetOrg, org.query.bind(org));
}
