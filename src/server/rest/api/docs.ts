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

/** A problem answer to an authenticated call: it carries the rate-limit headers like any other answer. */
export const limitedProblem = (description: string) => ({ ...problemResponse(description), headers: rateLimitHeaders });

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
    .openapi({
      description:
        "Sent again within 24 h with the same body, replays the stored answer (status and body) with " +
        "`Idempotent-Replayed: true`, not billed again; with another body, 409 IDEMPOTENCY_CONFLICT. The replayed " +
        "body is the stored one byte for byte: its requestId is the original request's. The replay's own " +
        "X-Request-Id header is new.",
    }),
});

/** The refusal of a reused Idempotency-Key, for routes that take one. */
export const idempotencyProblems = {
  409: limitedProblem("IDEMPOTENCY_CONFLICT: the Idempotency-Key was used with another body (or another route) in the last 24 h."),
};

/** The refusals any authenticated call may get; routes add their own (404, 409…). */
export const authenticatedProblems = {
  400: limitedProblem("VALIDATION_ERROR: the request did not match the schema (recorded, never billed)."),
  401: problemResponse("Missing, malformed, unknown, revoked or expired API key."),
  402: limitedProblem("The team's payment is past due."),
  403: limitedProblem("The team is disabled."),
  429: { ...problemResponse("RATE_LIMITED (per-key limit, see Retry-After) or QUOTA_EXCEEDED (monthly spend cap)."), headers: z.object({ ...rateLimitHeaderFields, "Retry-After": header("Seconds to wait.") }) },
  500: problemResponse("Something failed on our side; never billed."),
};

/** The body guard's refusals, for routes that take a body: like a 400, recorded and never billed. */
export const bodyProblems = {
  413: limitedProblem("PAYLOAD_TOO_LARGE: the body exceeds 64 KiB (recorded, never billed)."),
  415: limitedProblem("UNSUPPORTED_MEDIA_TYPE: a body that is not JSON (recorded, never billed)."),
};
