/**
 * Steps 2–4 of the guide as functions that return data: check the Salesforce side (token, namespace,
 * probe), build the key, register with OneSpan and read it back, compare. register and verify are
 * compositions of these steps; doctor, smoke and replay reuse them instead of re-implementing one.
 */
import { callbackKeyHost, decodeCallbackKey, encodeCallbackKey } from './callbackKey';
import { OssError } from './errors';
import { createError, formatMessage } from './messages';
import { registrationMessages } from './messages/registration';
import { DescribedRequest, OneSpanClient, RegisteredConnector, SALESFORCE_CONNECTOR } from './onespan/client';
import { StepHandle } from './output';
import { buildCallbackUrl } from './salesforce/callbackUrl';
import { SalesforceClient } from './salesforce/http';
import { findNamespacePrefix, SoqlQuery, tokenQuery } from './salesforce/namespace';
import { probeCallbackUrl } from './salesforce/probe';
import { connectTargetOrg, TargetOrgConnection } from './salesforce/targetOrg';
import { ClientCredentialsToken, getClientCredentialsToken } from './salesforce/token';
import { SecretValue } from './secretValue';
import { Settings } from './settings';

/** What the steps report to: the renderer in commands, anything with the same shape in tests. */
export interface StepReporter {
  step(title: string): StepHandle;
  warn(text: string): void;
}

export interface Services {
  salesforce: SalesforceClient;
  onespan: OneSpanClient;
  connectTargetOrg(aliasOrUsername: string): Promise<TargetOrgConnection>;
}

/** Only what the clients need, so doctor can create them before the consumer secret is known. */
export function createServices(settings: Pick<Settings, 'timeoutMs' | 'onespanApiUrl' | 'onespanApiKey'>): Services {
  return {
    salesforce: new SalesforceClient(settings.timeoutMs),
    onespan: new OneSpanClient(settings.onespanApiUrl, settings.onespanApiKey, settings.timeoutMs),
    connectTargetOrg,
  };
}

/** Runs one step: a tick with its detail when it passes, a cross when it throws (the error follows). */
export async function runStep<T>(
  reporter: StepReporter,
  title: string,
  body: () => Promise<T>,
  detail: (value: T) => string,
): Promise<T> {
  const step = reporter.step(title);
  try {
    const value = await body();
    step.pass(detail(value));
    return value;
  } catch (error) {
    step.fail(error instanceof OssError ? error.code : undefined);
    throw error;
  }
}

export interface CallbackTarget {
  instanceUrl: string;
  /** The key's host: My Domain host without scheme, port kept. */
  host: string;
  namespacePrefix: string;
  namespaceSource: 'flag' | 'query';
  callbackUrl: string;
  token: ClientCredentialsToken;
}

async function resolveInstance(
  settings: Settings,
  services: Services,
  reporter: StepReporter,
): Promise<{ instanceUrl: string; org?: TargetOrgConnection }> {
  if (!settings.targetOrg) {
    // Settings validation guarantees an instance URL when there is no target org.
    return { instanceUrl: settings.instanceUrl as string };
  }
  const alias = settings.targetOrg;
  const org = await runStep(
    reporter,
    `Org ${alias}`,
    () => services.connectTargetOrg(alias),
    (connection) => connection.instanceUrl,
  );
  if (settings.instanceUrl && settings.instanceUrl !== org.instanceUrl) {
    reporter.warn(
      formatMessage(registrationMessages.instanceMismatch.message, [
        settings.instanceUrl,
        alias,
        org.instanceUrl,
        settings.instanceUrl,
      ]),
    );
  }
  return { instanceUrl: settings.instanceUrl ?? org.instanceUrl, org };
}

/**
 * Token, namespace and probe: everything OneSpan will need from Salesforce, tried as OneSpan will try
 * it. Nothing is registered unless this passes.
 */
export async function checkSalesforceSide(
  settings: Settings,
  services: Services,
  reporter: StepReporter,
): Promise<CallbackTarget> {
  const { instanceUrl, org } = await resolveInstance(settings, services, reporter);
  const token = await runStep(
    reporter,
    'Token (Client Credentials Flow)',
    () =>
      getClientCredentialsToken(services.salesforce, {
        instanceUrl,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
      }),
    (value) => `Run As user ${value.userId ?? 'unknown'}, scope ${value.scope.join(' ') || '(none)'}`,
  );
  const namespacePrefix = await runStep(
    reporter,
    'Namespace of OssCallbackResource',
    async () => {
      if (settings.namespace !== undefined) {
        return settings.namespace;
      }
      const query: SoqlQuery = org
        ? org.query.bind(org)
        : tokenQuery(services.salesforce, token.instanceUrl, token.accessToken);
      return findNamespacePrefix(query, org ? `the sf CLI org ${org.aliasOrUsername}` : 'the client-credentials token');
    },
    (prefix) => `${prefix || 'none'}${settings.namespace !== undefined ? ' (--namespace)' : ''}`,
  );
  const callbackUrl = buildCallbackUrl(instanceUrl, namespacePrefix);
  await runStep(
    reporter,
    'Probe',
    () => probeCallbackUrl(services.salesforce, callbackUrl, token.accessToken),
    () => `GET ${callbackUrl} is healthy`,
  );
  return {
    instanceUrl,
    host: callbackKeyHost(instanceUrl),
    namespacePrefix,
    namespaceSource: settings.namespace !== undefined ? 'flag' : 'query',
    callbackUrl,
    token,
  };
}

export interface ExpectedRegistration {
  url: string;
  events: readonly string[];
  host: string;
  clientId: string;
  clientSecret: SecretValue;
}

export type DifferenceField =
  'registration' | 'url' | 'events' | 'key' | 'key.host' | 'key.client_id' | 'key.client_secret';

export interface RegistrationDifference {
  field: DifferenceField;
  message: string;
  registered?: string;
  expected?: string;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * What differs between the wanted and the registered callback: url, events as a set, and — when
 * OneSpan echoes the key — its host, client id, flow, secret and format. Secrets are compared, never
 * shown. An empty list means the registration is what these settings would register.
 */
export function compareRegistration(
  expected: ExpectedRegistration,
  actual: RegisteredConnector | undefined,
): RegistrationDifference[] {
  if (!actual) {
    return [{ field: 'registration', message: 'nothing is registered' }];
  }
  const differences = compareUrlAndEvents(expected, actual);
  if (actual.key) {
    differences.push(...compareKey(expected, actual.key));
  }
  return differences;
}

/** The url and the events (as a set) of a registration; what can be compared without the key. */
export function compareUrlAndEvents(
  expected: Pick<ExpectedRegistration, 'url' | 'events'>,
  actual: RegisteredConnector,
): RegistrationDifference[] {
  const differences: RegistrationDifference[] = [];
  if (actual.url !== expected.url) {
    differences.push({
      field: 'url',
      message: `url is ${actual.url || '(empty)'}, expected ${expected.url}`,
      registered: actual.url,
      expected: expected.url,
    });
  }
  const added = expected.events.filter((event) => !actual.events.includes(event));
  const removed = actual.events.filter((event) => !expected.events.includes(event));
  if (added.length > 0 || removed.length > 0) {
    const change = [
      added.length ? `adds ${added.join(', ')}` : '',
      removed.length ? `removes ${removed.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    differences.push({
      field: 'events',
      message: `events are ${actual.events.join(', ') || '(none)'}, expected ${expected.events.join(', ')} (${change})`,
      registered: actual.events.join(','),
      expected: expected.events.join(','),
    });
  }
  return differences;
}

/** The key's format problems (field `key`), then its host, client id and secret against `expected`. */
export function compareKey(
  expected: Pick<ExpectedRegistration, 'host' | 'clientId' | 'clientSecret'>,
  key: SecretValue,
): RegistrationDifference[] {
  const decoded = decodeCallbackKey(key.reveal());
  const differences: RegistrationDifference[] = decoded.problems.map((problem) => ({
    field: 'key',
    message: `${problem.message}; ${lowerFirst(problem.fix)}`,
  }));
  if (decoded.host !== undefined && decoded.host !== expected.host) {
    differences.push({
      field: 'key.host',
      message: `the key's host is ${decoded.host}, expected ${expected.host}`,
      registered: decoded.host,
      expected: expected.host,
    });
  }
  if (decoded.clientId !== undefined && decoded.clientId !== expected.clientId) {
    differences.push({
      field: 'key.client_id',
      message: `the key's client_id is ${decoded.clientId}, expected ${expected.clientId}`,
      registered: decoded.clientId,
      expected: expected.clientId,
    });
  }
  if (decoded.clientSecret && !decoded.clientSecret.equals(expected.clientSecret)) {
    differences.push({
      field: 'key.client_secret',
      message: 'the key holds another client_secret than SF_CLIENT_SECRET (rotated?)',
    });
  }
  return differences;
}

export interface RegistrationResult {
  callbackUrl: string;
  namespacePrefix: string;
  host: string;
  instanceUrl: string;
  events: string[];
  runAsUserId?: string;
  /** Whether OneSpan returned the key on GET (unconfirmed on the real service, so both are handled). */
  keyEchoed: boolean;
  registered: boolean;
  verified: boolean;
  dryRun: boolean;
  /** What the POST changes (or would change) compared with the registration found before it. */
  changes: RegistrationDifference[];
  /** Only on --dry-run: the request that was not sent, secrets masked. */
  request?: DescribedRequest;
}

function expectedFrom(settings: Settings, target: CallbackTarget): ExpectedRegistration {
  return {
    url: target.callbackUrl,
    events: settings.events,
    host: target.host,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
  };
}

function differenceLines(differences: readonly RegistrationDifference[]): string {
  return differences.map((difference) => `  - ${difference.message}`).join('\n');
}

/**
 * register: check Salesforce, read the current registration, POST the new one unless it is already
 * identical, then read back and compare. "Identical" needs the key echoed: when OneSpan does not
 * return it, the POST is sent even for the same url and events, because the secret may have rotated.
 */
export async function register(
  settings: Settings,
  services: Services,
  reporter: StepReporter,
): Promise<RegistrationResult> {
  const target = await checkSalesforceSide(settings, services, reporter);
  const expected = expectedFrom(settings, target);
  const key = encodeCallbackKey({
    instanceUrl: target.instanceUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
  });
  const registration = { url: target.callbackUrl, events: settings.events, key };
  const existing = await runStep(
    reporter,
    'Current registration',
    () => services.onespan.getConnector(),
    (connector) => (connector ? `${connector.url} (${connector.events.join(', ')})` : 'none'),
  );
  const changes = existing ? compareRegistration(expected, existing) : [];
  const base = {
    callbackUrl: target.callbackUrl,
    namespacePrefix: target.namespacePrefix,
    host: target.host,
    instanceUrl: target.instanceUrl,
    events: [...settings.events],
    runAsUserId: target.token.userId,
    changes: existing ? changes : compareRegistration(expected, undefined),
    dryRun: settings.dryRun,
  };
  if (settings.dryRun) {
    reporter.step('Register (dry run: not sent)').warn(`POST ${services.onespan.connectorUrl()}`);
    return {
      ...base,
      keyEchoed: existing?.key !== undefined,
      registered: false,
      verified: false,
      request: services.onespan.describeRegisterRequest(registration),
    };
  }
  if (existing?.key && changes.length === 0) {
    reporter.step('Registered').pass('already registered with these settings; nothing changes');
    return { ...base, keyEchoed: true, registered: true, verified: true };
  }
  await runStep(
    reporter,
    'Registered',
    () => services.onespan.registerConnector(registration),
    () =>
      existing && changes.length === 0
        ? 'url and events unchanged; key sent again, since OneSpan does not return it for comparison'
        : `${SALESFORCE_CONNECTOR} → ${target.callbackUrl}`,
  );
  const readBack = await runStep(
    reporter,
    'Verified',
    async () => {
      const connector = await services.onespan.getConnector();
      const differences = compareRegistration(expected, connector);
      if (differences.length > 0) {
        throw createError(registrationMessages.notVerified, [differenceLines(differences)], { data: { differences } });
      }
      return connector as RegisteredConnector;
    },
    (connector) => (connector.key ? 'url, events and key match' : 'url and events match'),
  );
  if (!readBack.key) {
    reporter.warn(registrationMessages.keyNotEchoed.message);
  }
  return { ...base, keyEchoed: readBack.key !== undefined, registered: true, verified: true };
}

export interface VerificationResult {
  callbackUrl: string;
  namespacePrefix: string;
  host: string;
  instanceUrl: string;
  events: string[];
  runAsUserId?: string;
  registeredUrl?: string;
  registeredEvents?: string[];
  keyEchoed: boolean;
  registered: boolean;
  verified: boolean;
  differences: RegistrationDifference[];
}

/**
 * verify: the same Salesforce checks, then the registration as OneSpan holds it, compared with what
 * these settings would register. Writes nothing. Throws when nothing or something else is registered.
 */
export async function verify(
  settings: Settings,
  services: Services,
  reporter: StepReporter,
): Promise<VerificationResult> {
  const target = await checkSalesforceSide(settings, services, reporter);
  const connector = await runStep(
    reporter,
    'Read registration',
    () => services.onespan.getConnector(),
    (found) => (found ? `${found.url} (${found.events.join(', ')})` : 'none'),
  );
  const differences = compareRegistration(expectedFrom(settings, target), connector);
  const result: VerificationResult = {
    callbackUrl: target.callbackUrl,
    namespacePrefix: target.namespacePrefix,
    host: target.host,
    instanceUrl: target.instanceUrl,
    events: [...settings.events],
    runAsUserId: target.token.userId,
    registeredUrl: connector?.url,
    registeredEvents: connector?.events,
    keyEchoed: connector?.key !== undefined,
    registered: connector !== undefined,
    verified: differences.length === 0,
    differences,
  };
  const step = reporter.step('Matches these settings');
  if (!connector) {
    step.fail('nothing registered');
    throw createError(registrationMessages.notRegistered, [services.onespan.connectorUrl()], { data: result });
  }
  if (differences.length > 0) {
    step.fail(`${differences.length} difference(s)`);
    throw createError(registrationMessages.mismatch, [differenceLines(differences)], { data: result });
  }
  step.pass(connector.key ? 'url, events and key' : 'url and events');
  if (!connector.key) {
    reporter.warn(registrationMessages.keyNotEchoed.message);
  }
  return result;
}
