import { randomBytes } from "node:crypto";
import { sha256Hex } from "../../../convex/lib/hashing";

/** A fresh invite token (32 random bytes, base64url, sent only by mail) and the SHA-256 that is stored. */
export async function newInviteToken(): Promise<{ token: string; tokenHash: string }> {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: await sha256Hex(token) };
}

/** Only a well-formed token is hashed and looked up; anything else is not an invite. */
export function isInviteToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
