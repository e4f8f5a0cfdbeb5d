/**
 * SHA-256 helpers shared by everything that stores a secret's hash (API keys, session and verification
 * tokens, invite tokens). Uses `crypto.subtle`, which the Convex runtime and Node both provide.
 */
const SHA256_HEX = /^[0-9a-f]{64}$/;

export async function sha256Hex(input: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(input));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** True for a lowercase hex SHA-256 digest: what every `*Hash` argument must look like. */
export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}
