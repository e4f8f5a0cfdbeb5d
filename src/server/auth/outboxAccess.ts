/**
 * The secret that opens the dev outbox, like a Jupyter token: derived from the key that seals outbox mail in
 * DATA_DIR, so only someone with the server's console (where `npm start` prints it) or its data directory has
 * it, and it stays the same across restarts. Where a request comes from proves nothing behind a same-host
 * proxy (operations.md, "Sign-in mail"); this secret does not depend on the network at all.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** httpOnly, SameSite=Strict, scoped to /dev/outbox: set by the open link, read by the outbox page. */
export const OUTBOX_ACCESS_COOKIE = "ghostspeak-dev-outbox";

/** 32 bytes of HMAC in base64url: anything else is refused before it is compared. */
const outboxSecretSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export function outboxAccessSecret(outboxKey: string): string {
  return createHmac("sha256", outboxKey).update("outbox access").digest("base64url");
}

/** The link the server's console shows; it trades the secret for the cookie. */
export function outboxOpenUrl(baseUrl: string, secret: string): string {
  return `${baseUrl}/dev/outbox/open?key=${secret}`;
}

/** Constant-time, so a guess learns nothing from how long the refusal took. */
export function isOutboxAccessSecret(candidate: unknown, secret: string): boolean {
  const parsed = outboxSecretSchema.safeParse(candidate);
  if (!parsed.success) return false;
  const given = Buffer.from(parsed.data);
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
