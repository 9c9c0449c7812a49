import { CallbackEventRow, waitForCallbackEvent } from '../../../../scripts/lib/salesforce/callbackEvents';

const row = { Id: 'a0O1', Name: 'OSS-000001', Event_Name__c: 'PACKAGE_CREATE' } as CallbackEventRow;

describe('waitForCallbackEvent', () => {
  it('polls until the event is there, reporting the time waited before each later poll', async () => {
    const answers: CallbackEventRow[][] = [[], [], [row]];
    const waited: number[] = [];
    const found = await waitForCallbackEvent(
      <T>() => Promise.resolve(answers.shift() as T[]),
      'pkg',
      'PACKAGE_CREATE',
      {
        timeoutMs: 5_000,
        intervalMs: 10,
        onPoll: (elapsedMs) => waited.push(elapsedMs),
      },
    );
    expect(found).toBe(row);
    expect(waited).toHaveLength(2);
    expect(waited[1]).toBeGreaterThanOrEqual(waited[0]);
  });

  it('gives up at the deadline, not an interval later', async () => {
    const started = Date.now();
    const found = await waitForCallbackEvent(<T>() => Promise.resolve([] as T[]), 'pkg', 'PACKAGE_CREATE', {
      timeoutMs: 120,
      intervalMs: 1_000,
    });
    expect(found).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(120);
    expect(Date.now() - started).toBeLessThan(800);
  });
});
