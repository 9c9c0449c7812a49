import { interleave, median, requestBreakdown, serialRoundTrips } from '../../../scripts/bench/stats';

describe('median', () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1000], 10],
  ])('of %j is %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('refuses no values instead of returning NaN', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('interleave', () => {
  it('runs each contender once per round, rotating who goes first', () => {
    expect(interleave(['a', 'b', 'c'], 3)).toEqual(['a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
  });
});

describe('requestBreakdown', () => {
  it('counts requests per method and path in the order first seen', () => {
    expect(
      requestBreakdown([
        { method: 'GET', path: '/a' },
        { method: 'POST', path: '/a' },
        { method: 'GET', path: '/a' },
      ]),
    ).toEqual([
      ['GET /a', 2],
      ['POST /a', 1],
    ]);
  });
});

describe('serialRoundTrips', () => {
  it('counts the delays the wall time grew by', () => {
    expect(serialRoundTrips(1250, 500, 150)).toBe(5);
    expect(serialRoundTrips(1100, 500, 150)).toBe(4);
  });

  it('refuses a delay that would divide by zero', () => {
    expect(() => serialRoundTrips(1000, 500, 0)).toThrow(RangeError);
  });
});
