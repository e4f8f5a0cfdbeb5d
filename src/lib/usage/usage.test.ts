import { describe, expect, it } from "vitest";
import type { UsageChartsView } from "../../../convex/lib/usageCharts";
import { usageCsv } from "./csv";
import { customRange, DAY_MS, defaultGranularity, granularitiesFor, HOUR_MS, presetRange } from "./range";

const T0 = Date.UTC(2026, 0, 10);
const figures = (calls: number, p95Ms: number | null) => ({ calls, clientErrors: 1, serverErrors: 0, costMicroUsd: calls * 5_000, p50Ms: calls ? 25 : null, p95Ms });

const charts: Pick<UsageChartsView, "buckets" | "total"> = {
  buckets: [
    { start: T0, total: figures(5, 100), byEndpoint: { "/api/v1/verify": figures(3, 100), "/api/v1/agents/{address}/score": figures(2, null) } },
    { start: T0 + HOUR_MS, total: figures(0, null), byEndpoint: {} },
  ],
  total: figures(5, 100),
};

/** The same answer as the server sends it to a member: no cost anywhere. */
function withoutCost<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, inner: unknown) => (key === "costMicroUsd" ? undefined : inner))) as T;
}

describe("usage CSV", () => {
  it("writes a readable header and one row per bucket and endpoint, in dollars and ms", () => {
    const csv = usageCsv(charts);
    expect(csv.split("\r\n")).toEqual([
      "bucket_start_utc,endpoint,calls,client_errors,server_errors,cost_usd,latency_p50_ms,latency_p95_ms",
      "2026-01-10T00:00:00.000Z,/api/v1/agents/{address}/score,2,1,0,0.01,25,>2500",
      "2026-01-10T00:00:00.000Z,/api/v1/verify,3,1,0,0.015,25,100",
      "",
    ]);
  });

  it("leaves out the cost column, and only it, when the answer carries no cost", () => {
    expect(usageCsv(withoutCost(charts)).split("\r\n")).toEqual([
      "bucket_start_utc,endpoint,calls,client_errors,server_errors,latency_p50_ms,latency_p95_ms",
      "2026-01-10T00:00:00.000Z,/api/v1/agents/{address}/score,2,1,0,25,>2500",
      "2026-01-10T00:00:00.000Z,/api/v1/verify,3,1,0,25,100",
      "",
    ]);
  });
});

describe("usage ranges", () => {
  const now = T0 + 5 * HOUR_MS + 120_000;
  it("ends presets with the current hour; by hour for 24 hours, by day for 7 and 30 days", () => {
    expect(presetRange("24h", now)).toEqual({ from: T0 + 6 * HOUR_MS - DAY_MS, to: T0 + 6 * HOUR_MS, granularity: "hour" });
    expect(presetRange("7d", now)).toEqual({ from: T0 + 6 * HOUR_MS - 7 * DAY_MS, to: T0 + 6 * HOUR_MS, granularity: "day" });
    expect(presetRange("30d", now)).toEqual({ from: T0 + 6 * HOUR_MS - 30 * DAY_MS, to: T0 + 6 * HOUR_MS, granularity: "day" });
  });

  it("defaults to hours up to 2 days and to days beyond; offers hours up to 31 days only", () => {
    expect(defaultGranularity(2 * DAY_MS)).toBe("hour");
    expect(defaultGranularity(2 * DAY_MS + HOUR_MS)).toBe("day");
    expect(granularitiesFor({ from: T0, to: T0 + 31 * DAY_MS })).toEqual(["hour", "day"]);
    expect(granularitiesFor({ from: T0, to: T0 + 32 * DAY_MS })).toEqual(["day"]);
  });

  it("takes custom ranges as whole UTC days, last day included, and refuses bad ones", () => {
    expect(customRange("2026-01-01", "2026-01-02")).toEqual({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 3), granularity: "hour" });
    expect(customRange("2026-01-01", "2026-01-03")).toEqual({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 4), granularity: "day" });
    expect(customRange("2026-01-05", "2026-01-01")).toBeNull();
    expect(customRange("", "2026-01-01")).toBeNull();
    expect(customRange("2026-01-01", "2026-06-01")).toBeNull();
  });
});
