import { describe, expect, it } from "vitest";
import { usageCsv } from "./csv";
import { customRange, DAY_MS, HOUR_MS, presetRange } from "./range";

const T0 = Date.UTC(2026, 0, 10);
const figures = (calls: number, p95Ms: number | null) => ({ calls, clientErrors: 1, serverErrors: 0, costMicroUsd: calls * 5_000, p50Ms: calls ? 25 : null, p95Ms });

describe("usage CSV", () => {
  it("writes a readable header and one row per bucket and endpoint, in dollars and ms", () => {
    const csv = usageCsv({
      buckets: [
        { start: T0, total: figures(5, 100), byEndpoint: { "/api/v1/verify": figures(3, 100), "/api/v1/agents/{address}/score": figures(2, null) } },
        { start: T0 + HOUR_MS, total: figures(0, null), byEndpoint: {} },
      ],
    });
    expect(csv.split("\r\n")).toEqual([
      "bucket_start_utc,endpoint,calls,client_errors,server_errors,cost_usd,latency_p50_ms,latency_p95_ms",
      "2026-01-10T00:00:00.000Z,/api/v1/agents/{address}/score,2,1,0,0.01,25,>2500",
      "2026-01-10T00:00:00.000Z,/api/v1/verify,3,1,0,0.015,25,100",
      "",
    ]);
  });
});

describe("usage ranges", () => {
  const now = T0 + 5 * HOUR_MS + 120_000;
  it("ends presets with the current hour; hours up to 7 days, days for 30", () => {
    expect(presetRange("24h", now)).toEqual({ from: T0 + 6 * HOUR_MS - DAY_MS, to: T0 + 6 * HOUR_MS, granularity: "hour" });
    expect(presetRange("7d", now).granularity).toBe("hour");
    expect(presetRange("30d", now)).toEqual({ from: T0 + 6 * HOUR_MS - 30 * DAY_MS, to: T0 + 6 * HOUR_MS, granularity: "day" });
  });

  it("takes custom ranges as whole UTC days, last day included, and refuses bad ones", () => {
    expect(customRange("2026-01-01", "2026-01-03")).toEqual({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 4), granularity: "hour" });
    expect(customRange("2026-01-01", "2026-01-31")?.granularity).toBe("day");
    expect(customRange("2026-01-05", "2026-01-01")).toBeNull();
    expect(customRange("", "2026-01-01")).toBeNull();
    expect(customRange("2026-01-01", "2026-06-01")).toBeNull();
  });
});
