import { interpretAnswer, replayExitCode } from '../../../../scripts/lib/replay/deliver';
import { Payload } from '../../../../scripts/lib/replay/payloads';

const payload: Payload = {
  label: 'a.json',
  source: 'a.json',
  index: 0,
  name: 'PACKAGE_COMPLETE',
  packageId: 'p=',
  body: '{}',
};

describe('interpretAnswer', () => {
  it('reads stored and duplicate with the record Id', () => {
    expect(interpretAnswer(payload, 200, '{"status":"stored","duplicate":false,"recordId":"a0O1"}')).toMatchObject({
      status: 'stored',
      recordId: 'a0O1',
      name: 'PACKAGE_COMPLETE',
    });
    expect(interpretAnswer(payload, 200, '{"status":"duplicate","duplicate":true,"recordId":"a0O1"}').status).toBe(
      'duplicate',
    );
  });

  it("reports the receiver's refusal with its error code and a fix", () => {
    expect(interpretAnswer(payload, 503, '{"error":"ORG_READ_ONLY","message":"maintenance"}')).toMatchObject({
      status: 'rejected',
      errorCode: 'ORG_READ_ONLY',
      message: 'HTTP 503: maintenance',
      fix: expect.stringContaining('after it') as string,
    });
  });

  it("maps the platform's errors through the troubleshooting table", () => {
    const outcome = interpretAnswer(
      payload,
      404,
      '[{"errorCode":"NOT_FOUND","message":"Could not find a match for URL /OSS/callback"}]',
      { errorCode: 'NOT_FOUND', message: 'Could not find a match for URL /OSS/callback' },
    );
    expect(outcome).toMatchObject({ status: 'failed', errorCode: 'NOT_FOUND' });
    expect(outcome.fix).toContain('npm run deploy');
  });

  it('counts a 200 without the receiver answer as delivered (as OneSpan does), not stored, with a note', () => {
    for (const body of ['<html>ok</html>', '', '{"ok":true}', '{"status":"ok"}']) {
      const outcome = interpretAnswer(payload, 200, body);
      expect(outcome).toMatchObject({ status: 'delivered', name: 'PACKAGE_COMPLETE' });
      expect(outcome.message).toContain("not this receiver's JSON");
      expect(outcome.recordId).toBeUndefined();
    }
  });

  it('does not count a redirect (to a login page) as delivered', () => {
    expect(interpretAnswer(payload, 302, '').status).toBe('failed');
  });
});

describe('replayExitCode', () => {
  it('is 0 only when every payload is stored, already there or delivered', () => {
    expect(
      replayExitCode({
        payloads: [
          { label: 'a', source: 'a', status: 'stored' },
          { label: 'b', source: 'b', status: 'duplicate' },
          { label: 'c', source: 'c', status: 'delivered' },
        ],
      }),
    ).toBe(0);
    expect(
      replayExitCode({
        payloads: [
          { label: 'a', source: 'a', status: 'stored' },
          { label: 'b', source: 'b', status: 'invalid' },
        ],
      }),
    ).toBe(1);
  });
});
