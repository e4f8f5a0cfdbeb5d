import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatKeyDisplay, generateApiKey, hashApiKey, keyDisplayParts, parseApiKey } from "./apiKeyFormat";

describe("generateApiKey", () => {
  it("produces gs_live_/gs_test_ + 40 base62 characters", () => {
    expect(generateApiKey("live")).toMatch(/^gs_live_[0-9A-Za-z]{40}$/);
    expect(generateApiKey("test")).toMatch(/^gs_test_[0-9A-Za-z]{40}$/);
  });

  it("does not repeat", () => {
    const keys = new Set(Array.from({ length: 1_000 }, () => generateApiKey("live")));
    expect(keys.size).toBe(1_000);
  });

  it("uses all 62 characters about evenly (no modulo bias)", () => {
    const counts = new Map<string, number>();
    const samples = 2_000;
    for (let i = 0; i < samples; i++) {
      for (const char of generateApiKey("test").slice(8)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    // 80,000 characters / 62 ≈ 1,290 each; a biased `% 62` over 256 would give the first 8 about 25% more.
    const expected = (samples * 40) / 62;
    for (const count of counts.values()) {
      expect(Math.abs(count - expected) / expected).toBeLessThan(0.15);
    }
  });
});

describe("parseApiKey", () => {
  it("accepts well-formed keys and names their environment", () => {
    const key = generateApiKey("live");
    expect(parseApiKey(key)).toEqual({ env: "live", secret: key.slice(8) });
    expect(parseApiKey(generateApiKey("test"))?.env).toBe("test");
  });

  it("rejects anything else", () => {
    const secret = "a".repeat(40);
    for (const bad of [
      "",
      `gs_prod_${secret}`,
      `gs_live_${secret}x`,
      `gs_live_${secret.slice(1)}`,
      `gs_live_${secret.slice(1)}-`,
      ` gs_live_${secret}`,
      `gs_live_${secret}\n`,
      `GS_LIVE_${secret}`,
    ]) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });
});

describe("hashApiKey", () => {
  it("is the SHA-256 hex of the whole key", async () => {
    const key = generateApiKey("live");
    expect(await hashApiKey(key)).toBe(createHash("sha256").update(key).digest("hex"));
  });
});

describe("display form", () => {
  it("is prefix + first 4 + … + last 4", () => {
    const key = "gs_live_ABCD" + "x".repeat(32) + "WXYZ";
    expect(keyDisplayParts(key)).toEqual({ prefix: "gs_live_ABCD", last4: "WXYZ" });
    expect(formatKeyDisplay(keyDisplayParts(key))).toBe("gs_live_ABCD…WXYZ");
  });

  it("refuses to describe a malformed key", () => {
    expect(() => keyDisplayParts("gs_live_short")).toThrow();
  });
});
