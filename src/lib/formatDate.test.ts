import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDay, formatMonth } from "./formatDate";

// 23:05 UTC on Mar 9: already Mar 10 east of UTC, still Mar 9 in the Americas.
const late = Date.UTC(2026, 2, 9, 23, 5);

describe("formatDate", () => {
  it("spells times in UTC with a 24-hour clock", () => {
    expect(formatDateTime(late)).toBe("Mar 9, 2026, 23:05 UTC");
    expect(formatDateTime(Date.UTC(2026, 11, 6, 4, 7))).toBe("Dec 6, 2026, 04:07 UTC");
  });

  it("names the UTC day and month", () => {
    expect(formatDate(late)).toBe("Mar 9, 2026");
    expect(formatDay(late)).toBe("Mar 9");
    expect(formatMonth(Date.UTC(2026, 0, 31, 23, 59))).toBe("January 2026");
  });
});
