import { OssError } from '../../../../scripts/lib/errors';
import { formatDuration, waitForNewKey } from '../../../../scripts/lib/salesforce/keyPropagation';
import { checkKeyWait } from '../../../../scripts/lib/settings';

const unknownClient = (): OssError =>
  new OssError({
    code: 'OAuthUnknownClientError',
    message: 'invalid_client_id',
    actions: ['Copy SF_CLIENT_ID again.'],
  });

/** An attempt that fails with `error()` for the first `failures` calls, then answers "token". */
function flaky(
  failures: number,
  error: () => Error = unknownClient,
): { attempt: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    attempt: async () => {
      calls += 1;
      if (calls <= failures) {
        throw error();
      }
      return 'token';
    },
    calls: () => calls,
  };
}

const fast = { minDelayMs: 5, maxDelayMs: 20 };

describe('waitForNewKey', () => {
  it('retries an unknown key until it works, with progress naming the time waited of the time allowed', async () => {
    const progress: string[] = [];
    const { attempt, calls } = flaky(3);
    await expect(
      waitForNewKey(attempt, { waitMs: 60_000, progress: (line) => progress.push(line), ...fast }),
    ).resolves.toBe('token');
    expect(calls()).toBe(4);
    expect(progress).toHaveLength(3);
    expect(progress[0]).toMatch(
      /^Waiting for the new consumer key to propagate, 0 s of 1 min \(OAuthUnknownClientError\)\.$/,
    );
  });

  it.each(['OAuthWrongSecretError', 'OAuthInvalidClientError'])('also waits through %s', async (code) => {
    const { attempt, calls } = flaky(2, () => new OssError({ code, message: code }));
    await expect(waitForNewKey(attempt, { waitMs: 60_000, ...fast })).resolves.toBe('token');
    expect(calls()).toBe(3);
  });

  it('stops at once on every other error, unchanged', async () => {
    const other = new OssError({ code: 'OAuthNoRunAsUserError', message: 'no client credentials user enabled' });
    const { attempt, calls } = flaky(5, () => other);
    await expect(waitForNewKey(attempt, { waitMs: 60_000, ...fast })).rejects.toBe(other);
    expect(calls()).toBe(1);
    const network = new Error('socket hang up');
    const unexpected = flaky(5, () => network);
    await expect(waitForNewKey(unexpected.attempt, { waitMs: 60_000, ...fast })).rejects.toBe(network);
    expect(unexpected.calls()).toBe(1);
  });

  it('gives up when the wait is used up, with the last token error and its fix, then how to wait longer', async () => {
    let clock = 0;
    const { attempt, calls } = flaky(1000);
    const timed = async (): Promise<string> => {
      clock += 4_000;
      return attempt();
    };
    const error = await waitForNewKey(timed, { waitMs: 10_000, now: () => clock, ...fast }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OssError);
    expect(error).toMatchObject({
      code: 'ConsumerKeyWaitExceededError',
      message: expect.stringMatching(/after waiting 12 s \(3 token requests\)\. Last answer: invalid_client_id$/),
      actions: ['Copy SF_CLIENT_ID again.', expect.stringContaining('--wait-for-key <minutes>')],
    });
    expect(calls()).toBe(3);
  });

  it('makes one attempt when no wait is asked for', async () => {
    const { attempt, calls } = flaky(1);
    await expect(waitForNewKey(attempt, { waitMs: 0, ...fast })).rejects.toMatchObject({
      code: 'OAuthUnknownClientError',
    });
    expect(calls()).toBe(1);
  });
});

describe('the wait setting', () => {
  it.each([
    ['15', 900_000],
    ['0', 0],
    ['0.5', 30_000],
    [' 60 ', 3_600_000],
  ])('reads %j minutes as %i ms', (raw, ms) => {
    expect(checkKeyWait(raw, '--wait-for-key')).toEqual({ ok: true, value: ms });
  });

  it.each(['', 'abc', '-1', '61', '15m', '1e3'])('refuses %j, naming the flag and an example', (raw) => {
    const check = checkKeyWait(raw, '--wait-for-key / OSS_WAIT_FOR_KEY_MINUTES');
    expect(check).toMatchObject({
      ok: false,
      problem: {
        setting: '--wait-for-key / OSS_WAIT_FOR_KEY_MINUTES',
        problem: expect.stringContaining('is not a number of minutes between 0 and 60'),
        fix: expect.stringContaining('--wait-for-key 15'),
      },
    });
  });

  it('formats durations as people read them', () => {
    expect([0, 45_000, 60_000, 190_000, 900_000].map(formatDuration)).toEqual([
      '0 s',
      '45 s',
      '1 min',
      '3 min 10 s',
      '15 min',
    ]);
  });
});
