import { describe, expect, it } from "vitest";
import { billableByHour, CLOSE_MARGIN_MS, HOUR_MS, meterIdentifier, pastSendDeadline, reportableHours, SEND_DEADLINE_MS } from "./meterReports";

const T = Date.UTC(2026, 0, 10, 12, 0, 0);

describe("meter report rules", () => {
  it("queues closed hours only, once the close margin has passed", () => {
    expect(reportableHours(T + CLOSE_MARGIN_MS - 1).to).toBe(T - HOUR_MS);
    expect(reportableHours(T + CLOSE_MARGIN_MS).to).toBe(T);
    // An hour the usage roll-up has not fully counted waits, however long ago it closed.
    expect(reportableHours(T + 5 * HOUR_MS, T + CLOSE_MARGIN_MS - 1).to).toBe(T - HOUR_MS);
    expect(reportableHours(T + 5 * HOUR_MS, T + CLOSE_MARGIN_MS).to).toBe(T);
  });

  it("never queues an hour past its send deadline, which stays inside Stripe's 24 h dedupe window", () => {
    const { from } = reportableHours(T);
    expect(pastSendDeadline(from, T)).toBe(false);
    expect(pastSendDeadline(from - HOUR_MS, T)).toBe(true);
    expect(SEND_DEADLINE_MS).toBeLessThan(24 * HOUR_MS);
    expect(reportableHours(T).to - from).toBe(SEND_DEADLINE_MS - 2 * HOUR_MS);
  });

  it("names a team's hour the same way every time, distinct per team and hour, within Stripe's 100 characters", () => {
    const id = meterIdentifier("k57abc", T);
    expect(id).toBe("gs_k57abc_2026-01-10T12");
    expect(meterIdentifier("k57abc", T + 59 * 60_000)).not.toBe(meterIdentifier("k57abc", T + HOUR_MS));
    expect(meterIdentifier("k57abd", T)).not.toBe(id);
    expect(meterIdentifier("x".repeat(32), T).length).toBeLessThanOrEqual(100);
  });

  it("sums the rollups of each hour and leaves out hours with nothing billable", () => {
    const sums = billableByHour([
      { start: T, costMicroUsd: 10_000 },
      { start: T, costMicroUsd: 5_000 },
      { start: T + HOUR_MS, costMicroUsd: 0 },
      { start: T + 2 * HOUR_MS, costMicroUsd: 5_000 },
    ]);
    expect([...sums]).toEqual([
      [T, 15_000],
      [T + 2 * HOUR_MS, 5_000],
    ]);
  });
});
