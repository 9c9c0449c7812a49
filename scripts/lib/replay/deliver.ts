/**
 * Re-delivers payloads to the callback URL exactly as OneSpan would: a client-credentials token, then a
 * POST of the JSON. The receiver stores each event once (dedupe key), so replaying a payload that did
 * arrive answers `duplicate` and changes nothing; each payload gets its own outcome.
 */
import { OssError } from '../errors';
import { replayFixes, replayNotes } from '../messages/replay';
import { findTroubleshooting } from '../messages/troubleshooting';
import { checkSalesforceSide, SalesforceServices, StepReporter } from '../registration';
import { answerFailure, RenewableToken, RestFailure, restFailure } from '../salesforce/connection';
import { SecretValue } from '../secretValue';
import { SalesforceSettings } from '../settings';
import { InvalidPayload, isPayload, Payload } from './payloads';

/** `delivered`: HTTP 200 from a receiver whose answer is not this project's {status, recordId}. */
export type ReplayStatus = 'stored' | 'duplicate' | 'delivered' | 'rejected' | 'invalid' | 'failed';

export interface ReplayOutcome {
  label: string;
  source: string;
  index?: number;
  name?: string;
  packageId?: string;
  status: ReplayStatus;
  /** The stored (or first) OSS_Callback_Event__c record. */
  recordId?: string;
  /** The receiver's error code, Salesforce's errorCode, or the local problem. */
  errorCode?: string;
  message?: string;
  fix?: string;
}

export interface ReplayResult {
  callbackUrl?: string;
  payloads: ReplayOutcome[];
}

interface ReceiverAnswer {
  status?: unknown;
  recordId?: unknown;
  error?: unknown;
  message?: unknown;
}

function parseAnswer(body: string): ReceiverAnswer {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as ReceiverAnswer) : {};
  } catch {
    return {};
  }
}

/**
 * The receiver's answer as an outcome: stored/duplicate, its own refusal, or the platform's error
 * (`failure`: the Salesforce error of a non-2xx answer, as jsforce parsed it).
 */
export function interpretAnswer(payload: Payload, status: number, body: string, failure?: RestFailure): ReplayOutcome {
  const base = {
    label: payload.label,
    source: payload.source,
    index: payload.index,
    name: payload.name,
    packageId: payload.packageId,
  };
  const answer = parseAnswer(body);
  if (status === 200 && (answer.status === 'stored' || answer.status === 'duplicate')) {
    return {
      ...base,
      status: answer.status,
      recordId: typeof answer.recordId === 'string' ? answer.recordId : undefined,
    };
  }
  if (status === 200) {
    // OneSpan counts a 200 as delivered whoever answered; so does replay, saying why it cannot say more.
    return { ...base, status: 'delivered', message: replayNotes.foreignAnswer };
  }
  if (typeof answer.error === 'string') {
    return {
      ...base,
      status: 'rejected',
      errorCode: answer.error,
      message: `HTTP ${status}: ${String(answer.message ?? '')}`,
      fix: replayFixes[answer.error],
    };
  }
  const first = failure ?? answerFailure(status, body);
  const row = findTroubleshooting('probe', first.errorCode, first.message);
  return {
    ...base,
    status: 'failed',
    errorCode: first.errorCode,
    message: `HTTP ${status}: ${first.message}`,
    fix: row?.fix.join(' '),
  };
}

function invalidOutcome(entry: InvalidPayload): ReplayOutcome {
  return {
    label: entry.label,
    source: entry.source,
    index: entry.index,
    status: 'invalid',
    errorCode: entry.code,
    message: entry.message,
  };
}

/**
 * One POST of one payload with the token, as OneSpan sends it; never throws: a transport failure is a
 * `failed` outcome, so a batch (replay, reconcile) goes on with the next payload.
 */
export async function deliverPayload(
  services: SalesforceServices,
  url: string,
  token: SecretValue | RenewableToken,
  payload: Payload,
): Promise<ReplayOutcome> {
  const transport = services.salesforce.transport({ what: `replaying ${payload.label}` });
  try {
    const connection = await services.salesforce.connection(new URL(url).origin, token, transport);
    let failure: RestFailure | undefined;
    try {
      await connection.request({
        method: 'POST',
        url,
        body: payload.body,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      });
    } catch (error) {
      if (!transport.last || error instanceof OssError) {
        throw error;
      }
      failure = restFailure(error, transport.last.response.body);
    }
    const { response } = transport.last as NonNullable<typeof transport.last>;
    return interpretAnswer(payload, response.status, response.body, failure);
  } catch (error) {
    const failure = OssError.wrap(error);
    return {
      label: payload.label,
      source: payload.source,
      index: payload.index,
      name: payload.name,
      packageId: payload.packageId,
      status: 'failed',
      errorCode: failure.code,
      message: failure.message,
      fix: failure.actions.join(' '),
    };
  }
}

/**
 * Sends every valid payload, in order, after the token, namespace and probe checks; invalid ones are
 * reported without contacting Salesforce, and when none is valid Salesforce is not contacted at all.
 */
export async function replay(
  settings: SalesforceSettings,
  services: SalesforceServices,
  reporter: StepReporter,
  entries: readonly (Payload | InvalidPayload)[],
): Promise<ReplayResult> {
  if (!entries.some(isPayload)) {
    return { payloads: entries.map((entry) => invalidOutcome(entry as InvalidPayload)) };
  }
  const target = await checkSalesforceSide(settings, services, reporter);
  const payloads: ReplayOutcome[] = [];
  for (const entry of entries) {
    payloads.push(
      isPayload(entry)
        ? await deliverPayload(services, target.callbackUrl, target.session, entry)
        : invalidOutcome(entry),
    );
  }
  return { callbackUrl: target.callbackUrl, payloads };
}

/** Statuses that are success: the receiver took the event (stored once, already there, or answered 200). */
export const DELIVERED_STATUSES: readonly ReplayStatus[] = ['stored', 'duplicate', 'delivered'];

export function replayExitCode(result: ReplayResult): number {
  return result.payloads.every((payload) => DELIVERED_STATUSES.includes(payload.status)) ? 0 : 1;
}
