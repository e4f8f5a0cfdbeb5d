/** OpenAPI pieces every authenticated route shares: security, rate-limit headers, the problem answers. */
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../errors";

export const security: Record<string, string[]>[] = [{ ApiKey: [] }, { Bearer: [] }];

const header = (description: string) => z.string().openapi({ description });

const rateLimitHeaderFields = {
  "X-RateLimit-Limit": header("Requests allowed per minute for this key."),
  "X-RateLimit-Remaining": header("Requests still allowed right now."),
  "X-RateLimit-Reset": header("Unix seconds when the limit next relaxes."),
  "RateLimit-Policy": header("IETF draft: the quota policy, e.g. `\"per-key\";q=60;w=60`."),
  RateLimit: header("IETF draft: remaining quota and seconds to reset, e.g. `\"per-key\";r=59;t=42`."),
  "X-Request-Id": header("The request's id; quote it to support."),
};

export const rateLimitHeaders = z.object(rateLimitHeaderFields);

/** Headers of a cacheable answer (the score). */
export const cacheHeaders = z.object({
  ...rateLimitHeaderFields,
  ETag: header("Weak tag of the answer; send it back as If-None-Match."),
  "Cache-Control": header("private, max-age=300"),
});

export const idempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces")
    .optional()
    .openapi({ description: "Replays the stored answer for 24 h when sent again with the same body; 409 with another body." }),
});

/** The refusals any authenticated call may get; routes add their own (404, 409…). */
export const authenticatedProblems = {
  400: problemResponse("The request did not match the schema (nothing was recorded or billed)."),
  401: problemResponse("Missing, malformed, unknown, revoked or expired API key."),
  402: problemResponse("The team's payment is past due."),
  403: problemResponse("The team is disabled."),
  429: { ...problemResponse("RATE_LIMITED (per-key limit, see Retry-After) or QUOTA_EXCEEDED (monthly spend cap)."), headers: z.object({ ...rateLimitHeaderFields, "Retry-After": header("Seconds to wait.") }) },
  500: problemResponse("Something failed on our side; never billed."),
};

/** The body guard's refusals, for routes that take a body. */
export const bodyProblems = {
  413: problemResponse("The body exceeds 64 KiB."),
  415: problemResponse("A body that is not application/json."),
};
