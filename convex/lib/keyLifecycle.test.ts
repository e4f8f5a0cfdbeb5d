import { describe, expect, it } from "vitest";
import { keyUsableAt, ROTATION_GRACE_PERIODS, rotationGraceUntil } from "./keyLifecycle";

const T = Date.UTC(2026, 0, 1);

describe("keyUsableAt", () => {
  it("accepts a plain key and refuses a revoked one at once", () => {
    expect(keyUsableAt({}, T)).toBe(true);
    expect(keyUsableAt({ revokedAt: T + 60_000 }, T)).toBe(false);
  });

  it("treats expiry and grace ends as exclusive bounds", () => {
    expect(keyUsableAt({ expiresAt: T + 1 }, T)).toBe(true);
    expect(keyUsableAt({ expiresAt: T }, T)).toBe(false);
    expect(keyUsableAt({ graceUntil: T + 1 }, T)).toBe(true);
    expect(keyUsableAt({ graceUntil: T }, T)).toBe(false);
  });
});

describe("rotationGraceUntil", () => {
  it("offers exactly the grace periods of SPEC §6", () => {
    expect(ROTATION_GRACE_PERIODS).toEqual(["0", "15m", "1h", "24h"]);
    expect(ROTATION_GRACE_PERIODS.map((g) => rotationGraceUntil(g, T, undefined) - T)).toEqual([0, 900_000, 3_600_000, 86_400_000]);
  });

  it("never lets the grace period run past the key's expiry", () => {
    expect(rotationGraceUntil("24h", T, T + 60_000)).toBe(T + 60_000);
    expect(rotationGraceUntil("15m", T, T + 3_600_000)).toBe(T + 900_000);
  });
});
