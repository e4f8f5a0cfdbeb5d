import { describe, expect, it } from "vitest";
import { emptyLatencyBuckets } from "./latency";
import { apiFigures, deliveryFigures, keyState, latencyQuantileMs, memberGrowth } from "./operatorFigures";

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
    expect(growth.points.map((p) => p.added)).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(growth.before).toBe(1);
    expect(memberGrowth([], now, "30d").points).toHaveLength(30);
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
