/**
 * Errors as classes: one base, `GhostSpeakError`, and one subclass per family of problem codes (SPEC §2), so callers
 * branch with `instanceof` on the family and on `code` within it. Every code has one status, so the family follows
 * from the status — which also places answers that are not problems (a proxy's 502 page) in the right family.
 */
import type { FieldError, Problem, ProblemCode, RateLimit } from "./types.js";

/** A problem's code, or what went wrong when there was no problem to read. */
export type ErrorCode = ProblemCode | "CONNECTION_ERROR" | "TIMEOUT" | "UNEXPECTED_RESPONSE";

export interface ErrorDetails {
  code: ErrorCode;
  message: string;
  status?: number;
  requestId?: string;
  errors?: FieldError[];
  problem?: Problem;
  rateLimit?: RateLimit;
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class GhostSpeakError extends Error {
  // Named in each class, not from the constructor: a consumer's minifier renames classes.
  override name = "GhostSpeakError";
  readonly code: ErrorCode;
  /** The HTTP status; undefined when no answer came. */
  readonly status: number | undefined;
  /** The answer's `X-Request-Id` (the problem's own `requestId` when the header is missing): quote it to support. */
  readonly requestId: string | undefined;
  /** Each invalid field of a `VALIDATION_ERROR`; empty otherwise. */
  readonly errors: FieldError[];
  /** The RFC 9457 problem as the API sent it. */
  readonly problem: Problem | undefined;
  readonly rateLimit: RateLimit | undefined;
  /** `Retry-After`, in seconds, when the answer had one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(details: ErrorDetails) {
    super(details.message, { cause: details.cause });
    this.code = details.code;
    this.status = details.status;
    this.requestId = details.requestId;
    this.errors = details.errors ?? [];
    this.problem = details.problem;
    this.rateLimit = details.rateLimit;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** The request itself was refused: VALIDATION_ERROR, METHOD_NOT_ALLOWED, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE. */
export class InvalidRequestError extends GhostSpeakError {
  override name = "InvalidRequestError";
}
/** UNAUTHORIZED: a missing, unknown, revoked or expired key. */
export class AuthenticationError extends GhostSpeakError {
  override name = "AuthenticationError";
}
/** The team may not call: PAYMENT_REQUIRED (past due) or FORBIDDEN (disabled, or a plan limit). */
export class PermissionDeniedError extends GhostSpeakError {
  override name = "PermissionDeniedError";
}
/** AGENT_NOT_FOUND, or NOT_FOUND for another resource (a webhook endpoint). */
export class NotFoundError extends GhostSpeakError {
  override name = "NotFoundError";
}
/** IDEMPOTENCY_CONFLICT: the `Idempotency-Key` was used with another body in the last 24 h. */
export class IdempotencyConflictError extends GhostSpeakError {
  override name = "IdempotencyConflictError";
}
/** RATE_LIMITED or QUOTA_EXCEEDED; `retryAfterSeconds` says when to try again. */
export class RateLimitError extends GhostSpeakError {
  override name = "RateLimitError";
}
/** INTERNAL_ERROR, or any other 5xx. */
export class ServerError extends GhostSpeakError {
  override name = "ServerError";
}
/** No answer: the network failed (CONNECTION_ERROR) or the request timed out (TIMEOUT). */
export class ConnectionError extends GhostSpeakError {
  override name = "ConnectionError";
}

const FAMILY_BY_STATUS: Record<number, typeof GhostSpeakError> = {
  400: InvalidRequestError,
  401: AuthenticationError,
  402: PermissionDeniedError,
  403: PermissionDeniedError,
  404: NotFoundError,
  405: InvalidRequestError,
  409: IdempotencyConflictError,
  413: InvalidRequestError,
  415: InvalidRequestError,
  429: RateLimitError,
};

/** The error for an answer of status 400 or more; `problem` when its body was one. */
export function errorForAnswer(status: number, problem: Problem | undefined, details: Omit<ErrorDetails, "code" | "message" | "status">): GhostSpeakError {
  const Family = status >= 500 ? ServerError : (FAMILY_BY_STATUS[status] ?? GhostSpeakError);
  return new Family({
    ...details,
    code: problem?.code ?? "UNEXPECTED_RESPONSE",
    message: problem ? `${problem.title}: ${problem.detail}` : `The API answered ${status} without a problem body.`,
    status,
    requestId: details.requestId ?? problem?.requestId,
    errors: problem?.errors,
    problem,
  });
}
