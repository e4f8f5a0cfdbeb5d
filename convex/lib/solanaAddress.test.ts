import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase58, encodeBase58, isSolanaAddress } from "./solanaAddress";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** An independent encoder through BigInt, for comparison. */
function referenceEncode(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = n * 256n + BigInt(b);
  let out = "";
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  return "1".repeat(zeros) + out;
}

describe("isSolanaAddress", () => {
  it("accepts well-known program and mint addresses", () => {
    for (const address of [
      "11111111111111111111111111111111", // System Program: 32 zero bytes
      "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", // SPL Token program
      "So11111111111111111111111111111111111111112", // wrapped SOL
      "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", // USDC mint, 44 characters
    ]) {
      expect(isSolanaAddress(address), address).toBe(true);
    }
    expect("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v").toHaveLength(44);
  });

  it("decodes the System Program to 32 zero bytes", () => {
    expect(decodeBase58("11111111111111111111111111111111")).toEqual(new Uint8Array(32));
  });

  it("takes 44 characters for the largest key", () => {
    const max = encodeBase58(new Uint8Array(32).fill(255));
    expect(max).toHaveLength(44);
    expect(isSolanaAddress(max)).toBe(true);
  });

  it("refuses characters outside the alphabet (0, O, I, l and others)", () => {
    const valid = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
    for (const char of ["0", "O", "I", "l", "+", "/", " ", "é"]) {
      const bad = valid.slice(0, 10) + char + valid.slice(11);
      expect(isSolanaAddress(bad), bad).toBe(false);
    }
    expect(decodeBase58("0")).toBeNull();
  });

  it("refuses the wrong length", () => {
    expect(isSolanaAddress("")).toBe(false);
    expect(isSolanaAddress("1111111111111111111111111111111")).toBe(false); // 31 zero bytes
    expect(isSolanaAddress("111111111111111111111111111111111")).toBe(false); // 33 zero bytes
    expect(isSolanaAddress(encodeBase58(new Uint8Array(31).fill(7)))).toBe(false);
    expect(isSolanaAddress(encodeBase58(new Uint8Array(33).fill(7)))).toBe(false);
    // 44 characters that decode to 33 bytes
    expect(isSolanaAddress("z".repeat(44))).toBe(false);
    expect(isSolanaAddress(`${"TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"}1`)).toBe(false);
  });
});

describe("base58", () => {
  it("round-trips any bytes and matches a BigInt encoder", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = encodeBase58(bytes);
        expect(text).toBe(referenceEncode(bytes));
        expect(decodeBase58(text)).toEqual(bytes);
      }),
    );
  });

  it("accepts exactly the encodings of 32 bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        expect(isSolanaAddress(encodeBase58(bytes))).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 30, maxLength: 46 }), (text) => {
        expect(isSolanaAddress(text)).toBe(decodeBase58(text)!.length === 32);
      }),
    );
  });
});
