import { createCommand, parseFlags, positiveInteger, wantsJson } from '../../../scripts/lib/cli';
import { OssError } from '../../../scripts/lib/errors';

describe('parseFlags', () => {
  const command = () => createCommand('x', 'test').option('--events <list>', 'events');

  it('parses known flags and --json', () => {
    expect(parseFlags<{ events: string; json: boolean }>(command(), ['--events', 'A,B', '--json'])).toEqual({
      events: 'A,B',
      json: true,
    });
  });

  it('turns an unknown flag into a FlagError with exit code 2 and a fix', () => {
    let caught: unknown;
    try {
      parseFlags(command(), ['--client-secret', 'oops']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OssError);
    expect((caught as OssError).code).toBe('FlagError');
    expect((caught as OssError).exitCode).toBe(2);
    expect((caught as OssError).message).toContain('Nonexistent flag: --client-secret');
  });

  it('detects --json among raw arguments', () => {
    expect(wantsJson(['--x', '--json'])).toBe(true);
    expect(wantsJson(['--x'])).toBe(false);
  });
});

describe('positiveInteger', () => {
  const command = () => createCommand('x', 'test').option('--wait <minutes>', 'minutes', positiveInteger, 33);

  it('parses a whole number and keeps the default when the flag is absent', () => {
    expect(parseFlags<{ wait: number }>(command(), ['--wait', '5']).wait).toBe(5);
    expect(parseFlags<{ wait: number }>(command(), []).wait).toBe(33);
  });

  it.each(['abc', '0', '-3', '1.5', ''])(
    'refuses %p as a FlagError instead of falling back to the default',
    (value) => {
      expect(() => parseFlags(command(), ['--wait', value])).toThrow(
        expect.objectContaining({ code: 'FlagError', message: expect.stringContaining('whole number greater than 0') }),
      );
    },
  );
});
