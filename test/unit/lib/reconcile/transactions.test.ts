/** Finished transactions to events: which status fires which event, its time, and OneSpan's payload. */
import { eventPayload, statusesFor, toFinished, STATUS_EVENTS } from '../../../../scripts/lib/reconcile/transactions';

const [COMPLETED, DECLINED] = STATUS_EVENTS;

describe('statusesFor', () => {
  it('checks only the statuses whose event is registered', () => {
    const { checked, skipped } = statusesFor(['PACKAGE_CREATE', 'PACKAGE_DECLINE', 'PACKAGE_COMPLETE']);
    expect(checked.map((entry) => entry.status)).toEqual(['COMPLETED', 'DECLINED']);
    expect(skipped.map((entry) => entry.event)).toEqual(['PACKAGE_EXPIRE', 'PACKAGE_OPT_OUT']);
    expect(statusesFor([]).checked).toEqual([]);
  });
});

describe('toFinished', () => {
  const pkg = {
    id: 'LWsUTvGgE4WpOvaQPT16idnxNj8=',
    status: 'COMPLETED',
    updated: '2026-11-30T10:00:05Z',
    completed: '2026-11-30T10:00:01Z',
    sender: { id: 'sender-1' },
  };

  it('takes the completion time for COMPLETED and the last update for the other statuses', () => {
    expect(toFinished(pkg, COMPLETED)).toEqual({
      transaction: {
        packageId: pkg.id,
        status: 'COMPLETED',
        event: 'PACKAGE_COMPLETE',
        createdDate: '2026-11-30T10:00:01.000Z',
        sessionUser: 'sender-1',
      },
    });
    expect(toFinished(pkg, DECLINED)).toMatchObject({ transaction: { createdDate: '2026-11-30T10:00:05.000Z' } });
    const { completed: _completed, ...withoutCompleted } = pkg;
    expect(toFinished(withoutCompleted, COMPLETED)).toMatchObject({
      transaction: { createdDate: '2026-11-30T10:00:05.000Z' },
    });
  });

  it('names what is missing instead of guessing a time or an id', () => {
    expect(toFinished({ id: 'x', updated: 'soon' }, DECLINED)).toEqual({ problem: 'noTime' });
    expect(toFinished({ updated: pkg.updated }, DECLINED)).toEqual({ problem: 'noId' });
  });
});

describe('eventPayload', () => {
  it("is OneSpan's payload, field for field, and the same every time for the same transaction", () => {
    const transaction = {
      packageId: 'p=',
      status: 'COMPLETED' as const,
      event: 'PACKAGE_COMPLETE' as const,
      createdDate: '2026-11-30T10:00:01.000Z',
      sessionUser: 's',
    };
    expect(eventPayload(transaction)).toBe(
      '{"@class":"com.silanis.esl.packages.event.ESLProcessEvent","name":"PACKAGE_COMPLETE","sessionUser":"s",' +
        '"packageId":"p=","message":null,"documentId":null,"createdDate":"2026-11-30T10:00:01.000Z"}',
    );
    expect(eventPayload({ ...transaction })).toBe(eventPayload(transaction));
  });
});
