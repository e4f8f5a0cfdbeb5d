import { describe, expect, it } from "vitest";
import { ApiError } from "../errors";
import { usageRange } from "./usageRange";

const NOW = Date.UTC(2026, 10, 28, 15, 42);

describe("usageRange", () => {
  it("defaults to the current UTC month up to the end of the current hour", () => {
    expect(usageRange({ granularity: "day" }, NOW)).toEqual({ from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 28, 16), granularity: "day" });
  });

  it("refuses an empty range and one too long for its granularity, defaults included", () => {
    const refused = (query: Parameters<typeof usageRange>[0]) => expect(() => usageRange(query, NOW)).toThrow(ApiError);
    refused({ from: "2026-11-02T00:00:00Z", to: "2026-11-01T00:00:00Z", granularity: "day" });
    refused({ from: "2026-09-01T00:00:00Z", granularity: "hour" });
    refused({ from: "2020-01-01T00:00:00Z", granularity: "day" });
    expect(usageRange({ from: "2026-10-29T00:00:00Z", granularity: "hour" }, NOW).from).toBe(Date.UTC(2026, 9, 29));
    expect(usageRange({ from: "2025-12-01T00:00:00Z", to: "2026-12-01T00:00:00Z", granularity: "day" }, NOW).to).toBe(Date.UTC(2026, 11, 1));
  });
});
