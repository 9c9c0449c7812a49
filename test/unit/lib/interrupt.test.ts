import { EventEmitter } from 'node:events';
import { runCommand } from '../../../scripts/lib/output';
import { captureWriter } from '../../helpers/captureWriter';

/** A body that never finishes on its own, as a request held by the server would. */
const forever = () => new Promise<never>(() => undefined);

describe('runCommand on a stop signal', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'ends a hung command on %s with InterruptedError, the step it was in, and exit %s',
    async (signal, code) => {
      const signals = new EventEmitter();
      const exits: number[] = [];
      const sink = captureWriter();
      const running = runCommand(
        true,
        async (reporter) => {
          reporter.step('Token').pass();
          reporter.step('Verified');
          return forever();
        },
        { writer: sink, signals, exit: (exitCode) => exits.push(exitCode) },
      );
      await new Promise((resolve) => setImmediate(resolve));
      signals.emit(signal);
      expect(await running).toBe(code);
      expect(exits).toEqual([code]);
      const envelope = JSON.parse(sink.stdout) as { name: string; message: string; actions: string[] };
      expect(envelope.name).toBe('InterruptedError');
      expect(envelope.message).toBe(
        `Interrupted by ${signal} during "Verified"; the command stopped without finishing.`,
      );
      expect(envelope.actions[0]).toContain('npm run verify');
    },
  );

  it('names no step when none was running, and tells a person the fix on stderr', async () => {
    const signals = new EventEmitter();
    const sink = captureWriter();
    const running = runCommand(
      false,
      async (reporter) => {
        reporter.step('Token').pass();
        return forever();
      },
      { writer: sink, signals, exit: () => undefined },
    );
    await new Promise((resolve) => setImmediate(resolve));
    signals.emit('SIGINT');
    expect(await running).toBe(130);
    expect(sink.stderr).toContain('Error (InterruptedError): Interrupted by SIGINT; the command stopped');
    expect(sink.stderr).toContain('Try this:');
  });

  it('stops listening once the command ends, so a finished command ignores later signals', async () => {
    const signals = new EventEmitter();
    const exits: number[] = [];
    const code = await runCommand(true, async () => ({ result: {} }), {
      writer: captureWriter(),
      signals,
      exit: (exitCode) => exits.push(exitCode),
    });
    expect(code).toBe(0);
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0);
    expect(exits).toEqual([]);
  });
});
