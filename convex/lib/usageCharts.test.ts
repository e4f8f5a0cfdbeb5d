import { describe, expect, it } from "vitest";
import { LATENCY_BUCKET_COUNT } from "./latency";
import { latencyQuantileMs } from "./latency";
import { usageCharts, withoutCosts, type ChartBucket } from "./usageCharts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 10);

/** Latency counts with `count` calls in bucket `index` (bounds 5, 10, 25, 50, 100, 250, 500, 1000, 2500 ms, then slower). */
function latency(...cells: [index: number, count: number][]): number[] {
  const buckets = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  for (const [index, count] of cells) buckets[index] = count;
  return buckets;
}

const bucket = (endpoint: string, start: number, calls: number, extra: Partial<ChartBucket> = {}): ChartBucket => ({
  endpoint,
  start,
  calls,
  clientErrors: 0,
  serverErrors: 0,
  costMicroUsd: calls * 10_000,
  latencyBuckets: latency([2, calls]),
  ...extra,
});

describe("latencyQuantileMs", () => {
  it("answers the upper bound of the bucket holding the rank", () => {
    // 90 calls ≤ 25 ms, 10 calls in (250, 500]: p50 25 ms, p95 500 ms, p90 still 25 ms.
    const buckets = latency([2, 90], [6, 10]);
    expect(latencyQuantileMs(buckets, 0.5)).toBe(25);
    expect(latencyQuantileMs(buckets, 0.9)).toBe(25);
    expect(latencyQuantileMs(buckets, 0.95)).toBe(500);
  });

  it("is null with no calls, and when the percentile is slower than the last bound", () => {
    expect(latencyQuantileMs(latency(), 0.5)).toBeNull();
    expect(latencyQuantileMs(latency([0, 1], [9, 99]), 0.95)).toBeNull();
  });
});

describe("usageCharts", () => {
  it("sums buckets per day and endpoint, every day of the range present, latency merged across hours and keys", () => {
    const charts = usageCharts(
      [
        bucket("/api/v1/verify", T0 + HOUR, 10, { clientErrors: 2, latencyBuckets: latency([1, 10]) }),
        bucket("/api/v1/verify", T0 + 5 * HOUR, 10, { serverErrors: 1, latencyBuckets: latency([7, 10]) }),
        bucket("/api/v1/usage", T0 + 2 * HOUR, 4, { costMicroUsd: 0 }),
        bucket("/api/v1/verify", T0 + 2 * DAY, 1),
        bucket("/api/v1/verify", T0 + 3 * DAY, 1000),
      ],
      { from: T0 + 3 * HOUR, to: T0 + 3 * DAY, granularity: "day" },
    );
    expect(charts.buckets.map((b) => b.start)).toEqual([T0, T0 + DAY, T0 + 2 * DAY]);
    expect(charts.endpoints).toEqual(["/api/v1/usage", "/api/v1/verify"]);
    expect(charts.buckets[0].byEndpoint["/api/v1/verify"]).toEqual({ calls: 20, clientErrors: 2, serverErrors: 1, costMicroUsd: 200_000, p50Ms: 10, p95Ms: 1000 });
    expect(charts.buckets[0].total).toMatchObject({ calls: 24, costMicroUsd: 200_000 });
    expect(charts.buckets[1]).toEqual({ start: T0 + DAY, total: { calls: 0, clientErrors: 0, serverErrors: 0, costMicroUsd: 0, p50Ms: null, p95Ms: null }, byEndpoint: {} });
    expect(charts.total).toMatchObject({ calls: 25, clientErrors: 2, serverErrors: 1, costMicroUsd: 210_000 });
  });

  it("buckets by hour", () => {
    const charts = usageCharts([bucket("/api/v1/verify", T0 + HOUR, 3)], { from: T0, to: T0 + 3 * HOUR, granularity: "hour" });
    expect(charts.buckets.map((b) => [b.start, b.total.calls])).toEqual([
      [T0, 0],
      [T0 + HOUR, 3],
      [T0 + 2 * HOUR, 0],
    ]);
  });
});

describe("usageCharts by day from hours", () => {
  it("adds hourly rows into the UTC day that holds them, next to daily rows, and keeps only rows inside the range", () => {
    const charts = usageCharts(
      [
        bucket("/api/v1/verify", T0 + 22 * HOUR, 2),
        bucket("/api/v1/verify", T0 + 23 * HOUR, 3),
        bucket("/api/v1/verify", T0 + DAY, 7),
        bucket("/api/v1/verify", T0 + 2 * DAY + HOUR, 1),
        bucket("/api/v1/verify", T0 + 2 * DAY + 5 * HOUR, 50),
      ],
      { from: T0 + 22 * HOUR, to: T0 + 2 * DAY + 5 * HOUR, granularity: "day" },
    );
    expect(charts.buckets.map((b) => [b.start, b.total.calls])).toEqual([
      [T0, 5],
      [T0 + DAY, 7],
      [T0 + 2 * DAY, 1],
    ]);
    expect(charts.total.calls).toBe(13);
  });
});

describe("withoutCosts", () => {
  it("removes cost from every figure and keeps everything else", () => {
    const charts = usageCharts([bucket("/api/v1/verify", T0, 3), bucket("/api/v1/usage", T0 + HOUR, 1)], { from: T0, to: T0 + 2 * HOUR, granularity: "hour" });
    const stripped = withoutCosts(charts);
    expect(JSON.stringify(stripped)).not.toContain("cost");
    expect(stripped.total).toEqual({ calls: 4, clientErrors: 0, serverErrors: 0, p50Ms: 25, p95Ms: 25 });
    expect(stripped.buckets[1].byEndpoint["/api/v1/usage"]).toEqual({ calls: 1, clientErrors: 0, serverErrors: 0, p50Ms: 25, p95Ms: 25 });
    expect(stripped.endpoints).toEqual(charts.endpoints);
  });
});
