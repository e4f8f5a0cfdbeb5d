/**
 * When an API key may be used (SPEC §6): not revoked, not past its expiry, and, once rotated away, not past the
 * end of its grace period. Rotation grace periods are a fixed menu, and never reach past the key's own expiry.
 */

export const ROTATION_GRACE_PERIODS = ["0", "15m", "1h", "24h"] as const;
export type RotationGracePeriod = (typeof ROTATION_GRACE_PERIODS)[number];

const GRACE_MS: Record<RotationGracePeriod, number> = {
  "0": 0,
  "15m": 15 * 60_000,
  "1h": 60 * 60_000,
  "24h": 24 * 60 * 60_000,
};

export type KeyTimes = { revokedAt?: number; expiresAt?: number; graceUntil?: number };

/** Every bound is exclusive: a key expiring at T is refused at T. */
export function keyUsableAt(key: KeyTimes, now: number): boolean {
  if (key.revokedAt !== undefined) return false;
  if (key.expiresAt !== undefined && now >= key.expiresAt) return false;
  if (key.graceUntil !== undefined && now >= key.graceUntil) return false;
  return true;
}

/** Until when a key rotated away at `now` keeps working: `now` + the grace period, but never past its expiry. */
export function rotationGraceUntil(grace: RotationGracePeriod, now: number, expiresAt: number | undefined): number {
  const until = now + GRACE_MS[grace];
  return expiresAt === undefined ? until : Math.min(until, expiresAt);
}
