import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { api } from "../../../../convex/_generated/api";
import type { ApiOutcome, ApiProblem } from "../../../../convex/lib/apiOutcome";
import type { ApiRequest } from "../../../../convex/model/apiCall";
import { getBackend } from "../../backend";
import { appErrorData } from "../../http/appError";
import { logger } from "../../http/logger";
import { ApiError } from "../errors";
import type { RestEnv } from "../env";
import { sha256Hex } from "./credentials";
import { knownRefusal, noteOutcome } from "./rateLimitCache";

/** The request as every API function takes it, from what the route's middleware found (middleware/authenticated.ts). */
function requestOf(c: Context<RestEnv>): ApiRequest {
  const { keyHash } = c.get("apiCall");
  const receivedAt = c.get("receivedAt");
  const rateLimitedUntil = knownRefusal(keyHash, receivedAt);
  return {
    keyHash,
    requestId: c.get("requestId"),
    receivedAt,
    ...(rateLimitedUntil !== undefined ? { rateLimitedUntil } : {}),
    // Hono serves HEAD with the GET route and drops the body; the call is recorded as HEAD and never billed.
    ...(c.req.method === "HEAD" ? { head: true } : {}),
  };
}

/**
 * What every API function needs to know about the request besides its own arguments (convex/model/apiCall.ts).
 * For a POST carrying `Idempotency-Key`, the body's fingerprint is the SHA-256 of its exact bytes: "the same
 * body" means what the client sent, not what it parses to. From here the call is the backend's to record.
 */
export async function apiRequestArgs(c: Context<RestEnv>, options: { idempotent: boolean }): Promise<ApiRequest> {
  const idempotencyKey = options.idempotent ? c.req.header("idempotency-key") : undefined;
  const request = {
    ...requestOf(c),
    ...(idempotencyKey !== undefined ? { idempotency: { key: idempotencyKey, requestHash: sha256Hex(await c.req.text()) } } : {}),
  };
  c.get("apiCall").sent = true;
  return request;
}

/** A refusal from the backend as the problem answer it is, with its headers (and a replay's original request id). */
function problemOf(outcome: ApiOutcome & { problem: ApiProblem }): ApiError {
  return new ApiError(outcome.problem.code, outcome.problem.detail, undefined, outcome.headers, outcome.problem.requestId);
}

/** A refusal of the request's content, which the REST layer decides itself. */
export type ContentRefusal = ApiError & { code: "VALIDATION_ERROR" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" };

/**
 * Sends the REST layer's own refusal of an authenticated route's request (400, 413, 415) to the backend, which
 * authenticates, counts and records it (convex/usage.ts, recordRefusal), and returns the answer to give: that
 * refusal with the rate-limit headers, or what the backend decided first (401, 429, 403, 402).
 */
export async function recordRefusal(c: Context<RestEnv>, refusal: ContentRefusal): Promise<ApiError> {
  const state = c.get("apiCall");
  const request = requestOf(c);
  state.sent = true;
  const { endpoint, method } = state;
  const outcome = await recordingFailures(c, request, async () =>
    (await getBackend()).mutation(api.usage.recordRefusal, { ...request, endpoint, method, problem: { code: refusal.code, detail: refusal.message } }),
  );
  if (outcome.problem && outcome.problem.code !== refusal.code) return problemOf({ ...outcome, problem: outcome.problem });
  return new ApiError(refusal.code, refusal.message, refusal.errors, outcome.headers);
}

/**
 * Throws a refusal as the problem answer it is, with its rate-limit headers; returns a success with its body
 * checked against the route's documented schema (so an answer can never drift from the OpenAPI document: it would
 * be a 500, not a surprise) and its fields in the schema's order, which is SPEC §2's.
 */
export function successOf<S extends z.ZodType>(outcome: ApiOutcome, schema: S): { status: number; body: z.infer<S>; headers: Record<string, string> } {
  if (outcome.problem) throw problemOf({ ...outcome, problem: outcome.problem });
  return { status: outcome.status, body: (outcome.body === undefined ? undefined : schema.parse(outcome.body)) as z.infer<S>, headers: outcome.headers };
}

/**
 * Runs the backend call for an authenticated request and remembers a rate-limit refusal it answers
 * (api/rateLimitCache.ts); when it fails on our side (anything but a convex/ error code), records the 500 for the
 * key's team before the error is answered (SPEC §2: 5xx are recorded, never billed). The failed transaction wrote
 * nothing, so this is the call's only record. The endpoint and method are the route middleware's (`apiCall`), named once.
 */
export async function recordingFailures<T>(c: Context<RestEnv>, request: ApiRequest, run: () => Promise<T>): Promise<T> {
  try {
    const outcome = await run();
    if (outcome !== null && typeof outcome === "object") noteOutcome(request.keyHash, outcome as Pick<ApiOutcome, "rateLimitedUntil">);
    return outcome;
  } catch (error) {
    if (!appErrorData(error)) {
      const { keyHash, requestId, receivedAt, head } = request;
      try {
        const { endpoint, method } = c.get("apiCall");
        const { teamId } = await (await getBackend()).mutation(api.usage.recordServerError, { keyHash, requestId, receivedAt, ...(head ? { head } : {}), endpoint, method });
        if (teamId) c.set("teamId", teamId);
      } catch (recordError) {
        logger.error({ err: recordError, requestId }, "could not record a failed API call");
      }
    }
    throw error;
  }
}
