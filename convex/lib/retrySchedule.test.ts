import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_ATTEMPTS, MAX_RETRY_AFTER_MS, nextAttemptAt, parseRetryAfter } from "./retrySchedule";

const NOW = Date.UTC(2026, 10, 25, 12);
const MIN = 60_000;
const middle = () => 0.5; // no jitter

describe("nextAttemptAt", () => {
  it("retries after 1, 2, 4, 8 and 16 minutes, then gives up", () => {
    const delays = [1, 2, 3, 4, 5].map(
      (attemptsMade) => nextAttemptAt({ attemptsMade, now: NOW, random: middle })! - NOW,
    );
    expect(delays).toEqual([1, 2, 4, 8, 16].map((m) => m * MIN));
    expect(MAX_ATTEMPTS).toBe(6);
    expect(nextAttemptAt({ attemptsMade: 6, now: NOW, random: middle })).toBeNull();
    expect(nextAttemptAt({ attemptsMade: 7, now: NOW })).toBeNull();
  });

  it("applies ±10 % jitter", () => {
    expect(nextAttemptAt({ attemptsMade: 1, now: NOW, random: () => 0 })).toBe(NOW + 54_000);
    expect(nextAttemptAt({ attemptsMade: 5, now: NOW, random: () => 0.999999 })).toBe(
      NOW + Math.round(16 * MIN * (1 + 0.1 * 0.999998)),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attemptsMade, r) => {
          const base = [1, 2, 4, 8, 16][attemptsMade - 1] * MIN;
          const delay = nextAttemptAt({ attemptsMade, now: NOW, random: () => r })! - NOW;
          expect(delay).toBeGreaterThanOrEqual(Math.round(base * 0.9));
          expect(delay).toBeLessThanOrEqual(Math.round(base * 1.1));
        },
      ),
    );
  });

  it("uses Math.random by default and stays within the jitter", () => {
    for (let i = 0; i < 100; i++) {
      const delay = nextAttemptAt({ attemptsMade: 2, now: NOW })! - NOW;
      expect(delay).toBeGreaterThanOrEqual(108_000);
      expect(delay).toBeLessThanOrEqual(132_000);
    }
  });

  it("never retries before Retry-After, up to an hour", () => {
    expect(nextAttemptAt({ attemptsMade: 1, now: NOW, retryAfter: "300", random: middle })).toBe(NOW + 300_000);
    // shorter than the schedule: the schedule wins
    expect(nextAttemptAt({ attemptsMade: 3, now: NOW, retryAfter: "10", random: middle })).toBe(NOW + 4 * MIN);
    expect(nextAttemptAt({ attemptsMade: 1, now: NOW, retryAfter: "86400", random: middle })).toBe(
      NOW + MAX_RETRY_AFTER_MS,
    );
    const date = new Date(NOW + 7 * MIN).toUTCString();
    expect(nextAttemptAt({ attemptsMade: 2, now: NOW, retryAfter: date, random: middle })).toBe(NOW + 7 * MIN);
    expect(nextAttemptAt({ attemptsMade: 1, now: NOW, retryAfter: "soon", random: middle })).toBe(NOW + MIN);
    // ...but not past the last attempt
    expect(nextAttemptAt({ attemptsMade: 6, now: NOW, retryAfter: "1" })).toBeNull();
  });

  it("refuses an attempt count below 1", () => {
    expect(() => nextAttemptAt({ attemptsMade: 0, now: NOW })).toThrow(RangeError);
    expect(() => nextAttemptAt({ attemptsMade: 1.5, now: NOW })).toThrow(RangeError);
  });
});

describe("parseRetryAfter", () => {
  it("reads delay-seconds", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
  });

  it("reads HTTP-dates relative to now, a past date meaning now", () => {
    expect(parseRetryAfter("Wed, 25 Nov 2026 12:05:00 GMT", NOW)).toBe(5 * MIN);
    expect(parseRetryAfter("Wed, 25 Nov 2026 11:00:00 GMT", NOW)).toBe(0);
    // the obsolete RFC 850 form
    expect(parseRetryAfter("Wednesday, 25-Nov-26 12:01:00 GMT", NOW)).toBe(MIN);
  });

  it("ignores anything else", () => {
    for (const value of [null, undefined, "", "-5", "1.5", "1e3", "soon", "12:00", "2026-11-25T12:05:00Z"]) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeNull();
    }
  });
});
