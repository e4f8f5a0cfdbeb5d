import { describe, expect, it } from "vitest";
import { emptyLatencyBuckets } from "./latency";
import { apiFigures, deliveryFigures, latencyQuantileMs } from "./operatorFigures";

const buckets = (counts: Record<number, number>) => {
  const b = emptyLatencyBuckets();
  for (const [i, n] of Object.entries(counts)) b[Number(i)] = n;
  return b;
};

describe("latencyQuantileMs", () => {
  it("names the bound of the bucket holding the quantile, null past the last bound or without calls", () => {
    // 90 calls ≤ 5 ms, 9 calls ≤ 100 ms, 1 slower than 2.5 s.
    const b = buckets({ 0: 90, 4: 9, 9: 1 });
    expect(latencyQuantileMs(b, 0.5)).toBe(5);
    expect(latencyQuantileMs(b, 0.95)).toBe(100);
    expect(latencyQuantileMs(b, 0.99)).toBe(100);
    expect(latencyQuantileMs(b, 1)).toBeNull();
    expect(latencyQuantileMs(emptyLatencyBuckets(), 0.5)).toBeNull();
  });
});

describe("apiFigures", () => {
  it("adds rollups into rates, throughput and percentiles", () => {
    const figures = apiFigures(
      [
        { calls: 60, clientErrors: 6, serverErrors: 0, latencyBuckets: buckets({ 1: 60 }) },
        { calls: 40, clientErrors: 4, serverErrors: 2, latencyBuckets: buckets({ 1: 38, 6: 2 }) },
      ],
      24,
    );
    expect(figures).toEqual({
      calls: 100,
      callsPerHour: 100 / 24,
      successRate: 0.88,
      clientErrorRate: 0.1,
      serverErrorRate: 0.02,
      p50Ms: 10,
      p95Ms: 10,
      p99Ms: 500,
    });
    expect(apiFigures([], 24).successRate).toBeNull();
  });
});

describe("deliveryFigures", () => {
  it("counts outcomes and retries of finished deliveries", () => {
    expect(
      deliveryFigures([
        { status: "delivered", attempts: 1 },
        { status: "delivered", attempts: 3 },
        { status: "failed", attempts: 6 },
      ]),
    ).toEqual({ delivered: 2, failed: 1, successRate: 2 / 3, averageRetries: 7 / 3 });
    expect(deliveryFigures([])).toEqual({ delivered: 0, failed: 0, successRate: null, averageRetries: null });
  });
});
