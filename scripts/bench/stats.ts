/**
 * The arithmetic of `npm run bench`, kept pure so it is tested on its own: medians of wall times,
 * the ratio against the sf CLI, and the interleaved order the runs are made in (so a slow moment of
 * the machine hits every contender alike instead of one batch).
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    throw new RangeError('median of no values');
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Round-robin: each round runs every contender once, starting with a different one each round. */
export function interleave<T>(contenders: readonly T[], rounds: number): T[] {
  const order: T[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let index = 0; index < contenders.length; index++) {
      order.push(contenders[(round + index) % contenders.length]);
    }
  }
  return order;
}

/** Requests grouped as "METHOD /path" with their counts, in first-seen order. */
export function requestBreakdown(requests: readonly { method: string; path: string }[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const { method, path } of requests) {
    const key = `${method} ${path}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()];
}

/**
 * Serial round trips: what a delay added to every answer adds to the wall time, in units of that
 * delay. Requests sent side by side overlap their delays, so only the chain that waits on each other
 * counts.
 */
export function serialRoundTrips(delayedMs: number, baselineMs: number, delayMs: number): number {
  if (!(delayMs > 0)) {
    throw new RangeError(`serial round trips need a positive delay, got ${delayMs}`);
  }
  return (delayedMs - baselineMs) / delayMs;
}
