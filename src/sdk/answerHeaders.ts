/** What an answer's headers say besides its body: rate-limit figures, when to retry, cache lifetime. */
import type { RateLimit } from "./types.js";

const figure = (headers: Headers, name: string) => Number(headers.get(name) ?? Number.NaN);

/** `X-RateLimit-*`; a figure the answer lacked is NaN (every authenticated answer of the API carries all three). */
export function rateLimitOf(headers: Headers): RateLimit {
  return { limit: figure(headers, "x-ratelimit-limit"), remaining: figure(headers, "x-ratelimit-remaining"), reset: figure(headers, "x-ratelimit-reset") };
}

/** `Retry-After` in seconds (from delta-seconds or an HTTP date), or undefined. */
export function retryAfterSecondsOf(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** How long `Cache-Control` lets the answer be used without asking again, in ms; 0 when not at all. */
export function freshForMs(headers: Headers): number {
  const directives = (headers.get("cache-control") ?? "").toLowerCase();
  if (/\b(no-store|no-cache)\b/.test(directives)) return 0;
  const maxAge = /\bmax-age=(\d+)/.exec(directives);
  return maxAge ? Number(maxAge[1]) * 1000 : 0;
}
