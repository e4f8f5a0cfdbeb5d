import { z } from "@hono/zod-openapi";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * The REST layer's one error type and its RFC 9457 rendering. Handlers and middleware throw `ApiError`; the app's
 * `onError` turns it (and anything else) into `application/problem+json`.
 */

/** SPEC §2's problem codes, in its order, and nothing else (errors.test.ts). */
export const errorCodes = {
  VALIDATION_ERROR: { status: 400, title: "Invalid request" },
  UNAUTHORIZED: { status: 401, title: "Unauthorized" },
  PAYMENT_REQUIRED: { status: 402, title: "Payment required" },
  FORBIDDEN: { status: 403, title: "Forbidden" },
  AGENT_NOT_FOUND: { status: 404, title: "Agent not found" },
  NOT_FOUND: { status: 404, title: "Not found" },
  METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed" },
  IDEMPOTENCY_CONFLICT: { status: 409, title: "Idempotency key reused with another body" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "Payload too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported media type" },
  RATE_LIMITED: { status: 429, title: "Rate limit exceeded" },
  QUOTA_EXCEEDED: { status: 429, title: "Monthly spend cap reached" },
  INTERNAL_ERROR: { status: 500, title: "Internal error" },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ErrorCode = keyof typeof errorCodes;

export interface FieldError {
  /** Dotted path of the offending field, e.g. `agents.3`; empty for the body as a whole. */
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: ContentfulStatusCode;
  readonly errors?: FieldError[];
  /** Headers the problem answer carries besides its own (rate-limit headers of an authenticated call). */
  readonly headers: Record<string, string>;
  /** An idempotent replay's: the original request's id, which the replayed body carries (SPEC §2). */
  readonly requestId?: string;

  constructor(code: ErrorCode, detail: string, errors?: FieldError[], headers: Record<string, string> = {}, requestId?: string) {
    super(detail);
    this.name = "ApiError";
    this.code = code;
    this.status = errorCodes[code].status;
    this.errors = errors;
    this.headers = headers;
    this.requestId = requestId;
  }
}

/** The one text for a body that does not parse, whichever check finds it (ours, or Hono's validator). */
export const MALFORMED_JSON = "The request body is not valid JSON.";

/** The id of the code's entry on the portal's API docs page. */
export function problemAnchor(code: ErrorCode): string {
  return code.toLowerCase().replaceAll("_", "-");
}

/** `type` is a link to the code's entry on the portal's API docs page. */
export function problemType(code: ErrorCode): string {
  return `/docs#${problemAnchor(code)}`;
}

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: problemType("VALIDATION_ERROR") }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]),
    requestId: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

export type Problem = z.infer<typeof ProblemSchema>;

/** `requestId` is the answer's own; a replayed problem keeps the original request's. */
export function toProblem(error: ApiError, requestId: string): Problem {
  return {
    type: problemType(error.code),
    title: errorCodes[error.code].title,
    status: error.status,
    detail: error.message,
    code: error.code,
    requestId: error.requestId ?? requestId,
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

/** Zod issues as the per-field list forms and clients expect. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({ field: issue.path.map(String).join("."), message: issue.message }));
}

/** The shared OpenAPI description of a problem answer, for routes to list under `responses`. */
export function problemResponse(description: string) {
  return { description, content: { "application/problem+json": { schema: ProblemSchema } } };
}
