/**
 * Webhook retry schedule (SPEC §4): the first attempt is immediate, then retries 1, 2, 4, 8 and 16 minutes after
 * each failure, each delay with ±10 % jitter so that endpoints failing together are not retried in lockstep.
 * A `Retry-After` from the receiver is honoured: the retry never comes before it (up to one hour, so that a
 * receiver cannot park a delivery indefinitely). After the sixth attempt the delivery is `failed`.
 */

const MINUTE_MS = 60_000;
export const RETRY_DELAYS_MS = [1, 2, 4, 8, 16].map((minutes) => minutes * MINUTE_MS);
/** The first attempt plus one per retry delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const JITTER = 0.1;
export const MAX_RETRY_AFTER_MS = 60 * MINUTE_MS;

/**
 * The delay a `Retry-After` value asks for, in ms from `now`: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * A date in the past means "now" (0). Anything unparseable is ignored (null).
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // HTTP-dates always name a weekday and a month; requiring letters keeps bare or signed numbers out of Date.parse.
  if (!/^[A-Za-z]{3}/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * When to make the next attempt after `attemptsMade` attempts (1 = the first attempt has just failed), or null
 * when none is left. `random` returns a number in [0, 1) and is injectable for tests.
 */
export function nextAttemptAt(args: {
  attemptsMade: number;
  now: number;
  retryAfter?: string | null;
  random?: () => number;
}): number | null {
  const { attemptsMade, now } = args;
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) throw new RangeError("attemptsMade counts from 1");
  if (attemptsMade >= MAX_ATTEMPTS) return null;
  const random = args.random ?? Math.random;
  const scheduled = RETRY_DELAYS_MS[attemptsMade - 1] * (1 + JITTER * (2 * random() - 1));
  const requested = parseRetryAfter(args.retryAfter, now);
  const delay = requested === null ? scheduled : Math.max(scheduled, Math.min(requested, MAX_RETRY_AFTER_MS));
  return now + Math.round(delay);
}
