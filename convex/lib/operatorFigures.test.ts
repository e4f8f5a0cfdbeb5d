import { describe, expect, it } from "vitest";
import { emptyLatencyBuckets } from "./latency";
import { latencyQuantileMs } from "./latency";
import { apiFigures, apiSeries, attemptSeries, deliveryFigures, keyState, memberGrowth, seriesFrame } from "./operatorFigures";

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
  it("adds usage buckets into rates, throughput and percentiles", () => {
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

describe("memberGrowth", () => {
  const HOUR = 3_600_000;
  const now = Date.UTC(2026, 10, 29, 14, 30);
  const hour = Date.UTC(2026, 10, 29, 14);

  it("puts each join in its hour, counts earlier ones as the start, and runs the total", () => {
    const growth = memberGrowth([hour - 24 * HOUR, hour - 23 * HOUR, hour - 1, hour, now + 0.5], now, "24h");
    expect(growth.before).toBe(1);
    expect(growth.points[0]).toEqual({ start: hour - 23 * HOUR, added: 1, total: 2 });
    expect(growth.points.slice(-2)).toEqual([
      { start: hour - HOUR, added: 1, total: 3 },
      { start: hour, added: 2, total: 5 },
    ]);
  });

  it("uses UTC days for 7 and 30 days", () => {
    const growth = memberGrowth([Date.UTC(2026, 10, 23), Date.UTC(2026, 10, 22, 23, 59)], now, "7d");
    expect(growth.granularity).toBe("day");
    // The 167 hours before this one reach back into 22 November: its join is in the first (partial) day.
    expect(growth.points.map((p) => p.added)).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
    expect(growth.before).toBe(0);
    expect(memberGrowth([], now, "30d").points).toHaveLength(31);
  });
});

describe("seriesFrame", () => {
  it("ends at the current hour or UTC day, every bucket present, oldest first", () => {
    const now = Date.UTC(2026, 10, 29, 14, 30);
    const hours = seriesFrame(now, "24h");
    expect(hours.starts).toHaveLength(24);
    expect(hours.starts.at(-1)).toBe(Date.UTC(2026, 10, 29, 14));
    expect(hours.first).toBe(Date.UTC(2026, 10, 28, 15));
    const days = seriesFrame(now, "30d");
    expect(days.starts).toHaveLength(31);
    expect(days.starts[0]).toBe(Date.UTC(2026, 9, 30));
    expect(days.starts.at(-1)).toBe(Date.UTC(2026, 10, 29));
  });
});

describe("apiSeries", () => {
  const HOUR = 3_600_000;
  const now = Date.UTC(2026, 10, 29, 14, 30);
  const hour = Date.UTC(2026, 10, 29, 14);
  const rollup = (start: number, calls: number, clientErrors: number, serverErrors: number, latency: Record<number, number>) => ({
    start,
    calls,
    clientErrors,
    serverErrors,
    latencyBuckets: buckets(latency),
  });

  it("gives every bucket of an empty window, with no calls and no percentiles", () => {
    const series = apiSeries([], now, "24h");
    expect(series.granularity).toBe("hour");
    expect(series.points).toHaveLength(24);
    expect(series.points.every((p) => p.success + p.clientErrors + p.serverErrors === 0 && p.p50Ms === null && p.p99Ms === null)).toBe(true);
    expect(apiSeries([], now, "7d").points).toHaveLength(8);
  });

  it("splits calls by outcome per hour and reads each hour's percentiles from its summed buckets", () => {
    const rows = [
      rollup(hour, 60, 6, 0, { 1: 60 }),
      rollup(hour, 40, 4, 2, { 1: 38, 6: 2 }),
      rollup(hour - 23 * HOUR, 10, 0, 10, { 9: 10 }),
      // Before the window's first hour: in no bucket.
      rollup(hour - 24 * HOUR, 5, 0, 0, { 0: 5 }),
    ];
    const series = apiSeries(rows, now, "24h");
    const current = series.points.at(-1)!;
    // The same percentiles as the figures over the same rows.
    const figures = apiFigures(rows.slice(0, 2), 1);
    expect(current).toEqual({ start: hour, success: 88, clientErrors: 10, serverErrors: 2, p50Ms: figures.p50Ms, p95Ms: figures.p95Ms, p99Ms: figures.p99Ms });
    expect(current).toMatchObject({ p50Ms: 10, p95Ms: 10, p99Ms: 500 });
    // All slower than the last bound: no percentile to draw, but the calls count.
    expect(series.points[0]).toEqual({ start: hour - 23 * HOUR, success: 0, clientErrors: 0, serverErrors: 10, p50Ms: null, p95Ms: null, p99Ms: null });
    // Hours without rows are present and empty.
    expect(series.points.slice(1, -1).every((p) => p.success === 0 && p.p50Ms === null)).toBe(true);
    expect(series.points.reduce((sum, p) => sum + p.success + p.clientErrors + p.serverErrors, 0)).toBe(110);
  });

  it("puts hours at a UTC midnight in the day they start and leaves out hours before the first day", () => {
    const today = Date.UTC(2026, 10, 29);
    const firstDay = today - 6 * 24 * HOUR;
    const rows = [
      rollup(today, 1, 0, 0, { 0: 1 }),
      rollup(today - HOUR, 2, 2, 0, { 2: 2 }),
      rollup(firstDay, 4, 0, 0, { 3: 4 }),
      rollup(firstDay - HOUR, 8, 0, 0, { 0: 8 }),
    ];
    const series = apiSeries(rows, now, "7d");
    expect(series.granularity).toBe("day");
    expect(series.points.map((p) => p.start)).toEqual(Array.from({ length: 8 }, (_, i) => today - (7 - i) * 24 * HOUR));
    expect(series.points.map((p) => p.success + p.clientErrors)).toEqual([8, 4, 0, 0, 0, 0, 2, 1]);
    expect(series.points.map((p) => p.p50Ms)).toEqual([5, 50, null, null, null, null, 25, 5]);
  });
});

describe("attemptSeries", () => {
  const HOUR = 3_600_000;
  const now = Date.UTC(2026, 10, 29, 14, 30);
  const hour = Date.UTC(2026, 10, 29, 14);

  it("counts 2xx attempts as succeeded and any other status or no answer as failed, per bucket", () => {
    const series = attemptSeries(
      [
        { at: hour, status: 200 },
        { at: hour - 1, status: 204 },
        { at: hour - 1, status: 500 },
        { at: hour - HOUR, status: 302 },
        { at: hour - 23 * HOUR },
        { at: now + 0.5, status: 299 },
        { at: hour - 23 * HOUR - 1, status: 200 },
      ],
      now,
      "24h",
    );
    expect(series.points).toHaveLength(24);
    expect(series.points.at(-1)).toEqual({ start: hour, succeeded: 2, failed: 0 });
    expect(series.points.at(-2)).toEqual({ start: hour - HOUR, succeeded: 1, failed: 2 });
    expect(series.points[0]).toEqual({ start: hour - 23 * HOUR, succeeded: 0, failed: 1 });
    expect(series.points.slice(1, -2).every((p) => p.succeeded + p.failed === 0)).toBe(true);
  });

  it("gives every UTC day of an empty window", () => {
    const series = attemptSeries([], now, "30d");
    expect(series.granularity).toBe("day");
    expect(series.points).toHaveLength(31);
    expect(series.points.every((p) => p.succeeded + p.failed === 0)).toBe(true);
  });
});

describe("keyState", () => {
  const now = 1_000_000_000_000;
  const DAY = 86_400_000;

  it("tells revoked, expired, expiring within 7 days and active apart", () => {
    expect(keyState({ revokedAt: now - 1, expiresAt: now + DAY }, now)).toBe("revoked");
    expect(keyState({ expiresAt: now }, now)).toBe("expired");
    expect(keyState({ graceUntil: now - 1 }, now)).toBe("expired");
    expect(keyState({ expiresAt: now + 7 * DAY }, now)).toBe("expiring");
    expect(keyState({ expiresAt: now + 30 * DAY, graceUntil: now + 60_000 }, now)).toBe("expiring");
    expect(keyState({ expiresAt: now + 7 * DAY + 1 }, now)).toBe("active");
    expect(keyState({}, now)).toBe("active");
  });
});
