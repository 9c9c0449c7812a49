import { runCommand } from '../../../scripts/lib/output';
import { captureWriter } from '../../helpers/captureWriter';

describe('a command that reports a result and fails', () => {
  it('puts its exit code in the envelope status next to the result, as sf deploy does', async () => {
    const sink = captureWriter();
    const code = await runCommand(
      true,
      () => Promise.resolve({ result: [{ id: 'token', status: 'fail' }], exitCode: 1 }),
      {
        writer: sink,
        signals: { once: () => undefined, removeListener: () => undefined },
      },
    );
    expect(code).toBe(1);
    expect(JSON.parse(sink.stdout)).toEqual({ status: 1, result: [{ id: 'token', status: 'fail' }], warnings: [] });
  });
});
