/**
 * The key page's rate-limit field: empty means the plan's limit; otherwise a whole number from 1 to the plan's
 * per-minute limit (SPEC §1: a key may carry a lower limit than its plan's, never a higher one). Checked in the
 * browser for a readable message at once; apiKeys.update checks the plan's limit again.
 */
export type RateLimitInput = { ok: true; rateLimit: number | null } | { ok: false; error: string };

export function parseRateLimitInput(raw: string, planLimit: number): RateLimitInput {
  const text = raw.trim();
  if (text === "") return { ok: true, rateLimit: null };
  if (!/^\d+$/.test(text)) return { ok: false, error: "Enter a whole number of requests per minute, or leave it empty for the plan's limit." };
  const rateLimit = Number(text);
  if (rateLimit < 1) return { ok: false, error: "The limit must be at least 1 request per minute." };
  if (rateLimit > planLimit) return { ok: false, error: `At most ${planLimit} per minute: a key's limit cannot exceed its plan's.` };
  return { ok: true, rateLimit };
}
