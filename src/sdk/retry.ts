/** When a failed attempt is tried again, and after how long. */
import { ConnectionError, GhostSpeakError, RateLimitError, ServerError } from "./errors.js";

export interface RetryPolicy {
  /** Tries after the first; 0 turns retries off. */
  maxRetries: number;
  /** The first retry's backoff; each further one doubles it. */
  baseDelayMs: number;
  /** The longest wait: the backoff's cap and the longest `Retry-After` honoured. A longer one fails at once. */
  maxDelayMs: number;
}

/**
 * Network failures, timeouts, 5xx and 429 are worth another try: the request may not have been done, or the server
 * asks to come back later. Any other 4xx would fail the same way again.
 */
export function isRetryable(error: unknown): error is GhostSpeakError {
  return error instanceof ConnectionError || error instanceof ServerError || error instanceof RateLimitError;
}

/**
 * The wait before retry number `retry` (0 for the first), or undefined when the error asks for longer than the
 * policy waits (a spend cap's `Retry-After` is the next month). Exponential with "equal jitter": between half and all
 * of `baseDelayMs × 2^retry`, so clients that failed together do not come back together; never less than `Retry-After`.
 */
export function retryDelayMs(error: GhostSpeakError, retry: number, policy: RetryPolicy, random = Math.random): number | undefined {
  const asked = (error.retryAfterSeconds ?? 0) * 1000;
  if (asked > policy.maxDelayMs) return undefined;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.max(asked, backoff / 2 + (random() * backoff) / 2);
}
