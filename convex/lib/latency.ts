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
