import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkAndCount, RATE_LIMIT_WINDOW_MS as W, type RateLimitState, rateLimitHeaders } from "./rateLimit";

/** 2026-11-25T12:00:00Z, the start of an aligned minute. */
const T0 = Date.UTC(2026, 10, 25, 12);

/** Runs requests at the given times (ascending), returning the times that were allowed and the decisions. */
function run(times: number[], limit: number, initial: RateLimitState | null = null) {
  let state = initial;
  const decisions = times.map((now) => {
    const decision = checkAndCount(state, now, limit);
    state = decision.state;
    return { now, ...decision };
  });
  return { decisions, allowed: decisions.filter((d) => d.allowed).map((d) => d.now), state };
}

describe("checkAndCount", () => {
  it("allows exactly `limit` requests of a burst from a fresh key, counting down remaining", () => {
    const { decisions } = run(Array(15).fill(T0 + 5_000), 10);
    expect(decisions.map((d) => d.allowed)).toEqual([...Array(10).fill(true), ...Array(5).fill(false)]);
    expect(decisions.slice(0, 10).map((d) => d.remaining)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(decisions[10]).toMatchObject({ remaining: 0, state: { windowStart: T0, current: 10, previous: 0 } });
  });

  it("aligns windows to the minute and reports its end as the reset", () => {
    const d = checkAndCount(null, T0 + 12_345, 60);
    expect(d).toMatchObject({
      allowed: true,
      state: { windowStart: T0, current: 1, previous: 0 },
      remaining: 59,
      resetAt: (T0 + W) / 1000,
      resetAfterSeconds: 48, // 47.655 s rounded up
      retryAfterSeconds: 0,
    });
  });

  it("rolls the current minute into the previous one, and forgets both after two minutes", () => {
    const state: RateLimitState = { windowStart: T0, current: 7, previous: 3 };
    expect(checkAndCount(state, T0 + W, 100).state).toEqual({ windowStart: T0 + W, current: 1, previous: 7 });
    expect(checkAndCount(state, T0 + 2 * W, 100).state).toEqual({ windowStart: T0 + 2 * W, current: 1, previous: 0 });
    expect(checkAndCount(state, T0 + 10 * W + 1, 100).state).toEqual({
      windowStart: T0 + 10 * W,
      current: 1,
      previous: 0,
    });
  });

  it("keeps a slightly earlier clock in the current window", () => {
    const state: RateLimitState = { windowStart: T0, current: 2, previous: 0 };
    expect(checkAndCount(state, T0 - 5, 10).state).toEqual({ windowStart: T0, current: 3, previous: 0 });
  });

  it("weights the previous minute by the share of it still inside the last 60 s", () => {
    // 45 s into the minute, 40 from the previous minute weigh 40 × 0.25 = 10; with 5 current: 15.
    const state: RateLimitState = { windowStart: T0, current: 5, previous: 40 };
    const d = checkAndCount(state, T0 + 45_000, 20);
    expect(d.allowed).toBe(true);
    expect(d.remaining).toBe(4); // 20 − 16
    // At 15 s they weigh 30: 35 + 1 > 20, refused.
    expect(checkAndCount(state, T0 + 15_000, 20).allowed).toBe(false);
  });

  it("on refusal says when a request fits again, and it does", () => {
    // previous 60 at limit 60 with 0 current: at elapsed e the estimate is 60 × (1 − e/60 s); one more fits once
    // it is ≤ 59, i.e. after 1 s.
    const full: RateLimitState = { windowStart: T0, current: 0, previous: 60 };
    const refused = checkAndCount(full, T0, 60);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1, resetAfterSeconds: 1 });
    expect(refused.resetAt).toBe(T0 / 1000 + 1);
    expect(checkAndCount(full, T0 + 999, 60).allowed).toBe(false);
    expect(checkAndCount(full, T0 + 1000, 60).allowed).toBe(true);

    // Current minute full on its own: wait for the next minute plus the decay of this one.
    const busy: RateLimitState = { windowStart: T0, current: 10, previous: 0 };
    const d = checkAndCount(busy, T0 + 30_000, 10);
    // next minute starts in 30 s; then 10 × (1 − e/60) ≤ 9 needs e ≥ 6 s: 36 s in all
    expect(d.retryAfterSeconds).toBe(36);
    expect(checkAndCount(busy, T0 + 30_000 + 36_000, 10).allowed).toBe(true);
    expect(checkAndCount(busy, T0 + 30_000 + 35_000, 10).allowed).toBe(false);
  });

  it("refuses everything with a limit of 0", () => {
    const d = checkAndCount(null, T0, 0);
    expect(d).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 60 });
  });
});

describe("rateLimitHeaders", () => {
  it("renders the X- trio and the IETF draft pair on success", () => {
    const d = checkAndCount(null, T0 + 12_345, 60);
    expect(rateLimitHeaders(d)).toEqual({
      "X-RateLimit-Limit": "60",
      "X-RateLimit-Remaining": "59",
      "X-RateLimit-Reset": String((T0 + W) / 1000),
      "RateLimit-Policy": '"per-key";q=60;w=60',
      RateLimit: '"per-key";r=59;t=48',
    });
  });

  it("adds Retry-After on refusal, equal to t", () => {
    const d = checkAndCount({ windowStart: T0, current: 10, previous: 0 }, T0 + 30_000, 10);
    const headers = rateLimitHeaders(d);
    expect(headers["Retry-After"]).toBe("36");
    expect(headers.RateLimit).toBe('"per-key";r=0;t=36');
    expect(headers["X-RateLimit-Remaining"]).toBe("0");
    expect(headers["X-RateLimit-Reset"]).toBe(String((T0 + 30_000) / 1000 + 36));
  });
});

// ── Properties ───────────────────────────────────────────────────────────────────────────────────────────

const arbLimit = fc.integer({ min: 1, max: 120 });
/** Ascending request times over a few minutes, with bursts (repeated instants) likely. */
const arbTimes = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 5 * W }), fc.integer({ min: 1, max: 20 })), { maxLength: 80 })
  .map((groups) => groups.flatMap(([t, n]) => Array<number>(n).fill(T0 + t)).sort((a, b) => a - b));

describe("properties", () => {
  it("a burst at one instant never gets more than `limit` through, whatever came before", () => {
    fc.assert(
      fc.property(
        arbTimes,
        arbLimit,
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 6 * W }),
        (before, limit, size, offset) => {
          const prior = run(before, limit).state;
          const at = Math.max(T0 + offset, before.at(-1) ?? T0);
          const burst = run(Array(size).fill(at), limit, prior);
          expect(burst.allowed.length).toBeLessThanOrEqual(limit);
          if (prior === null) expect(burst.allowed.length).toBe(Math.min(size, limit));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a burst from a quiet key never lets more than `limit` through in any 60 s", () => {
    // Bursts shorter than 60 s / limit, starting anywhere in a minute (so they may straddle two minutes).
    fc.assert(
      fc.property(
        arbLimit,
        fc.integer({ min: 0, max: W - 1 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 500 }),
        (limit, start, fractions) => {
          const span = W / limit - 1;
          const times = fractions.map((f) => T0 + start + Math.floor(f * span)).sort((a, b) => a - b);
          expect(run(times, limit).allowed.length).toBeLessThanOrEqual(limit);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps the estimate within the limit, each aligned minute within the limit, any 60 s within 2 × limit", () => {
    fc.assert(
      fc.property(arbTimes, arbLimit, (times, limit) => {
        const { decisions, allowed } = run(times, limit);
        for (const d of decisions.filter((x) => x.allowed)) {
          const elapsed = d.now - d.state.windowStart;
          expect(d.state.previous * (1 - elapsed / W) + d.state.current).toBeLessThanOrEqual(limit + 1e-9);
        }
        const perMinute = new Map<number, number>();
        for (const t of allowed) perMinute.set(Math.floor(t / W), (perMinute.get(Math.floor(t / W)) ?? 0) + 1);
        for (const count of perMinute.values()) expect(count).toBeLessThanOrEqual(limit);
        for (const t of allowed)
          expect(allowed.filter((u) => u > t - W && u <= t).length).toBeLessThanOrEqual(2 * limit);
      }),
      { numRuns: 300 },
    );
  });

  it("never reports a negative or non-integer remaining; a refusal's retry time is honoured", () => {
    fc.assert(
      fc.property(arbTimes, arbLimit, (times, limit) => {
        const { decisions } = run(times, limit);
        for (const d of decisions) {
          expect(Number.isInteger(d.remaining)).toBe(true);
          expect(d.remaining).toBeGreaterThanOrEqual(0);
          expect(d.remaining).toBeLessThanOrEqual(limit - (d.allowed ? 1 : 0));
          if (d.allowed) {
            expect(d.retryAfterSeconds).toBe(0);
            // `remaining` more requests at the same instant are allowed, and no more.
            const more = run(Array(d.remaining + 1).fill(d.now), limit, d.state);
            expect(more.allowed.length).toBe(d.remaining);
          } else {
            expect(d.retryAfterSeconds).toBeGreaterThanOrEqual(1);
            expect(checkAndCount(d.state, d.now + d.retryAfterSeconds * 1000, limit).allowed).toBe(true);
            expect(d.resetAt * 1000).toBeGreaterThanOrEqual(d.now + d.retryAfterSeconds * 1000 - 1000);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
