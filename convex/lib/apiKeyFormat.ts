/**
 * API key format of SPEC §6: `gs_live_` / `gs_test_` + 40 base62 characters from a CSPRNG, stored as SHA-256,
 * displayed as prefix + first 4 + "…" + last 4.
 */
import { sha256Hex } from "./hashing";

export const KEY_ENVS = ["live", "test"] as const;
export type KeyEnv = (typeof KEY_ENVS)[number];

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SECRET_LENGTH = 40;
/** The largest multiple of 62 that fits in a byte: bytes at or above it are dropped, so `% 62` is unbiased. */
const UNBIASED_BYTE_LIMIT = 248;
const KEY_PATTERN = /^gs_(live|test)_([0-9A-Za-z]{40})$/;

export function keyPrefix(env: KeyEnv): string {
  return `gs_${env}_`;
}

export function generateApiKey(env: KeyEnv): string {
  let secret = "";
  while (secret.length < SECRET_LENGTH) {
    // 48 bytes usually suffice for 40 characters (3% of bytes are rejected); loop for the rare shortfall.
    for (const byte of crypto.getRandomValues(new Uint8Array(48))) {
      if (byte < UNBIASED_BYTE_LIMIT && secret.length < SECRET_LENGTH) secret += BASE62[byte % 62];
    }
  }
  return keyPrefix(env) + secret;
}

/** The environment and secret part of a well-formed key, or null for anything else. */
export function parseApiKey(raw: string): { env: KeyEnv; secret: string } | null {
  const match = KEY_PATTERN.exec(raw);
  return match ? { env: match[1] as KeyEnv, secret: match[2] } : null;
}

export function hashApiKey(key: string): Promise<string> {
  return sha256Hex(key);
}

/**
 * The parts of a key kept for display: `prefix` is the environment prefix plus the first 4 secret characters
 * (`gs_live_Ab3x`), `last4` the last 4. Together they identify a key to a person without revealing it.
 */
export function keyDisplayParts(key: string): { prefix: string; last4: string } {
  const parsed = parseApiKey(key);
  if (!parsed) throw new Error("not an API key");
  return { prefix: keyPrefix(parsed.env) + parsed.secret.slice(0, 4), last4: parsed.secret.slice(-4) };
}

export function formatKeyDisplay(parts: { prefix: string; last4: string }): string {
  return `${parts.prefix}…${parts.last4}`;
}
