/**
 * A bounded wait for a new consumer key. Salesforce takes minutes to spread a new External Client App's
 * key (up to ~10 minutes for a new app; global OAuth settings "within 15 minutes"), and until then the
 * token request fails with invalid_client_id (or invalid_client). Right after `npm run deploy` — in CI
 * always — the first token request comes too early. This wraps any token step and retries only those
 * errors, by the project's error CODES (not by HTTP status or transport, so it holds whichever client
 * sends the request), with progress, until the wait is used up. Every other error stops it at once.
 */
import pRetry, { AbortError } from 'p-retry';
import { OssError } from '../errors';
import { createError, formatMessage } from '../messages';
import { keyPropagationMessages, keyPropagationText } from '../messages/keyPropagation';

/**
 * The token errors a key that has not propagated yet produces (troubleshooting rows unknown-client-id,
 * wrong-secret and invalid-client-other): which of them Salesforce answers in that window is unconfirmed,
 * so all three are waited for. Everything else (no Run As user, flow disabled, wrong domain, ...) is a
 * set-up error that waiting cannot fix.
 */
export const KEY_PROPAGATION_CODES: ReadonlySet<string> = new Set([
  'OAuthUnknownClientError',
  'OAuthWrongSecretError',
  'OAuthInvalidClientError',
]);

/** No wait unless asked: for a person at the keyboard a mistyped key must fail at once, not in 15 minutes. */
export const DEFAULT_KEY_WAIT_MINUTES = 0;
export const MAX_KEY_WAIT_MINUTES = 60;
/** What CI and docs recommend after a deploy: Salesforce's own "within 15 minutes". */
export const RECOMMENDED_KEY_WAIT_MINUTES = 15;
export const KEY_WAIT_ENV = 'OSS_WAIT_FOR_KEY_MINUTES';

export interface KeyWaitOptions {
  /** How long to keep retrying, in milliseconds; 0 = one attempt. */
  waitMs: number;
  /** Progress lines (stderr in human mode). */
  progress?: (text: string) => void;
  /** First pause between attempts; doubles up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
  now?: () => number;
}

/** "3 min 10 s", "45 s", "15 min": how people read a wait. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (minutes === 0) {
    return `${seconds} s`;
  }
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

export function isKeyPropagationError(error: unknown): error is OssError {
  return error instanceof OssError && KEY_PROPAGATION_CODES.has(error.code);
}

/**
 * Runs `attempt` (a token request); while it fails with a key-propagation error and the wait is not used
 * up, retries with backoff (1 s doubling to 15 s, p-retry). The wait may be overrun by at most one pause
 * and one request: the last attempt is never cut short. Gives up with ConsumerKeyWaitExceededError
 * carrying the last token error's fix.
 */
export async function waitForNewKey<T>(attempt: () => Promise<T>, options: KeyWaitOptions): Promise<T> {
  const { waitMs, progress = () => undefined, minDelayMs = 1000, maxDelayMs = 15_000, now = Date.now } = options;
  if (waitMs <= 0) {
    return attempt();
  }
  const started = now();
  let attempts = 0;
  try {
    return await pRetry(
      async () => {
        attempts += 1;
        try {
          return await attempt();
        } catch (error) {
          throw isKeyPropagationError(error) ? error : new AbortError(error as Error);
        }
      },
      {
        // With `forever`, retries is only the length of the backoff table; the wait below is the bound.
        retries: 10,
        forever: true,
        factor: 2,
        minTimeout: minDelayMs,
        maxTimeout: maxDelayMs,
        randomize: false,
        onFailedAttempt: (error) => {
          const elapsed = now() - started;
          if (elapsed >= waitMs) {
            // Thrown from here, p-retry rejects with it: the wait is used up.
            throw error;
          }
          progress(
            formatMessage(keyPropagationText.waiting, [
              formatDuration(elapsed),
              formatDuration(waitMs),
              (error as unknown as OssError).code,
            ]),
          );
        },
      },
    );
  } catch (error) {
    if (!isKeyPropagationError(error)) {
      throw error;
    }
    const exceeded = createError(
      keyPropagationMessages.waitExceeded,
      [formatDuration(now() - started), attempts, error.message],
      {
        actionArgs: [formatDuration(waitMs)],
        data: { attempts, waitedMs: now() - started, lastError: error.code, lastErrorData: error.data },
        cause: error,
      },
    );
    // The token error's own fix first: after the full wait, a typo is likelier than a slow key.
    exceeded.actions.unshift(...error.actions);
    throw exceeded;
  }
}
