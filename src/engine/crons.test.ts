import { describe, expect, it } from "vitest";
import { nextTick } from "./crons";

const at = (s: string) => Date.parse(s);

describe("nextTick", () => {
  it("keeps an interval's phase and skips missed ticks to the next future one", () => {
    const start = at("2026-01-01T00:00:00Z");
    expect(nextTick({ type: "interval", minutes: 5 }, null, start)).toBe(start + 300_000);
    // Down for 17 minutes after the tick at +5: one run, next at +20.
    expect(nextTick({ type: "interval", minutes: 5 }, start + 300_000, start + 17 * 60_000)).toBe(start + 20 * 60_000);
  });

  it("computes calendar schedules in UTC, strictly after now", () => {
    const now = at("2026-01-01T10:30:00Z"); // a Thursday
    expect(nextTick({ type: "hourly", minuteUTC: 30 }, null, now)).toBe(at("2026-01-01T11:30:00Z"));
    expect(nextTick({ type: "daily", hourUTC: 9, minuteUTC: 0 }, null, now)).toBe(at("2026-01-02T09:00:00Z"));
    expect(nextTick({ type: "weekly", dayOfWeek: "monday", hourUTC: 8 }, null, now)).toBe(at("2026-01-05T08:00:00Z"));
    expect(nextTick({ type: "monthly", day: 1, hourUTC: 0 }, null, now)).toBe(at("2026-02-01T00:00:00Z"));
    expect(nextTick({ type: "cron", cron: "15 */6 * * *" }, null, now)).toBe(at("2026-01-01T12:15:00Z"));
  });
});
