/**
 * Step 5 of the guide, automated: after the same checks as verify, create a DRAFT transaction with
 * "data": {"origin": "OSS"}, wait until its PACKAGE_CREATE callback is in OSS_Callback_Event__c, report
 * the delay, and delete the transaction whatever happened. Only the OneSpan and Salesforce APIs are
 * used, so it runs unchanged against the emulators and the real services.
 */
import { createError, formatMessage } from './messages';
import { smokeMessages } from './messages/smoke';
import { Reporter } from './output';
import { runStep, Services, verify, VerificationResult } from './registration';
import { CallbackEventRow, waitForCallbackEvent } from './salesforce/callbackEvents';
import { SoqlQuery, tokenQuery } from './salesforce/namespace';
import { getClientCredentialsToken } from './salesforce/token';
import { Settings } from './settings';

export const SMOKE_EVENT = 'PACKAGE_CREATE';
export const DEFAULT_WAIT_SECONDS = 120;
const MIN_WAIT_SECONDS = 1;
const MAX_WAIT_SECONDS = 3600;
/** Two SOQL queries a second: the delay is measured to half a second, far below any API limit for two minutes. */
export const POLL_INTERVAL_MS = 500;

export function parseWaitSeconds(raw: string | undefined): number {
  if (raw === undefined) {
    return DEFAULT_WAIT_SECONDS;
  }
  const seconds = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || seconds < MIN_WAIT_SECONDS || seconds > MAX_WAIT_SECONDS) {
    throw createError(smokeMessages.waitInvalid, [raw, MIN_WAIT_SECONDS, MAX_WAIT_SECONDS]);
  }
  return seconds;
}

/**
 * The test transaction. `origin` "OSS" is what the guide says to set; whether OneSpan routes by it to
 * the salesforceOauth2 connector is unconfirmed (onespan.md §6), which is what this test finds out.
 * A DRAFT is never sent, so the example signer gets no e-mail.
 */
export function smokePackage(now: Date): Record<string, unknown> {
  return {
    name: `OneSpan callback smoke test ${now.toISOString()}`,
    status: 'DRAFT',
    type: 'PACKAGE',
    roles: [
      {
        id: 'Signer1',
        type: 'SIGNER',
        signers: [{ email: 'callback-smoke-test@example.com', firstName: 'Callback', lastName: 'Smoke' }],
      },
    ],
    data: { origin: 'OSS' },
  };
}

export interface SmokeResult {
  verification: VerificationResult;
  packageId: string;
  event: CallbackEventRow;
  /** From the create answer to the poll that found the event; precise to the poll interval. */
  delayMs: number;
  pollIntervalMs: number;
  deleted: boolean;
}

export interface SmokeOptions {
  waitSeconds: number;
  pollIntervalMs?: number;
}

async function eventQuery(
  settings: Settings,
  services: Services,
  verification: VerificationResult,
): Promise<SoqlQuery> {
  if (settings.targetOrg) {
    const org = await services.connectTargetOrg(settings.targetOrg);
    return org.query.bind(org);
  }
  const token = await getClientCredentialsToken(services.salesforce, {
    instanceUrl: verification.instanceUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
  });
  return tokenQuery(services.salesforce, token.instanceUrl, token.accessToken, 'the event log query');
}

export async function smoke(
  settings: Settings,
  services: Services,
  reporter: Reporter,
  { waitSeconds, pollIntervalMs = POLL_INTERVAL_MS }: SmokeOptions,
): Promise<SmokeResult> {
  const verification = await verify(settings, services, reporter);
  const subscribed = verification.registeredEvents ?? [];
  if (!subscribed.includes(SMOKE_EVENT)) {
    const events = subscribed.join(',');
    throw createError(smokeMessages.createNotSubscribed, [events || '(none)'], { actionArgs: [events] });
  }
  const query = await eventQuery(settings, services, verification);
  const created = await runStep(
    reporter,
    'Created a DRAFT transaction with data.origin OSS',
    () => services.onespan.createPackage(smokePackage(new Date())),
    (pkg) => pkg.id,
  );
  const createdAt = Date.now();
  let cleanedUp = false;
  try {
    const outcome = await runStep(
      reporter,
      `${SMOKE_EVENT} arrived in OSS_Callback_Event__c`,
      async () => {
        const event = await waitForCallbackEvent(query, created.id, SMOKE_EVENT, {
          timeoutMs: waitSeconds * 1000,
          intervalMs: pollIntervalMs,
          onPoll: (elapsedMs) =>
            reporter.progress(
              `Waiting for ${SMOKE_EVENT} of ${created.id} … ${Math.round(elapsedMs / 1000)} s of ${waitSeconds} s`,
            ),
        });
        if (!event) {
          throw createError(smokeMessages.notReceived, [created.id, waitSeconds]);
        }
        return { event, delayMs: Date.now() - createdAt };
      },
      ({ event, delayMs }) => `${event.Name} (${event.Id}) after ${delayMs} ms`,
    );
    cleanedUp = true;
    const deleted = await deleteTransaction(services, reporter, created.id);
    return { verification, packageId: created.id, ...outcome, pollIntervalMs, deleted };
  } finally {
    // Also when the wait failed: a test transaction must not be left behind.
    if (!cleanedUp) {
      await deleteTransaction(services, reporter, created.id);
    }
  }
}

/**
 * Deletes the test transaction; a failure is a warning naming it, because the callback result (or the
 * wait's error) is what the run is about.
 */
async function deleteTransaction(services: Services, reporter: Reporter, packageId: string): Promise<boolean> {
  try {
    await runStep(
      reporter,
      'Deleted the test transaction',
      () => services.onespan.deletePackage(packageId),
      () => packageId,
    );
    return true;
  } catch (error) {
    reporter.warn(formatMessage(smokeMessages.deleteFailed.message, [packageId, (error as Error).message]));
    return false;
  }
}
