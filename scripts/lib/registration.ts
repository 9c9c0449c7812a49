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
import { SalesforceApi } from './salesforce/connection';
import { findNamespacePrefix, SoqlQuery, tokenQuery } from './salesforce/namespace';
import { probeCallbackUrl } from './salesforce/probe';
import { connectTargetOrg, TargetOrgConnection } from './salesforce/targetOrg';
import { waitForNewKey } from './salesforce/keyPropagation';
import { ClientCredentialsSession, ClientCredentialsToken, getClientCredentialsToken } from './salesforce/token';
import { SecretValue } from './secretValue';
import { SalesforceSettings, Settings } from './settings';

/** What the steps report to: the renderer in commands, anything with the same shape in tests. */
export interface StepReporter {
  step(title: string): StepHandle;
  warn(text: string): void;
  /** Progress of a long step (e.g. the wait for a new consumer key); optional for quiet reporters. */
  progress?(text: string): void;
}

export interface Services {
  salesforce: SalesforceApi;
  onespan: OneSpanClient;
  connectTargetOrg(aliasOrUsername: string): Promise<TargetOrgConnection>;
}

/** The Salesforce side alone: what replay uses. */
export type SalesforceServices = Pick<Services, 'salesforce' | 'connectTargetOrg'>;

export function createSalesforceServices(settings: Pick<Settings, 'timeoutMs'>): SalesforceServices {
  return { salesforce: new SalesforceApi(settings.timeoutMs), connectTargetOrg };
}

/** Only what the clients need, so doctor can create them before the consumer secret is known. */
export function createServices(settings: Pick<Settings, 'timeoutMs' | 'onespanApiUrl' | 'onespanAuth'>): Services {
  const salesforce = new SalesforceApi(settings.timeoutMs);
  return {
    salesforce,
    onespan: new OneSpanClient(settings.onespanApiUrl, settings.onespanAuth, settings.timeoutMs),
    // The org's calls get the same --timeout and retries as every other Salesforce call.
    connectTargetOrg: (aliasOrUsername) => connectTargetOrg(aliasOrUsername, salesforce),
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
  /** The same token, renewed when Salesforce says the session expired (long runs: replay, reconcile). */
  session: ClientCredentialsSession;
}

async function resolveInstance(
  settings: SalesforceSettings,
  services: SalesforceServices,
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
  settings: SalesforceSettings,
  services: SalesforceServices,
  reporter: StepReporter,
): Promise<CallbackTarget> {
  const { instanceUrl, org } = await resolveInstance(settings, services, reporter);
  const mint = () =>
    getClientCredentialsToken(services.salesforce, {
      instanceUrl,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
    });
  const token = await runStep(
    reporter,
    'Token (Client Credentials Flow)',
    () => waitForNewKey(mint, { waitMs: settings.waitForKeyMs, progress: (text) => reporter.progress?.(text) }),
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
    session: new ClientCredentialsSession(token, mint),
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
  const key = comparableKey(actual);
  if (key) {
    differences.push(...compareKey(expected, key));
  }
  return differences;
}

/**
 * The echoed key when it can be compared: base64 of a JSON object, the form every salesforceOauth2 key
 * has. Anything else — a mask such as "********", which OneSpan may answer for a key holding a secret
 * (onespan.md §9) — says nothing about the key OneSpan holds, so it counts as not echoed, never as a
 * difference.
 */
export function comparableKey(connector: RegisteredConnector | undefined): SecretValue | undefined {
  if (!connector?.key) {
    return undefined;
  }
  const { problems } = decodeCallbackKey(connector.key.reveal());
  const unreadable = problems.some((problem) => ['notBase64', 'notJson', 'notObject'].includes(problem.code));
  return unreadable ? undefined : connector.key;
}

/** The warning for a registration whose key could not be compared, or undefined when it could. */
export function keyWarning(connector: RegisteredConnector | undefined): string | undefined {
  if (!connector || comparableKey(connector)) {
    return undefined;
  }
  return connector.key ? registrationMessages.keyNotComparable.message : registrationMessages.keyNotEchoed.message;
}

/**
 * Whether a registered callback URL belongs to another org or receiver than `callbackUrl`: another
 * host (with port) or another path. One OneSpan account holds one salesforceOauth2 registration, so
 * replacing it takes the callbacks away from that receiver. An unreadable URL reaches nobody.
 */
export function pointsElsewhere(registeredUrl: string, callbackUrl: string): boolean {
  let registered: URL;
  try {
    registered = new URL(registeredUrl);
  } catch {
    return false;
  }
  const wanted = new URL(callbackUrl);
  const path = (url: URL) => url.pathname.replace(/\/+$/, '');
  return registered.host.toLowerCase() !== wanted.host.toLowerCase() || path(registered) !== path(wanted);
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
  /** Whether the returned key could be compared (base64 JSON, not a mask such as "********"). */
  keyComparable: boolean;
  registered: boolean;
  verified: boolean;
  dryRun: boolean;
  /** The callback URL of another org that this registration replaced (only with --replace). */
  replacedUrl?: string;
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

export interface RegisterOptions {
  /** Replace a registration whose URL points at another org (other host or path). */
  replace?: boolean;
}

/**
 * The Salesforce checks, with the read of the current registration beside them: the read needs nothing
 * from Salesforce, so it costs no round trip of its own. It is reported in its place, after the checks
 * (the caller awaits it only when they pass); when they fail, the read is abandoned unlooked-at, so the failure
 * and the moment of refusal are those of a run that never started it, and no retry of an unwanted read
 * keeps the process alive.
 */
async function checkSalesforceBesideRead(
  settings: Settings,
  services: Services,
  reporter: StepReporter,
): Promise<{ target: CallbackTarget; read: () => Promise<RegisteredConnector | undefined> }> {
  const unwanted = new AbortController();
  const read = services.onespan.getConnector(undefined, unwanted.signal);
  read.catch(() => undefined);
  try {
    return { target: await checkSalesforceSide(settings, services, reporter), read: () => read };
  } catch (error) {
    unwanted.abort();
    throw error;
  }
}

/**
 * register: check Salesforce while reading the current registration, POST the new one unless it is
 * already identical, then read back and compare. "Identical" needs the key echoed in a comparable form:
 * when OneSpan does not return it, the POST is sent even for the same url and events, because the
 * secret may have rotated. A registration of another org is only replaced with `replace`, and refused
 * before anything is written otherwise; nothing is written unless the Salesforce checks pass.
 */
export async function register(
  settings: Settings,
  services: Services,
  reporter: StepReporter,
  options: RegisterOptions = {},
): Promise<RegistrationResult> {
  const { target, read: currentRegistration } = await checkSalesforceBesideRead(settings, services, reporter);
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
    async () => {
      const connector = await currentRegistration();
      if (connector && pointsElsewhere(connector.url, target.callbackUrl) && !options.replace) {
        throw createError(registrationMessages.otherOrg, [connector.url, target.callbackUrl], {
          actionArgs: [connector.url],
          data: { registeredUrl: connector.url, callbackUrl: target.callbackUrl },
        });
      }
      return connector;
    },
    (connector) => (connector ? `${connector.url} (${connector.events.join(', ')})` : 'none'),
  );
  const replacedUrl = existing && pointsElsewhere(existing.url, target.callbackUrl) ? existing.url : undefined;
  if (replacedUrl) {
    reporter.warn(formatMessage(registrationMessages.replacing.message, [replacedUrl]));
  }
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
    ...(replacedUrl ? { replacedUrl } : {}),
  };
  if (settings.dryRun) {
    reporter.step('Register (dry run: not sent)').warn(`POST ${services.onespan.connectorUrl()}`);
    return {
      ...base,
      keyEchoed: existing?.key !== undefined,
      keyComparable: comparableKey(existing) !== undefined,
      registered: false,
      verified: false,
      request: services.onespan.describeRegisterRequest(registration),
    };
  }
  if (comparableKey(existing) && changes.length === 0) {
    reporter.step('Registered').pass('already registered with these settings; nothing changes');
    return { ...base, keyEchoed: true, keyComparable: true, registered: true, verified: true };
  }
  await runStep(
    reporter,
    'Registered',
    () => services.onespan.registerConnector(registration),
    () =>
      existing && changes.length === 0
        ? 'url and events unchanged; key sent again, since OneSpan does not return it in a form to compare'
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
    (connector) => (comparableKey(connector) ? 'url, events and key match' : 'url and events match'),
  );
  const warning = keyWarning(readBack);
  if (warning) {
    reporter.warn(warning);
  }
  return {
    ...base,
    keyEchoed: readBack.key !== undefined,
    keyComparable: comparableKey(readBack) !== undefined,
    registered: true,
    verified: true,
  };
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
  keyComparable: boolean;
  registered: boolean;
  verified: boolean;
  differences: RegistrationDifference[];
}

/**
 * verify: the same Salesforce checks and, beside them, the registration as OneSpan holds it, compared
 * with what these settings would register. Writes nothing. Throws when nothing or something else is
 * registered.
 */
export async function verify(
  settings: Settings,
  services: Services,
  reporter: StepReporter,
): Promise<VerificationResult> {
  const { target, read: registration } = await checkSalesforceBesideRead(settings, services, reporter);
  const connector = await runStep(reporter, 'Read registration', registration, (found) =>
    found ? `${found.url} (${found.events.join(', ')})` : 'none',
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
    keyComparable: comparableKey(connector) !== undefined,
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
  step.pass(comparableKey(connector) ? 'url, events and key' : 'url and events');
  const warning = keyWarning(connector);
  if (warning) {
    reporter.warn(warning);
  }
  return result;
}
