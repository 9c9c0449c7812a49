/**
 * The one settings object of register, verify, doctor, smoke and replay: flags > environment > `.env`
 * (which never overrides the real environment). Everything is validated in one pass and every problem is
 * reported together, each naming its flag and environment variable and its fix. Secrets are only read
 * from the environment (or, with --target-org and no SF_CLIENT_SECRET, from the org's External Client
 * App) and are held as SecretValue, so the object prints masked.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { readDotenvFile } from './dotenvFile';
import { OssError } from './errors';
import { createError, formatMessage } from './messages';
import { settingsMessages } from './messages/settings';
import { OneSpanCredentials } from './onespan/auth';
import { closestEvent, DEFAULT_EVENTS, isOneSpanEvent, OneSpanEvent, WITHDRAWN_EVENTS } from './onespan/events';
import { isOneSpanRegion, REGION_NAMES, regionApiUrl } from './onespan/regions';
import { AppCredentials, readAppCredentialsFromOrg } from './salesforce/appCredentials';
import {
  defaultOrgNotice,
  readSfConfiguredTargetOrg,
  resolveTargetOrgName,
  SfDefaultReader,
} from './salesforce/defaultOrg';
import {
  DEFAULT_KEY_WAIT_MINUTES,
  KEY_WAIT_ENV,
  MAX_KEY_WAIT_MINUTES,
  RECOMMENDED_KEY_WAIT_MINUTES,
} from './salesforce/keyPropagation';
import { SecretValue } from './secretValue';
import { secrets } from './secrets';
import { Check, checkMyDomainUrl, checkOneSpanApiUrl, problemOf, SettingProblem } from './urlRules';

/** Flags as commander gives them (camelCase); secrets have no flag on purpose. */
export interface SettingsFlags {
  targetOrg?: string;
  instanceUrl?: string;
  clientId?: string;
  onespanUrl?: string;
  onespanEnv?: string;
  events?: string;
  namespace?: string;
  dryRun?: boolean;
  timeout?: string;
  appName?: string;
  /** Minutes to wait for a new consumer key (register and smoke only). */
  waitForKey?: string;
}

export interface Settings {
  /** Alias or username of an sf CLI org; used for the namespace query and as the instance URL default. */
  readonly targetOrg?: string;
  /** My Domain origin (no trailing slash); undefined only when it is to be read from targetOrg. */
  readonly instanceUrl?: string;
  readonly clientId: string;
  readonly clientSecret: SecretValue;
  /** OneSpan API base, ending in `/api`. */
  readonly onespanApiUrl: string;
  /** ONESPAN_API_KEY, or ONESPAN_CLIENT_ID + ONESPAN_CLIENT_SECRET for accounts on OAuth 2.0 only. */
  readonly onespanAuth: OneSpanCredentials;
  readonly events: readonly OneSpanEvent[];
  /** undefined: query NamespacePrefix; '': no namespace; else the prefix. */
  readonly namespace?: string;
  readonly dryRun: boolean;
  readonly timeoutMs: number;
  /** DeveloperName of the External Client App whose credentials are read from --target-org. */
  readonly appName: string;
  /** How long the token step retries while a new consumer key propagates (0: one attempt). */
  readonly waitForKeyMs: number;
}

/**
 * What replay needs: the Salesforce side only. An admin holding nothing but OneSpan's failure e-mail
 * and the org's settings can re-deliver its payloads; no OneSpan setting is read or required.
 */
export type SalesforceSettings = Omit<Settings, 'onespanApiUrl' | 'onespanAuth' | 'events'>;

/**
 * Settings before the consumer key and secret are known: with --target-org and no SF_CLIENT_SECRET they
 * are read from the org (completeSettings), which needs a network call that validation must not make.
 */
export type SettingsDraft = Omit<Settings, 'clientId' | 'clientSecret'> & {
  readonly clientId?: string;
  readonly clientSecret?: SecretValue;
};

/** The External Client App this project deploys (force-app/main/default/externalClientApps). */
export const DEFAULT_APP_NAME = 'OneSpan_Sign_Callback';

export const DEFAULT_TIMEOUT_MS = 15_000;
const MIN_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 600_000;

/** How each setting is named to the user. */
export const SETTING_NAMES = {
  targetOrg: '--target-org / SF_TARGET_ORG',
  instanceUrl: '--instance-url / SF_INSTANCE_URL',
  clientId: '--client-id / SF_CLIENT_ID',
  clientSecret: 'SF_CLIENT_SECRET (environment only)',
  onespanUrl: '--onespan-url / ONESPAN_API_URL (or --onespan-env)',
  onespanApiKey: 'ONESPAN_API_KEY (environment only)',
  onespanClientId: 'ONESPAN_CLIENT_ID (environment only)',
  onespanClientSecret: 'ONESPAN_CLIENT_SECRET (environment only)',
  events: '--events / ONESPAN_EVENTS',
  namespace: '--namespace',
  timeout: '--timeout',
  appName: '--app-name',
  waitForKey: `--wait-for-key / ${KEY_WAIT_ENV}`,
} as const;

/** Flags that look like they would take a secret; refused with the environment variable to use instead. */
const SECRET_FLAGS: Record<string, { what: string; env: string }> = {
  '--client-secret': { what: 'consumer secret', env: 'SF_CLIENT_SECRET' },
  '--consumer-secret': { what: 'consumer secret', env: 'SF_CLIENT_SECRET' },
  '--api-key': { what: 'OneSpan API key', env: 'ONESPAN_API_KEY' },
  '--onespan-api-key': { what: 'OneSpan API key', env: 'ONESPAN_API_KEY' },
  '--onespan-client-secret': { what: 'OneSpan OAuth client secret', env: 'ONESPAN_CLIENT_SECRET' },
};

/**
 * Refuses a secret passed as a flag before anything else runs, and masks the value that followed it,
 * since the user has just typed a real secret into the command line.
 */
export function rejectSecretFlags(argv: readonly string[]): void {
  argv.forEach((argument, index) => {
    const [name, inlineValue] = argument.split(/=(.*)/s, 2);
    const secretFlag = SECRET_FLAGS[name];
    if (!secretFlag) {
      return;
    }
    secrets.add(inlineValue ?? argv[index + 1]);
    throw createError(settingsMessages.secretFlag, [name, secretFlag.what, secretFlag.env], {
      actionArgs: [name, secretFlag.env],
    });
  });
}

/** Visible ASCII only: what `Authorization: Basic <apiKey>` can carry (OneSpan keys are base64). */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

type Environment = Readonly<Record<string, string | undefined>>;

/** A value from the environment; an empty variable counts as unset (CI systems often export blanks). */
function fromEnv(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Adds problems to zod's issue list and remembers whether any was added. */
class ProblemCollector {
  public failed = false;

  public constructor(private readonly context: z.RefinementCtx) {}

  public report(problem: SettingProblem): typeof z.NEVER {
    this.failed = true;
    this.context.addIssue({ code: z.ZodIssueCode.custom, message: problem.problem, params: { problem } });
    return z.NEVER;
  }

  public unwrap<T>(check: Check<T>): T {
    return check.ok ? check.value : this.report(check.problem);
  }
}

/** Parses the comma-separated event list strictly; every problem names the corrected list. */
export function checkEvents(
  raw: string,
  setting: string,
): Check<OneSpanEvent[]> | { ok: false; problems: SettingProblem[] } {
  const entries = raw.split(',');
  const corrected = [
    ...new Set(
      entries
        .filter((entry) => entry.trim() !== '' && !WITHDRAWN_EVENTS[entry.trim().toUpperCase()])
        .map((entry) => toEvent(entry)),
    ),
  ];
  const suggestion = corrected.join(',');
  if (corrected.length === 0 && !entries.some((entry) => WITHDRAWN_EVENTS[entry.trim().toUpperCase()])) {
    return { ok: false, problem: problemOf(setting, 'eventsEmpty', [], [DEFAULT_EVENTS.join(',')]) };
  }
  const problems: SettingProblem[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.trim() === '') {
      if (!problems.some((problem) => problem.key === 'eventStrayComma')) {
        problems.push(problemOf(setting, 'eventStrayComma', [], [setting, suggestion]));
      }
      continue;
    }
    const withdrawn = WITHDRAWN_EVENTS[entry.trim().toUpperCase()];
    if (withdrawn) {
      problems.push(
        problemOf(
          setting,
          'eventWithdrawn',
          [entry.trim(), withdrawn],
          [setting, suggestion || DEFAULT_EVENTS.join(',')],
        ),
      );
    } else if (/\s/.test(entry)) {
      problems.push(problemOf(setting, 'eventSpaces', [entry], [setting, suggestion]));
    } else if (!isOneSpanEvent(entry) && isOneSpanEvent(entry.toUpperCase())) {
      problems.push(problemOf(setting, 'eventLowerCase', [entry], [setting, suggestion]));
    } else if (!isOneSpanEvent(entry)) {
      problems.push(problemOf(setting, 'eventUnknown', [entry, closestEvent(entry)], [setting, suggestion]));
    } else if (seen.has(entry)) {
      problems.push(problemOf(setting, 'eventDuplicate', [entry], [setting, suggestion]));
    }
    seen.add(entry);
  }
  return problems.length === 0 ? { ok: true, value: corrected } : { ok: false, problems };
}

function toEvent(entry: string): OneSpanEvent {
  const upper = entry.trim().toUpperCase();
  return isOneSpanEvent(upper) ? upper : closestEvent(entry);
}

export function checkNamespace(raw: string, setting: string): Check<string> {
  const value = raw.trim();
  if (value === '') {
    return { ok: true, value: '' };
  }
  if (value.includes('__')) {
    const prefix = value.split('__')[0];
    return { ok: false, problem: problemOf(setting, 'namespaceDoubleUnderscore', [value], [prefix || '""']) };
  }
  if (!/^[A-Za-z][A-Za-z0-9]{0,14}$/.test(value)) {
    return { ok: false, problem: problemOf(setting, 'namespaceInvalid', [value], []) };
  }
  return { ok: true, value };
}

function checkTimeout(raw: string, setting: string): Check<number> {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < MIN_TIMEOUT_MS || value > MAX_TIMEOUT_MS) {
    return { ok: false, problem: problemOf(setting, 'timeoutInvalid', [raw, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS], []) };
  }
  return { ok: true, value };
}

/** Minutes, decimals allowed (0.5 = 30 s), from 0 (no wait) to MAX_KEY_WAIT_MINUTES; returned in ms. */
export function checkKeyWait(raw: string, setting: string): Check<number> {
  const minutes = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || minutes > MAX_KEY_WAIT_MINUTES) {
    return {
      ok: false,
      problem: problemOf(setting, 'waitForKeyInvalid', [raw, MAX_KEY_WAIT_MINUTES], [RECOMMENDED_KEY_WAIT_MINUTES]),
    };
  }
  return { ok: true, value: Math.round(minutes * 60_000) };
}

/** The raw, merged inputs, before validation. */
const rawSettingsSchema = z.object({
  targetOrg: z.string().optional(),
  instanceUrl: z.string().optional(),
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
  onespanUrlFlag: z.string().optional(),
  onespanEnvFlag: z.string().optional(),
  onespanUrlEnv: z.string().optional(),
  onespanApiKey: z.string().optional(),
  onespanClientId: z.string().optional(),
  onespanClientSecret: z.string().optional(),
  events: z.string().optional(),
  namespace: z.string().optional(),
  dryRun: z.boolean(),
  timeout: z.string().optional(),
  appName: z.string().optional(),
  waitForKey: z.string().optional(),
  /** Whether missing credentials may be read from targetOrg later (false: they are required now). */
  credentialsFromOrg: z.boolean(),
  /** False for the Salesforce side alone (replay): the OneSpan settings are then neither read nor checked. */
  needsOneSpan: z.boolean(),
});

type RawSettings = z.infer<typeof rawSettingsSchema>;

const settingsSchema = rawSettingsSchema.transform((raw, context): SettingsDraft => {
  const names = SETTING_NAMES;
  const problems = new ProblemCollector(context);
  const targetOrg = raw.targetOrg?.trim() || undefined;
  if (raw.targetOrg !== undefined && !targetOrg) {
    problems.report(problemOf(names.targetOrg, 'empty', [], [names.targetOrg]));
  }
  let instanceUrl: string | undefined;
  if (raw.instanceUrl !== undefined) {
    instanceUrl = problems.unwrap(checkMyDomainUrl(raw.instanceUrl, names.instanceUrl));
  } else if (!targetOrg) {
    problems.report(problemOf(names.instanceUrl, 'missingInstanceUrl', [], []));
  }
  const clientId = raw.clientId?.trim();
  // Without a secret, --target-org can supply both (the key read there must then match any client id given).
  const fromOrg = raw.credentialsFromOrg && targetOrg !== undefined && !raw.clientSecret;
  if (!clientId && !fromOrg) {
    problems.report(problemOf(names.clientId, 'missingClientId', [], []));
  }
  if (!raw.clientSecret && !fromOrg) {
    problems.report(problemOf(names.clientSecret, 'missingClientSecret', [], []));
  }
  const appName = raw.appName === undefined ? DEFAULT_APP_NAME : problems.unwrap(checkAppName(raw.appName));
  const onespanApiUrl = raw.needsOneSpan ? resolveOneSpanUrl(raw, problems) : undefined;
  const onespanAuth = raw.needsOneSpan ? resolveOneSpanAuth(raw, problems) : undefined;
  let events: OneSpanEvent[] = [...DEFAULT_EVENTS];
  if (raw.events !== undefined) {
    const checked = checkEvents(raw.events, names.events);
    if (checked.ok) {
      events = checked.value;
    } else {
      ('problems' in checked ? checked.problems : [checked.problem]).forEach((problem) => problems.report(problem));
    }
  }
  const namespace =
    raw.namespace === undefined ? undefined : problems.unwrap(checkNamespace(raw.namespace, names.namespace));
  const timeoutMs =
    raw.timeout === undefined ? DEFAULT_TIMEOUT_MS : problems.unwrap(checkTimeout(raw.timeout, names.timeout));
  const waitForKeyMs =
    raw.waitForKey === undefined
      ? DEFAULT_KEY_WAIT_MINUTES * 60_000
      : problems.unwrap(checkKeyWait(raw.waitForKey, names.waitForKey));
  if (problems.failed || (raw.needsOneSpan && (!onespanAuth || !onespanApiUrl))) {
    return z.NEVER;
  }
  return {
    targetOrg,
    instanceUrl,
    clientId: clientId || undefined,
    clientSecret: raw.clientSecret ? new SecretValue(raw.clientSecret) : undefined,
    // Undefined only without needsOneSpan, where the caller's type (SalesforceSettings) has no such fields.
    onespanApiUrl: onespanApiUrl as string,
    onespanAuth: onespanAuth as OneSpanCredentials,
    events,
    namespace,
    dryRun: raw.dryRun,
    timeoutMs,
    appName,
    waitForKeyMs,
  };
});

/** An External Client App API name: letters, digits and single underscores, starting with a letter. */
function checkAppName(raw: string): Check<string> {
  const value = raw.trim();
  if (!/^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/.test(value) || value.endsWith('_')) {
    return { ok: false, problem: problemOf(SETTING_NAMES.appName, 'appNameInvalid', [raw], []) };
  }
  return { ok: true, value };
}

/**
 * Exactly one way to authenticate to OneSpan, as the account allows exactly one (onespan.md §9): the
 * API key, or the OAuth 2.0 client id and secret together. All three are read from the environment only.
 */
function resolveOneSpanAuth(raw: RawSettings, problems: ProblemCollector): OneSpanCredentials | undefined {
  const names = SETTING_NAMES;
  const clientId = raw.onespanClientId?.trim();
  const oauthGiven = Boolean(clientId || raw.onespanClientSecret);
  if (raw.onespanApiKey && oauthGiven) {
    problems.report(problemOf(names.onespanApiKey, 'oneSpanAuthBoth', [], []));
    return undefined;
  }
  if (oauthGiven) {
    if (!clientId) {
      problems.report(problemOf(names.onespanClientId, 'missingOneSpanClientId', [], []));
    }
    if (!raw.onespanClientSecret) {
      problems.report(problemOf(names.onespanClientSecret, 'missingOneSpanClientSecret', [], []));
    }
    if (clientId?.includes(':')) {
      // Basic authentication cannot carry a colon in the user part (RFC 7617); the value is not a secret.
      problems.report(problemOf(names.onespanClientId, 'oneSpanClientIdColon', [], []));
    }
    return clientId && raw.onespanClientSecret && !clientId.includes(':')
      ? { mode: 'oauth', clientId, clientSecret: new SecretValue(raw.onespanClientSecret) }
      : undefined;
  }
  if (!raw.onespanApiKey) {
    problems.report(problemOf(names.onespanApiKey, 'missingApiKey', [], []));
    return undefined;
  }
  if (!HEADER_SAFE.test(raw.onespanApiKey)) {
    // Caught here, with every other problem, rather than when the request is built; the value is never shown.
    problems.report(problemOf(names.onespanApiKey, 'apiKeyNotSendable', [], []));
    return undefined;
  }
  return { mode: 'apiKey', apiKey: new SecretValue(raw.onespanApiKey) };
}

/** The inputs that name the OneSpan API: `--onespan-url`, `--onespan-env` and `ONESPAN_API_URL`. */
export type OneSpanUrlInput = Pick<RawSettings, 'onespanUrlFlag' | 'onespanEnvFlag' | 'onespanUrlEnv'>;

/**
 * The OneSpan API base from the same flags and variable, with the same checks, for every command:
 * `undefined` when none is given, so a command that can do without (the deploy) decides what that means.
 */
export function checkOneSpanUrlSetting(raw: OneSpanUrlInput): Check<string | undefined> {
  const name = SETTING_NAMES.onespanUrl;
  if (raw.onespanUrlFlag !== undefined && raw.onespanEnvFlag !== undefined) {
    return { ok: false, problem: problemOf(name, 'exclusiveOneSpan', [], []) };
  }
  if (raw.onespanEnvFlag !== undefined) {
    const region = raw.onespanEnvFlag.trim().toLowerCase();
    if (!isOneSpanRegion(region)) {
      return {
        ok: false,
        problem: problemOf('--onespan-env', 'unknownRegion', [raw.onespanEnvFlag], [REGION_NAMES.join(', ')]),
      };
    }
    return { ok: true, value: regionApiUrl(region) };
  }
  const url = raw.onespanUrlFlag ?? raw.onespanUrlEnv;
  return url === undefined ? { ok: true, value: undefined } : checkOneSpanApiUrl(url, name);
}

function resolveOneSpanUrl(raw: RawSettings, problems: ProblemCollector): string | undefined {
  const checked = checkOneSpanUrlSetting(raw);
  if (checked.ok && checked.value === undefined) {
    problems.report(problemOf(SETTING_NAMES.onespanUrl, 'missingOneSpanUrl', [], [REGION_NAMES.join(', ')]));
    return undefined;
  }
  return problems.unwrap(checked);
}

/** Builds the error listing every problem, one line each, with one fix per problem. */
export function invalidSettingsError(problems: readonly SettingProblem[]): OssError {
  const lines = problems.map((problem) => `  - ${problem.setting}: ${problem.problem}`).join('\n');
  const error = createError(settingsMessages.invalidSettings, [problems.length, lines], {
    data: { problems: problems.map(({ setting, key, problem, fix }) => ({ setting, key, problem, fix })) },
  });
  error.actions.push(...new Set(problems.map((problem) => problem.fix)));
  return error;
}

export interface SettingsSources {
  flags: SettingsFlags;
  /** The real environment. */
  env: Environment;
  /** Values parsed from `.env`; the real environment wins over them. */
  dotenv?: Environment;
}

/** Validates all sources at once; throws InvalidSettingsError listing every problem. */
export function resolveSettings(sources: SettingsSources): Settings {
  const draft = parseSettings(sources, { credentialsFromOrg: false, needsOneSpan: true });
  // Without credentialsFromOrg the schema has reported missing credentials, so both are set here.
  return { ...draft, clientId: draft.clientId as string, clientSecret: draft.clientSecret as SecretValue };
}

/**
 * Like resolveSettings, but with --target-org the consumer key and secret may be missing: they are then
 * read from the org by completeSettings.
 */
export function resolveSettingsDraft(sources: SettingsSources): SettingsDraft {
  return parseSettings(sources, { credentialsFromOrg: true, needsOneSpan: true });
}

/**
 * The environment as every command reads it: `.env` under the real environment, which wins unless a
 * variable is empty there (CI systems often export blanks).
 */
export function mergeEnvironment(env: Environment, dotenv: Environment = {}): Environment {
  return { ...dotenv, ...Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')) };
}

interface ParseOptions {
  credentialsFromOrg: boolean;
  needsOneSpan: boolean;
}

function parseSettings(
  { flags, env, dotenv = {} }: SettingsSources,
  { credentialsFromOrg, needsOneSpan }: ParseOptions,
): SettingsDraft {
  const merged = mergeEnvironment(env, dotenv);
  // Registered before validation, so even a failing run cannot print them.
  secrets.add(fromEnv(merged, 'SF_CLIENT_SECRET'));
  secrets.add(fromEnv(merged, 'ONESPAN_API_KEY'));
  secrets.add(fromEnv(merged, 'ONESPAN_CLIENT_SECRET'));
  const parsed = settingsSchema.safeParse({
    targetOrg: flags.targetOrg ?? fromEnv(merged, 'SF_TARGET_ORG'),
    instanceUrl: flags.instanceUrl ?? fromEnv(merged, 'SF_INSTANCE_URL'),
    clientId: flags.clientId ?? fromEnv(merged, 'SF_CLIENT_ID'),
    clientSecret: fromEnv(merged, 'SF_CLIENT_SECRET'),
    onespanUrlFlag: flags.onespanUrl,
    onespanEnvFlag: flags.onespanEnv,
    onespanUrlEnv: fromEnv(merged, 'ONESPAN_API_URL'),
    onespanApiKey: fromEnv(merged, 'ONESPAN_API_KEY'),
    onespanClientId: fromEnv(merged, 'ONESPAN_CLIENT_ID'),
    onespanClientSecret: fromEnv(merged, 'ONESPAN_CLIENT_SECRET'),
    events: flags.events ?? fromEnv(merged, 'ONESPAN_EVENTS'),
    namespace: flags.namespace,
    dryRun: flags.dryRun ?? false,
    timeout: flags.timeout,
    appName: flags.appName,
    waitForKey: flags.waitForKey ?? fromEnv(merged, KEY_WAIT_ENV),
    credentialsFromOrg,
    needsOneSpan,
  });
  if (!parsed.success) {
    throw invalidSettingsError(parsed.error.issues.map(toProblem));
  }
  return parsed.data;
}

function toProblem(issue: z.ZodIssue): SettingProblem {
  const problem =
    issue.code === z.ZodIssueCode.custom ? (issue.params?.problem as SettingProblem | undefined) : undefined;
  // Only custom issues are produced from user input; anything else is a bug in the flag wiring.
  return (
    problem ?? {
      setting: issue.path.join('.'),
      key: 'empty',
      problem: issue.message,
      fix: formatMessage('Check %s.', [issue.path.join('.')]),
    }
  );
}

/** Reads `.env` from `cwd` when it exists; a file that is not UTF-8 is refused, naming the encoding. */
export function readDotenv(cwd: string): Environment {
  return readDotenvFile(cwd);
}

/** Reads the consumer key and secret of an External Client App from an sf CLI org. */
export type AppCredentialsReader = (targetOrg: string, appName: string, timeoutMs?: number) => Promise<AppCredentials>;

/** The draft with its credentials: from the environment as given, else read from --target-org. */
export async function completeSettings(draft: SettingsDraft, readCredentials: AppCredentialsReader): Promise<Settings> {
  if (draft.clientId && draft.clientSecret) {
    return { ...draft, clientId: draft.clientId, clientSecret: draft.clientSecret };
  }
  // The schema only lets credentials be missing when there is a target org.
  const credentials = await readCredentials(draft.targetOrg as string, draft.appName, draft.timeoutMs);
  if (draft.clientId && draft.clientId !== credentials.clientId) {
    throw createError(settingsMessages.clientIdNotInApp, [SETTING_NAMES.clientId, draft.clientId, draft.appName], {
      actionArgs: [draft.appName],
    });
  }
  return { ...draft, clientId: credentials.clientId, clientSecret: credentials.clientSecret };
}

export interface LoadOptions {
  cwd?: string;
  /** sf's configured target-org (tests pass their own). */
  readSfDefault?: SfDefaultReader;
  /** Told which org is used when it came from sf's configuration (the command shows it). */
  notice?: (text: string) => void;
}

/**
 * sf's default org stands in for --target-org only when nothing else says where the org is: no target
 * org and no instance URL in the flags, the environment or `.env`. Client-credential settings
 * (SF_INSTANCE_URL, as OneSpan itself connects) therefore work exactly as before whatever sf's
 * configuration says, and without a default org the missing settings are reported as before.
 */
async function withSfDefaultOrg(
  flags: SettingsFlags,
  merged: Environment,
  { readSfDefault = readSfConfiguredTargetOrg, notice }: LoadOptions,
): Promise<SettingsFlags> {
  if (
    flags.targetOrg !== undefined ||
    flags.instanceUrl !== undefined ||
    fromEnv(merged, 'SF_TARGET_ORG') !== undefined ||
    fromEnv(merged, 'SF_INSTANCE_URL') !== undefined
  ) {
    return flags;
  }
  const configured = await resolveTargetOrgName({ env: {} }, readSfDefault);
  if (!configured) {
    return flags;
  }
  const text = defaultOrgNotice(configured);
  if (text) {
    notice?.(text);
  }
  return { ...flags, targetOrg: configured.aliasOrUsername };
}

/**
 * The unvalidated-credentials settings of this process: its flags, its environment, `.env` in `cwd` and,
 * when none of them names the org, sf's configured default org.
 */
export async function loadSettingsDraft(flags: SettingsFlags, options: LoadOptions = {}): Promise<SettingsDraft> {
  const env = process.env;
  const dotenv = readDotenv(options.cwd ?? process.cwd());
  const merged = mergeEnvironment(env, dotenv);
  return resolveSettingsDraft({ flags: await withSfDefaultOrg(flags, merged, options), env, dotenv });
}

/** The Salesforce settings alone (replay), from the same sources in the same order; OneSpan's are not read. */
export async function loadSalesforceSettings(
  flags: SettingsFlags,
  {
    readCredentials = readAppCredentialsFromOrg,
    ...options
  }: LoadOptions & { readCredentials?: AppCredentialsReader } = {},
): Promise<SalesforceSettings> {
  const env = process.env;
  const dotenv = readDotenv(options.cwd ?? process.cwd());
  const sources = { flags: await withSfDefaultOrg(flags, mergeEnvironment(env, dotenv), options), env, dotenv };
  const draft = parseSettings(sources, { credentialsFromOrg: true, needsOneSpan: false });
  const {
    onespanApiUrl: _url,
    onespanAuth: _auth,
    events: _events,
    ...salesforce
  } = await completeSettings(draft, readCredentials);
  return salesforce;
}

/** Settings of this process, with the credentials read from --target-org when the environment has none. */
export async function loadSettings(
  flags: SettingsFlags,
  {
    readCredentials = readAppCredentialsFromOrg,
    ...options
  }: LoadOptions & { readCredentials?: AppCredentialsReader } = {},
): Promise<Settings> {
  return completeSettings(await loadSettingsDraft(flags, options), readCredentials);
}

/** The settings flags of register, verify (and the commands that reuse their steps). */
export function addSettingsOptions(command: Command): Command {
  return addOneSpanOptions(addSalesforceOptions(command));
}

/** The Salesforce side's flags: all that replay takes. */
export function addSalesforceOptions(command: Command): Command {
  return command
    .option(
      '-o, --target-org <alias>',
      'An org authorised with the sf CLI (env SF_TARGET_ORG); used for the namespace query and as the instance URL default.',
    )
    .option('--instance-url <url>', "The org's My Domain URL (env SF_INSTANCE_URL).")
    .option(
      '--client-id <key>',
      'External Client App consumer key (env SF_CLIENT_ID). The secret is read from SF_CLIENT_SECRET only.',
    )
    .option('--namespace <prefix>', 'NamespacePrefix of OssCallbackResource, skipping the query ("" = no namespace).')
    .option('--timeout <ms>', `HTTP timeout per request in milliseconds (default ${DEFAULT_TIMEOUT_MS}).`)
    .option(
      '--app-name <name>',
      `External Client App whose consumer key and secret are read from --target-org when SF_CLIENT_SECRET is not set (default ${DEFAULT_APP_NAME}).`,
    );
}

/** The OneSpan side's flags. */
function addOneSpanOptions(command: Command): Command {
  return command
    .option(
      '--onespan-url <url>',
      'OneSpan API base, e.g. https://sandbox.esignlive.com/api (env ONESPAN_API_URL). The API key is read from ONESPAN_API_KEY only (or ONESPAN_CLIENT_ID + ONESPAN_CLIENT_SECRET for OAuth 2.0).',
    )
    .option('--onespan-env <region>', `OneSpan environment instead of --onespan-url: ${REGION_NAMES.join(', ')}.`)
    .option(
      '--events <list>',
      `Comma-separated event names (env ONESPAN_EVENTS; default ${DEFAULT_EVENTS.join(',')}).`,
    );
}

/** The key-propagation wait of the commands that may run right after a deploy: register and smoke. */
export function addKeyWaitOption(command: Command): Command {
  return command.option(
    '--wait-for-key <minutes>',
    `Retry the token while a new consumer key propagates, for up to this many minutes (env ${KEY_WAIT_ENV}; default ${DEFAULT_KEY_WAIT_MINUTES}: no wait; ${RECOMMENDED_KEY_WAIT_MINUTES} right after a deploy).`,
  );
}
