/**
 * Per-key, per-minute rate limit (SPEC §2): a sliding window counter. The state is the count of the current
 * aligned minute and of the one before it; the previous minute counts in proportion to how much of it still lies
 * inside the last 60 seconds:
 *
 *     estimated = previous × (1 − elapsed / 60 s) + current
 *
 * and a request is allowed when `estimated + 1 ≤ limit`. Checking and counting is one pure step, so the caller
 * does both in the transaction of the call: concurrent requests are serialised and a burst at any instant can
 * never get more than `limit` through.
 *
 * The weighting assumes the previous minute's requests were evenly spread. It is an approximation by design:
 * traffic bunched at the end of one minute and resumed part-way into the next can see more than `limit` requests
 * in some 60-second span (never more than 2 × limit; nothing extra for a burst on a quiet key that lasts less
 * than 60 s / limit).
 */

export const RATE_LIMIT_WINDOW_MS = 60_000;
/** The policy name in the IETF `RateLimit-Policy` / `RateLimit` fields. */
export const RATE_LIMIT_POLICY_NAME = "per-key";
/** Counts are integers and the estimate is a real number: this absorbs rounding of the weighted term only. */
const EPSILON = 1e-9;

export type RateLimitState = {
  /** Start of the current aligned minute, epoch ms. */
  windowStart: number;
  current: number;
  previous: number;
};

export type RateLimitDecision = {
  allowed: boolean;
  /** The state to store, with this request counted when allowed. */
  state: RateLimitState;
  limit: number;
  /** Requests that would still be allowed right now. */
  remaining: number;
  /** Unix seconds: when allowed, the end of the current minute (when its count starts to weigh less); when
   * refused, the earliest time a request would be allowed if none is made before. */
  resetAt: number;
  /** Seconds from now to `resetAt`, rounded up. */
  resetAfterSeconds: number;
  /** 0 when allowed, else the `Retry-After` value in seconds (at least 1). */
  retryAfterSeconds: number;
};

/** Moves the state to the aligned window containing `now`. A `now` slightly in the past stays in its window. */
function roll(state: RateLimitState | null, now: number, W: number): RateLimitState {
  const windowStart = Math.floor(now / W) * W;
  if (state === null) return { windowStart, current: 0, previous: 0 };
  if (windowStart <= state.windowStart) return state;
  if (windowStart === state.windowStart + W) return { windowStart, current: 0, previous: state.current };
  return { windowStart, current: 0, previous: 0 };
}

function estimate(state: RateLimitState, now: number, W: number): number {
  const elapsed = Math.min(W, Math.max(0, now - state.windowStart));
  return (state.previous * (W - elapsed)) / W + state.current;
}

/** Earliest epoch ms at which one more request fits, assuming no other request is made meanwhile. */
function nextAllowedAt(state: RateLimitState, limit: number, W: number): number {
  // Solved for the elapsed time e in `previous × (W − e) / W + current + 1 = limit`, written as one division so
  // that whole results stay whole (a 1 − x / y form rounds 1000 ms up to 1001).
  if (state.current + 1 <= limit) {
    // Only the previous minute's weight is in the way: wait until it has decayed enough.
    return state.windowStart + Math.ceil((W * (state.previous - (limit - 1 - state.current))) / state.previous);
  }
  // The current minute is full on its own: wait for it to become the previous one and decay.
  return state.windowStart + W + Math.ceil((W * (state.current - (limit - 1))) / state.current);
}

/** `windowMs`: the API's minute by default; sign-in mail counts over 15 minutes (convex/signInMail.ts). */
export function checkAndCount(state: RateLimitState | null, now: number, limit: number, windowMs = RATE_LIMIT_WINDOW_MS): RateLimitDecision {
  const rolled = roll(state, now, windowMs);
  const windowEnd = rolled.windowStart + windowMs;

  if (limit >= 1 && estimate(rolled, now, windowMs) + 1 <= limit + EPSILON) {
    const counted = { ...rolled, current: rolled.current + 1 };
    return {
      allowed: true,
      state: counted,
      limit,
      remaining: Math.max(0, Math.floor(limit - estimate(counted, now, windowMs) + EPSILON)),
      resetAt: Math.ceil(windowEnd / 1000),
      resetAfterSeconds: Math.ceil((windowEnd - now) / 1000),
      retryAfterSeconds: 0,
    };
  }

  // A limit below 1 never lets anything through; answer with a whole window, as for a full minute.
  const retryAt = limit >= 1 ? nextAllowedAt(rolled, limit, windowMs) : now + windowMs;
  const retryAfterSeconds = Math.max(1, Math.ceil((retryAt - now) / 1000));
  return {
    allowed: false,
    state: rolled,
    limit,
    remaining: 0,
    resetAt: Math.ceil(now / 1000) + retryAfterSeconds,
    resetAfterSeconds: retryAfterSeconds,
    retryAfterSeconds,
  };
}

/**
 * Response headers for a decision: the de-facto `X-RateLimit-*` trio (reset in Unix seconds), the IETF pair in the
 * form of draft-ietf-httpapi-ratelimit-headers-11 (May 2026, §3 and §4: a quota policy item
 * `"name";q=<quota>;w=<window s>` and a service limit item `"name";r=<remaining>;t=<seconds>`), and `Retry-After`
 * on refusal. The draft asks that `Retry-After` not point earlier than the end of `t`, so both carry the same
 * value on a 429.
 */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const name = `"${RATE_LIMIT_POLICY_NAME}"`;
  const headers: Record<string, string> = {
    "X-RateLimit-Limit": String(decision.limit),
    "X-RateLimit-Remaining": String(decision.remaining),
    "X-RateLimit-Reset": String(decision.resetAt),
    "RateLimit-Policy": `${name};q=${decision.limit};w=${RATE_LIMIT_WINDOW_MS / 1000}`,
    RateLimit: `${name};r=${decision.remaining};t=${decision.resetAfterSeconds}`,
  };
  if (!decision.allowed) headers["Retry-After"] = String(decision.retryAfterSeconds);
  return headers;
}
