/**
 * What a public API function (one REST call) answers. Refusals after authentication are returned as data, not
 * thrown: a thrown error rolls the transaction back, and the call must still be counted against the rate limit
 * and recorded in usage (SPEC §2: every authenticated call is recorded exactly once). The REST layer renders a
 * problem as RFC 9457 with the same code.
 */
import { v, type Infer } from "convex/values";
import type { AppErrorCode } from "./errors";

export const API_PROBLEM_CODES = [
  "UNAUTHORIZED",
  "PAYMENT_REQUIRED",
  "FORBIDDEN",
  "AGENT_NOT_FOUND",
  "IDEMPOTENCY_CONFLICT",
  // The webhook routes' refusals (the endpoint's settings, an unknown endpoint, a disabled one), and the request
  // checks the REST layer makes once the key is known good (usage.recordRefusal).
  "VALIDATION_ERROR",
  "NOT_FOUND",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "RATE_LIMITED",
  "QUOTA_EXCEEDED",
] as const;
export type ApiProblemCode = (typeof API_PROBLEM_CODES)[number];

/**
 * What a convex/ function's error code means to a REST caller, always one of SPEC §2's codes. A plan limit and a
 * conflict with the resource's state (testing a disabled webhook endpoint) are refusals of the request as it
 * stands, hence 403: the caller has to change something first (SPEC §2 has no 409 but IDEMPOTENCY_CONFLICT).
 */
export const PROBLEM_FOR_APP_ERROR: Record<AppErrorCode, ApiProblemCode> = {
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  VALIDATION_ERROR: "VALIDATION_ERROR",
  LIMIT_EXCEEDED: "FORBIDDEN",
  CONFLICT: "FORBIDDEN",
};

export const API_PROBLEM_STATUS: Record<ApiProblemCode, number> = {
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  AGENT_NOT_FOUND: 404,
  IDEMPOTENCY_CONFLICT: 409,
  VALIDATION_ERROR: 400,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 429,
};

const [first, second, ...rest] = API_PROBLEM_CODES.map((code) => v.literal(code));
export const vApiProblemCode = v.union(first, second, ...rest);

/** The route templates recorded as `endpoint` in usage (never a raw path). */
export const API_ENDPOINTS = [
  "/api/v1/verify",
  "/api/v1/agents/{address}/score",
  "/api/v1/verify/batch",
  "/api/v1/usage",
  "/api/v1/webhooks",
  "/api/v1/webhooks/{id}",
  "/api/v1/webhooks/{id}/test",
  "/api/v1/webhooks/{id}/rotate-secret",
] as const;
export type ApiEndpoint = (typeof API_ENDPOINTS)[number];
const [e1, e2, ...moreEndpoints] = API_ENDPOINTS.map((endpoint) => v.literal(endpoint));
export const vApiEndpoint = v.union(e1, e2, ...moreEndpoints);

/** The methods recorded as `method` in usage; HEAD is a GET route asked without a body (never billed). */
export type ApiMethod = "GET" | "HEAD" | "POST" | "DELETE";
export const vApiMethod = v.union(v.literal("GET"), v.literal("HEAD"), v.literal("POST"), v.literal("DELETE"));

export const vApiOutcome = v.object({
  status: v.number(),
  /** The JSON answer of a 2xx; its shape is the route's response schema in src/server/rest/routes. */
  body: v.optional(v.any()),
  /** `requestId`: an idempotent replay's, the original request's (the replayed body is the stored one). */
  problem: v.optional(v.object({ code: vApiProblemCode, detail: v.string(), requestId: v.optional(v.string()) })),
  /** Rate-limit headers, `ETag`, `Idempotent-Replayed`: everything the answer carries besides the body. */
  headers: v.record(v.string(), v.string()),
  /**
   * A RATE_LIMITED refusal: the soonest time (epoch ms) the key's counter could let a call through. The app server
   * keeps it and sends it back with the key's next calls, which are then refused without reading the counter.
   */
  rateLimitedUntil: v.optional(v.number()),
});
export type ApiProblem = { code: ApiProblemCode; detail: string; requestId?: string };
export type ApiOutcome = Omit<Infer<typeof vApiOutcome>, "problem"> & { problem?: ApiProblem };

export function problemOutcome(code: ApiProblemCode, detail: string, headers: Record<string, string> = {}): ApiOutcome {
  return { status: API_PROBLEM_STATUS[code], problem: { code, detail }, headers };
}

/** The one answer to every missing, malformed, unknown, revoked or expired key, so none can be told apart. */
export const UNAUTHORIZED_DETAIL = "A valid API key is required: send it as X-API-Key or Authorization: Bearer.";
