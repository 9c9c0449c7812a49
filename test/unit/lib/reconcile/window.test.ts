/** --since/--until: durations and ISO dates to instants, and every bad form refused with its reason. */
import { OssError } from '../../../../scripts/lib/errors';
import { parseInstant, parseWindow } from '../../../../scripts/lib/reconcile/window';

const NOW = new Date('2026-12-01T12:00:00.000Z');

function errorOf(run: () => unknown): OssError {
  try {
    run();
  } catch (error) {
    return error as OssError;
  }
  throw new Error('expected an error');
}

describe('parseInstant', () => {
  it.each([
    ['2d', '2026-11-29T12:00:00.000Z'],
    ['12h', '2026-12-01T00:00:00.000Z'],
    ['90m', '2026-12-01T10:30:00.000Z'],
    ['1w', '2026-11-24T12:00:00.000Z'],
    [' 2d ', '2026-11-29T12:00:00.000Z'],
    ['2026-11-30', '2026-11-30T00:00:00.000Z'],
    ['2026-11-30T08:00:00Z', '2026-11-30T08:00:00.000Z'],
    ['2026-11-30T08:00:00.123Z', '2026-11-30T08:00:00.123Z'],
    ['2026-11-30T09:00+01:00', '2026-11-30T08:00:00.000Z'],
    ['2026-11-30T09:00:00+0100', '2026-11-30T08:00:00.000Z'],
  ])('%s -> %s', (raw, expected) => {
    expect(parseInstant(raw, '--since', NOW).toISOString()).toBe(expected);
  });

  it.each([
    ['yesterday', ''],
    ['7x', ''],
    ['-2d', ''],
    ['2.5d', ''],
    ['', ''],
    ['0h', 'whole number greater than 0'],
    ['2026-02-30', 'no such day'],
    ['2026-13-01', 'no such day'],
    ['2026-11-30T25:00:00Z', 'no such time'],
    ['2026-11-30T10:61:00Z', 'no such time'],
    ['2026-11-30T10:00:00', 'its time has no zone'],
    ['30/11/2026', ''],
  ])('refuses %j (%s), naming the flag and the value', (raw, why) => {
    const error = errorOf(() => parseInstant(raw, '--until', NOW));
    expect(error.code).toBe('ReconcileWindowError');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(`--until "${raw}" is neither a duration nor an ISO date`);
    expect(error.message).toContain(why);
  });
});

describe('parseWindow', () => {
  it('ends the window 10 minutes before now by default, leaving the latest transactions to their own callback', () => {
    expect(parseWindow('1d', undefined, NOW)).toEqual({
      since: new Date('2026-11-30T12:00:00.000Z'),
      until: new Date(NOW.getTime() - 10 * 60_000),
      settleMs: 10 * 60_000,
    });
    expect(parseWindow('1d', undefined, NOW, '1h').until).toEqual(new Date(NOW.getTime() - 3_600_000));
    expect(parseWindow('1d', undefined, NOW, '0')).toEqual({ since: new Date('2026-11-30T12:00:00.000Z'), until: NOW });
  });

  it('takes an explicit --until as it is, whatever --settle says', () => {
    expect(parseWindow('1d', '2026-12-01T12:00:00Z', NOW, '1h')).toEqual({
      since: new Date('2026-11-30T12:00:00.000Z'),
      until: NOW,
    });
  });

  it('refuses a --settle that is not a duration, and names --settle when it empties the window', () => {
    expect(errorOf(() => parseWindow('1d', undefined, NOW, 'soon'))).toMatchObject({
      code: 'ReconcileWindowError',
      exitCode: 2,
    });
    expect(errorOf(() => parseWindow('5m', undefined, NOW)).message).toContain('(--settle)');
  });

  it('requires --since', () => {
    expect(errorOf(() => parseWindow(undefined, undefined, NOW))).toMatchObject({ code: 'FlagError', exitCode: 2 });
    expect(errorOf(() => parseWindow('  ', undefined, NOW))).toMatchObject({ code: 'FlagError' });
  });

  it('refuses a window that starts in the future or is empty', () => {
    expect(errorOf(() => parseWindow('2026-12-02', undefined, NOW)).message).toContain('is in the future');
    expect(errorOf(() => parseWindow('1d', '2d', NOW)).message).toContain('The window is empty');
    expect(errorOf(() => parseWindow('2026-11-30', '2026-11-30', NOW)).message).toContain('The window is empty');
  });
});
