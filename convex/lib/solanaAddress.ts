/**
 * Solana addresses (SPEC §2): base58 (the Bitcoin alphabet, without 0, O, I and l) that decodes to exactly 32
 * bytes, a public key. Hand-written so it runs in the Convex runtime without a dependency.
 */

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const DIGIT = new Map([...ALPHABET].map((char, index) => [char, index]));
export const SOLANA_ADDRESS_BYTES = 32;
/** 32 bytes take 32 characters (all zero) to 44 (large values) in base58. */
const MIN_LENGTH = 32;
const MAX_LENGTH = 44;

/** The bytes a base58 string stands for, or null if it has a character outside the alphabet. */
export function decodeBase58(text: string): Uint8Array | null {
  // Big-endian base-256 digits, least significant last; each character multiplies by 58 and adds its value.
  const bytes: number[] = [];
  for (const char of text) {
    let carry = DIGIT.get(char);
    if (carry === undefined) return null;
    for (let i = bytes.length - 1; i >= 0; i--) {
      carry += bytes[i] * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.unshift(carry & 0xff);
      carry >>= 8;
    }
  }
  // Each leading "1" is a leading zero byte, which the arithmetic above cannot see.
  let zeros = 0;
  while (zeros < text.length && text[zeros] === "1") zeros++;
  return Uint8Array.from([...Array<number>(zeros).fill(0), ...bytes]);
}

export function encodeBase58(bytes: Uint8Array): string {
  // Base-58 digits, least significant first.
  const digits: number[] = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += digits[i] * 256;
      digits[i] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  return (
    "1".repeat(zeros) +
    digits
      .reverse()
      .map((d) => ALPHABET[d])
      .join("")
  );
}

/** True when `text` is base58 for exactly 32 bytes. */
export function isSolanaAddress(text: string): boolean {
  if (text.length < MIN_LENGTH || text.length > MAX_LENGTH) return false;
  return decodeBase58(text)?.length === SOLANA_ADDRESS_BYTES;
}
