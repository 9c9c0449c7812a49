/**
 * OneSpan safety for CI. A OneSpan account holds ONE salesforceOauth2 callback, and OneSpan has no
 * DELETE for it: every CI run that registers its scratch org takes the account's callbacks away from
 * whatever org had them, and leaves them pointing at a deleted org. So, around `register`:
 *
 * - `record` (before): refuses a OneSpan URL that is not a sandbox host unless explicitly allowed, reads
 *   the current registration, and decides whether it must be given back afterwards: nothing registered,
 *   or a scratch org left by an earlier run, needs nothing; any other org needs its callback back.
 * - `restore` (after, in an `if: always()` step): re-POSTs the recorded url and events with a key built
 *   from the credentials of that org's app, which the team keeps as CI secrets.
 *
 * Why not restore the key OneSpan echoes? It holds a client secret, which may never be written to a file
 * (so it cannot survive from one step to the next), OneSpan may mask it or not echo it at all
 * (unconfirmed), and a step that must run after a cancelled or timed-out job cannot rely on a process
 * that was killed. The url and events are not secrets and travel as step outputs; the key is rebuilt
 * from secrets only in memory. When OneSpan does echo a readable key, `record` checks the team's
 * credentials against it before anything is taken over.
 */
import { decodeCallbackKey, encodeCallbackKey } from '../callbackKey';
import { createError, formatMessage } from '../messages';
import { ciRegistrationMessages, ciRegistrationText } from '../messages/ciRegistration';
import { compareKey, compareRegistration, runStep, Services, StepReporter } from '../registration';
import { SecretValue } from '../secretValue';
import { checkEvents } from '../settings';
import { isLoopbackHostname } from '../urlRules';
import { OneSpanEvent } from './events';
import { ONESPAN_REGIONS } from './regions';

export const ALLOW_NON_SANDBOX_ENV = 'ONESPAN_ALLOW_NON_SANDBOX';
export const RESTORE_ENV = {
  url: 'ONESPAN_RESTORE_URL',
  events: 'ONESPAN_RESTORE_EVENTS',
  clientId: 'ONESPAN_RESTORE_CLIENT_ID',
  clientSecret: 'ONESPAN_RESTORE_CLIENT_SECRET',
} as const;

/** The sandbox hosts of the known regions; the local emulator (loopback) is no account at all. */
export const SANDBOX_HOSTS: ReadonlySet<string> = new Set(
  Object.entries(ONESPAN_REGIONS)
    .filter(([region]) => region.endsWith('-sandbox'))
    .map(([, url]) => new URL(url).host),
);

export function isSandboxOneSpanUrl(apiUrl: string): boolean {
  const url = new URL(apiUrl);
  return SANDBOX_HOSTS.has(url.host.toLowerCase()) || isLoopbackHostname(url.hostname);
}

/** Scratch orgs' My Domain hosts end so; a registration there was left by an earlier CI run. */
export function isScratchOrgUrl(callbackUrl: string): boolean {
  try {
    return /\.scratch\.my\.salesforce\.com$/i.test(new URL(callbackUrl).hostname);
  } catch {
    return false;
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

function fromEnv(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export type RecordedOwner = 'none' | 'scratch-org' | 'other-org';

export interface RecordResult {
  onespanApiUrl: string;
  sandbox: boolean;
  owner: RecordedOwner;
  /** The registration to give back afterwards; absent when there is nothing to give back. */
  restore?: { url: string; events: string[] };
  /** Whether OneSpan echoed a readable key, so the restore credentials were checked against it. */
  restoreCredentialsChecked: boolean;
}

/** Refuses a OneSpan URL that is not a sandbox host, unless ONESPAN_ALLOW_NON_SANDBOX=true. */
export function checkSandbox(apiUrl: string, env: Environment): { sandbox: boolean } {
  const sandbox = isSandboxOneSpanUrl(apiUrl);
  if (!sandbox && fromEnv(env, ALLOW_NON_SANDBOX_ENV) !== 'true') {
    throw createError(ciRegistrationMessages.notSandbox, [apiUrl, [...SANDBOX_HOSTS].join(', ')], {
      actionArgs: [ALLOW_NON_SANDBOX_ENV],
      data: { onespanApiUrl: apiUrl },
    });
  }
  return { sandbox };
}

function restoreCredentials(env: Environment): { clientId?: string; clientSecret?: SecretValue } {
  const secret = fromEnv(env, RESTORE_ENV.clientSecret);
  return {
    clientId: fromEnv(env, RESTORE_ENV.clientId),
    clientSecret: secret === undefined ? undefined : new SecretValue(secret),
  };
}

/**
 * Before register: the sandbox check, then the registration as it is, and whether (and with what) it
 * can be given back. Refuses, before anything is changed, a takeover that could not be undone.
 */
export async function recordRegistration(
  onespanApiUrl: string,
  services: Pick<Services, 'onespan'>,
  reporter: StepReporter,
  env: Environment,
): Promise<RecordResult> {
  const { sandbox } = await runStep(
    reporter,
    'OneSpan account',
    async () => checkSandbox(onespanApiUrl, env),
    (checked) =>
      checked.sandbox
        ? formatMessage(ciRegistrationText.sandbox, [onespanApiUrl])
        : formatMessage(ciRegistrationText.allowedNonSandbox, [onespanApiUrl, ALLOW_NON_SANDBOX_ENV]),
  );
  if (!sandbox) {
    reporter.warn(formatMessage(ciRegistrationText.allowedNonSandbox, [onespanApiUrl, ALLOW_NON_SANDBOX_ENV]));
  }
  const connector = await runStep(
    reporter,
    'Current registration',
    () => services.onespan.getConnector(),
    (found) => (found ? `${found.url} (${found.events.join(', ')})` : 'none'),
  );
  const base = { onespanApiUrl, sandbox, restoreCredentialsChecked: false };
  if (!connector || !connector.url) {
    reporter.step('To give back afterwards').pass(ciRegistrationText.nothingRegistered);
    return { ...base, owner: 'none' };
  }
  if (isScratchOrgUrl(connector.url)) {
    reporter.step('To give back afterwards').pass(ciRegistrationText.leftoverScratchOrg);
    return { ...base, owner: 'scratch-org' };
  }
  const checked = await runStep(
    reporter,
    'To give back afterwards',
    async () => {
      const { clientId, clientSecret } = restoreCredentials(env);
      if (!clientId || !clientSecret) {
        throw createError(ciRegistrationMessages.takeoverRefused, [connector.url], {
          actionArgs: [RESTORE_ENV.clientId, RESTORE_ENV.clientSecret],
          data: { registeredUrl: connector.url },
        });
      }
      const key = connector.key;
      const readable = key !== undefined && decodeCallbackKey(key.reveal()).clientId !== undefined;
      if (readable) {
        const differences = compareKey({ host: new URL(connector.url).host, clientId, clientSecret }, key);
        if (differences.length > 0) {
          throw createError(
            ciRegistrationMessages.restoreCredentialsMismatch,
            [connector.url, differences.map((difference) => `  - ${difference.message}`).join('\n')],
            { actionArgs: [RESTORE_ENV.clientId, RESTORE_ENV.clientSecret], data: { differences } },
          );
        }
      }
      return readable;
    },
    (readable) => `${connector.url}, ${readable ? ciRegistrationText.keyChecked : ciRegistrationText.keyUnchecked}`,
  );
  if (!checked) {
    reporter.warn(
      formatMessage(ciRegistrationText.keyUncheckedWarning, [RESTORE_ENV.clientId, RESTORE_ENV.clientSecret]),
    );
  }
  return {
    ...base,
    owner: 'other-org',
    restore: { url: connector.url, events: [...connector.events] },
    restoreCredentialsChecked: checked,
  };
}

/** The lines `record` appends to $GITHUB_OUTPUT for the restore step: no secret among them. */
export function stepOutputs(result: RecordResult): string {
  return [
    `restore-url=${result.restore?.url ?? ''}`,
    `restore-events=${result.restore?.events.join(',') ?? ''}`,
    `owner=${result.owner}`,
    '',
  ].join('\n');
}

export interface RestoreResult {
  restored: boolean;
  url?: string;
  events?: string[];
  /** Whether the read-back matched (url and events; the key too when OneSpan echoes it). */
  verified: boolean;
}

/**
 * After the run: gives the recorded registration back (POST, then read back and compare), with a key
 * built in memory from the restore credentials. Nothing recorded: nothing to do.
 */
export async function restoreRegistration(
  services: Pick<Services, 'onespan'>,
  reporter: StepReporter,
  env: Environment,
): Promise<RestoreResult> {
  const url = fromEnv(env, RESTORE_ENV.url);
  if (!url) {
    reporter.step('Restore').pass(ciRegistrationText.nothingToRestore);
    return { restored: false, verified: false };
  }
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    throw createError(ciRegistrationMessages.restoreUrlInvalid, [RESTORE_ENV.url, url]);
  }
  const checkedEvents = checkEvents(fromEnv(env, RESTORE_ENV.events) ?? '', RESTORE_ENV.events);
  if (!checkedEvents.ok) {
    const problems = 'problems' in checkedEvents ? checkedEvents.problems : [checkedEvents.problem];
    throw createError(ciRegistrationMessages.restoreEventsInvalid, [
      RESTORE_ENV.events,
      problems.map((problem) => problem.problem).join('; '),
    ]);
  }
  const events: OneSpanEvent[] = checkedEvents.value;
  const { clientId, clientSecret } = restoreCredentials(env);
  if (!clientId || !clientSecret) {
    throw createError(ciRegistrationMessages.restoreCredentialsMissing, [url], {
      actionArgs: [RESTORE_ENV.clientId, RESTORE_ENV.clientSecret],
    });
  }
  const key = encodeCallbackKey({ instanceUrl: origin, clientId, clientSecret });
  await runStep(
    reporter,
    'Restored',
    () => services.onespan.registerConnector({ url, events, key }),
    () => `${url} (${events.join(', ')})`,
  );
  await runStep(
    reporter,
    'Verified',
    async () => {
      const connector = await services.onespan.getConnector();
      const expected = { url, events, host: new URL(url).host, clientId, clientSecret };
      const differences = compareRegistration(expected, connector).filter(
        // A masked echo says nothing about the key (see recordRegistration); only a readable one is compared.
        (difference) => difference.field !== 'key',
      );
      if (differences.length > 0) {
        throw createError(ciRegistrationMessages.restoreNotVerified, [
          differences.map((difference) => `  - ${difference.message}`).join('\n'),
        ]);
      }
    },
    () => 'url and events match',
  );
  return { restored: true, url, events, verified: true };
}
