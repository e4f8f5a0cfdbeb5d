import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, parseEncryptionKey } from "./secretBox";

const KEY = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => i)));
const OTHER_KEY = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => 255 - i)));

describe("secretBox", () => {
  it("round-trips, with a fresh IV every time", async () => {
    const a = await encryptSecret("whsec_abc", KEY);
    const b = await encryptSecret("whsec_abc", KEY);
    expect(a).toMatch(/^v1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("abc");
    expect(await decryptSecret(a, KEY)).toBe("whsec_abc");
    expect(await decryptSecret(b, KEY)).toBe("whsec_abc");
  });

  it("refuses another key, altered text and other formats", async () => {
    const sealed = await encryptSecret("whsec_abc", KEY);
    await expect(decryptSecret(sealed, OTHER_KEY)).rejects.toThrow();
    const [version, iv, body] = sealed.split(".");
    const flipped = body.slice(0, 4) + (body[4] === "A" ? "B" : "A") + body.slice(5);
    await expect(decryptSecret(`${version}.${iv}.${flipped}`, KEY)).rejects.toThrow();
    await expect(decryptSecret(`v2.${iv}.${body}`, KEY)).rejects.toThrow(/not a sealed/);
    await expect(decryptSecret("whsec_abc", KEY)).rejects.toThrow(/not a sealed/);
  });

  it("takes only a base64 key of exactly 32 bytes", () => {
    expect(parseEncryptionKey(KEY)).toHaveLength(32);
    expect(() => parseEncryptionKey(btoa("short"))).toThrow(/32 bytes/);
    expect(() => parseEncryptionKey("not base64!")).toThrow(/base64/);
  });
});
