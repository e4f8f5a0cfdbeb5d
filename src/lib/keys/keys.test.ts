import { describe, expect, it } from "vitest";
import { keyRows, keyStatus, type ListedKey } from "./keyRows";
import { parseRateLimitInput } from "./rateLimitInput";
import { keyUsageRange } from "./keyUsageRange";

const DEC_6 = Date.UTC(2026, 11, 6, 14, 5);
const key = (keyId: string, extra: Partial<ListedKey> = {}): ListedKey => ({ keyId, name: "Production", createdAt: DEC_6, usable: true, ...extra });

describe("keyRows", () => {
  it("places each rotated key under the key that replaced it, named as its predecessor", () => {
    // Newest first, as apiKeys.list answers: C replaced B, which replaced A; D is unrelated.
    const keys = [
      key("D", { name: "Staging", createdAt: DEC_6 + 3_000 }),
      key("C", { createdAt: DEC_6 + 2_000 }),
      key("B", { createdAt: DEC_6 - 86_400_000, graceUntil: DEC_6 + 3_600_000, replacedByKeyId: "C" }),
      key("A", { createdAt: DEC_6 - 5 * 86_400_000, graceUntil: DEC_6 - 86_400_000 + 900_000, replacedByKeyId: "B", usable: false }),
    ];
    const rows = keyRows(keys);
    expect(rows.map((r) => [r.key.keyId, r.label, r.depth])).toEqual([
      ["D", "Staging", 0],
      ["C", "Production", 0],
      ["B", "Production (rotated Dec 6)", 1],
      ["A", "Production (rotated Dec 5)", 2],
    ]);
    expect(rows[2]!.status).toBe("rotated, valid until Dec 6, 2026, 15:05 UTC");
    expect(rows[3]!.status).toBe("rotated, no longer valid");
  });

  it("keeps a rotated key whose successor is not listed in its place, still marked as rotated", () => {
    const rows = keyRows([key("new", { name: "Other" }), key("old", { graceUntil: DEC_6, replacedByKeyId: "gone", usable: false })]);
    expect(rows.map((r) => [r.label, r.depth])).toEqual([
      ["Other", 0],
      ["Production (rotated)", 0],
    ]);
  });
});

describe("keyStatus", () => {
  it("tells revoked, rotated, active and expired keys apart", () => {
    expect(keyStatus(key("a", { revokedAt: DEC_6, graceUntil: DEC_6 }))).toBe("revoked");
    expect(keyStatus(key("a"))).toBe("active");
    expect(keyStatus(key("a", { usable: false }))).toBe("expired");
  });
});

describe("parseRateLimitInput", () => {
  it("reads empty as the plan's limit and whole numbers from 1 to the plan's", () => {
    expect(parseRateLimitInput("  ", 60)).toEqual({ ok: true, rateLimit: null });
    expect(parseRateLimitInput("1", 60)).toEqual({ ok: true, rateLimit: 1 });
    expect(parseRateLimitInput(" 60 ", 60)).toEqual({ ok: true, rateLimit: 60 });
  });

  it("refuses anything else with a message that says what is allowed", () => {
    expect(parseRateLimitInput("61", 60)).toEqual({ ok: false, error: "At most 60 per minute: a key's limit cannot exceed its plan's." });
    expect(parseRateLimitInput("0", 60)).toEqual({ ok: false, error: "The limit must be at least 1 request per minute." });
    for (const raw of ["2.5", "-3", "ten", "1e3"]) {
      expect(parseRateLimitInput(raw, 60)).toEqual({ ok: false, error: "Enter a whole number of requests per minute, or leave it empty for the plan's limit." });
    }
  });
});

describe("keyUsageRange", () => {
  it("is the last 7 whole UTC days by day, today included", () => {
    expect(keyUsageRange(Date.UTC(2026, 11, 6, 14, 5))).toEqual({ from: Date.UTC(2026, 10, 30), to: Date.UTC(2026, 11, 7), granularity: "day" });
    expect(keyUsageRange(Date.UTC(2026, 11, 6))).toEqual({ from: Date.UTC(2026, 10, 30), to: Date.UTC(2026, 11, 7), granularity: "day" });
  });
});
