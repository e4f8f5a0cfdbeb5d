import { describe, expect, it } from "vitest";
import { usageReport } from "./usageSeries";

const H = 3_600_000;
const T = Date.UTC(2026, 2, 1);

describe("usageReport", () => {
  const buckets = [
    { endpoint: "/api/v1/verify", start: T, calls: 3, billableCalls: 2, costMicroUsd: 20_000 },
    { endpoint: "/api/v1/verify/batch", start: T + 2 * H, calls: 1, billableCalls: 1, costMicroUsd: 15_000 },
    { endpoint: "/api/v1/verify", start: T + 30 * H, calls: 1, billableCalls: 1, costMicroUsd: 10_000 },
    { endpoint: "/api/v1/verify", start: T - H, calls: 9, billableCalls: 9, costMicroUsd: 90_000 },
  ];

  it("sums the buckets inside the range, exactly in micro-dollars", () => {
    const report = usageReport(buckets, { from: T + 1, to: T + 48 * H, granularity: "day" });
    expect(report.from).toBe("2026-03-01T00:00:00.000Z");
    expect(report.totals).toEqual({ calls: 5, billable: 4, costUsd: 0.045 });
    expect(report.endpoints).toEqual([
      { endpoint: "/api/v1/verify", calls: 4, billable: 3, costUsd: 0.03 },
      { endpoint: "/api/v1/verify/batch", calls: 1, billable: 1, costUsd: 0.015 },
    ]);
    expect(report.series).toEqual([
      { start: "2026-03-01T00:00:00.000Z", calls: 4, billable: 3, costUsd: 0.035 },
      { start: "2026-03-02T00:00:00.000Z", calls: 1, billable: 1, costUsd: 0.01 },
    ]);
  });

  it("zero-fills every hour of the range", () => {
    const report = usageReport(buckets, { from: T, to: T + 3 * H, granularity: "hour" });
    expect(report.series.map((s) => s.calls)).toEqual([3, 0, 1]);
  });
});
