import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isSha256Hex, sha256Hex } from "./hashing";

describe("sha256Hex", () => {
  it("matches node:crypto for ASCII and UTF-8 input", async () => {
    for (const input of ["", "abc", "gs_live_x", "clé✓"]) {
      expect(await sha256Hex(input)).toBe(createHash("sha256").update(input, "utf8").digest("hex"));
    }
  });
});

describe("isSha256Hex", () => {
  it("accepts 64 lowercase hex characters only", async () => {
    expect(isSha256Hex(await sha256Hex("token"))).toBe(true);
    expect(isSha256Hex("A".repeat(64))).toBe(false);
    expect(isSha256Hex("a".repeat(63))).toBe(false);
    expect(isSha256Hex("a".repeat(65))).toBe(false);
    expect(isSha256Hex("3f2a9c1e-uuid-like-session-token")).toBe(false);
  });
});
