import { describe, expect, it } from "vitest";
import { constantTimeEqual } from "./constantTime";

describe("constantTimeEqual", () => {
  it("is true for equal strings, including empty and non-ASCII", () => {
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("s3cret", "s3cret")).toBe(true);
    expect(constantTimeEqual("clé✓", "clé✓")).toBe(true);
  });

  it("is false when one byte differs anywhere", () => {
    const secret = "abcdefghij";
    for (let i = 0; i < secret.length; i++) {
      const changed = secret.slice(0, i) + "X" + secret.slice(i + 1);
      expect(constantTimeEqual(secret, changed)).toBe(false);
    }
  });

  it("is false for prefixes, extensions and the empty string", () => {
    expect(constantTimeEqual("secret", "secre")).toBe(false);
    expect(constantTimeEqual("secret", "secret\u0000")).toBe(false);
    expect(constantTimeEqual("secret", "")).toBe(false);
    expect(constantTimeEqual("", "secret")).toBe(false);
  });

  it("compares bytes, not UTF-16 units", () => {
    // "é" precomposed vs "e" + combining accent: different bytes, must differ.
    expect(constantTimeEqual("\u00e9", "e\u0301")).toBe(false);
  });
});
