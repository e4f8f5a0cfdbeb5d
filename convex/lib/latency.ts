/**
 * Latency buckets of the hourly usage rollups: each rollup counts its calls per bucket, so p50/p95 of any range
 * are read from a few rollup rows instead of every usage event. Bounds are upper bounds in ms, inclusive; the
 * last bucket takes everything slower. Changing the bounds changes the meaning of stored rollups: add a new
 * field rather than editing this list.
 */
export const LATENCY_BUCKET_BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500] as const;
export const LATENCY_BUCKET_COUNT = LATENCY_BUCKET_BOUNDS_MS.length + 1;

export function latencyBucket(ms: number): number {
  const index = LATENCY_BUCKET_BOUNDS_MS.findIndex((bound) => ms <= bound);
  return index === -1 ? LATENCY_BUCKET_BOUNDS_MS.length : index;
}

export function emptyLatencyBuckets(): number[] {
  return new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
}

/**
 * Upper bound (ms) of the bucket holding the q-th quantile of the calls counted in `buckets`: exact to the
 * bucket. Null when there are no calls, or when the quantile falls past the last bound (slower than it).
 */
export function latencyQuantileMs(buckets: readonly number[], q: number): number | null {
  const total = buckets.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i];
    if (seen >= rank) return i < LATENCY_BUCKET_BOUNDS_MS.length ? LATENCY_BUCKET_BOUNDS_MS[i] : null;
  }
  return null;
}
