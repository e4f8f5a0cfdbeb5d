import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { api } from "../../../../convex/_generated/api";
import type { ApiEndpoint, ApiMethod, ApiOutcome } from "../../../../convex/lib/apiOutcome";
import { getBackend } from "../../backend";
import { appErrorData } from "../../http/appError";
import { logger } from "../../http/logger";
import { ApiError } from "../errors";
import type { RestEnv } from "../env";
import { presentedKeyHash, sha256Hex } from "./credentials";
import { knownRefusal, noteOutcome } from "./rateLimitCache";

/**
 * What every API function needs to know about the request besides its own arguments (convex/model/apiCall.ts).
 * For a POST carrying `Idempotency-Key`, the body's fingerprint is the SHA-256 of its exact bytes: "the same
 * body" means what the client sent, not what it parses to.
 */
export async function apiRequestArgs(c: Context<RestEnv>, options: { idempotent: boolean }) {
  const keyHash = presentedKeyHash(c.req.raw.headers);
  const idempotencyKey = options.idempotent ? c.req.header("idempotency-key") : undefined;
  const receivedAt = c.get("receivedAt");
  const rateLimitedUntil = knownRefusal(keyHash, receivedAt);
  return {
    keyHash,
    requestId: c.get("requestId"),
    receivedAt,
    ...(rateLimitedUntil !== undefined ? { rateLimitedUntil } : {}),
    ...(idempotencyKey !== undefined ? { idempotency: { key: idempotencyKey, requestHash: sha256Hex(await c.req.text()) } } : {}),
  };
}

/**
 * Throws a refusal as the problem answer it is, with its rate-limit headers; returns a success with its body
 * checked against the route's documented schema (so an answer can never drift from the OpenAPI document: it would
 * be a 500, not a surprise) and its fields in the schema's order, which is SPEC §2's.
 */
export function successOf<S extends z.ZodType>(outcome: ApiOutcome, schema: S): { status: number; body: z.infer<S>; headers: Record<string, string> } {
  if (outcome.problem) throw new ApiError(outcome.problem.code, outcome.problem.detail, undefined, outcome.headers);
  return { status: outcome.status, body: (outcome.body === undefined ? undefined : schema.parse(outcome.body)) as z.infer<S>, headers: outcome.headers };
}

/**
 * Runs the backend call for an authenticated request and remembers a rate-limit refusal it answers
 * (api/rateLimitCache.ts); when it fails on our side (anything but a convex/ error code), records the 500 for the
 * key's team before the error is answered (SPEC §2: 5xx are recorded, never billed). The failed transaction wrote
 * nothing, so this is the call's only record.
 */
export async function recordingFailures<T>(
  request: { keyHash: string; requestId: string; receivedAt: number },
  call: { endpoint: ApiEndpoint; method: ApiMethod },
  run: () => Promise<T>,
): Promise<T> {
  try {
    const outcome = await run();
    if (outcome !== null && typeof outcome === "object") noteOutcome(request.keyHash, outcome as Pick<ApiOutcome, "rateLimitedUntil">);
    return outcome;
  } catch (error) {
    if (!appErrorData(error)) {
      const { keyHash, requestId, receivedAt } = request;
      try {
        await (await getBackend()).mutation(api.usage.recordServerError, { keyHash, requestId, receivedAt, ...call });
      } catch (recordError) {
        logger.error({ err: recordError, requestId }, "could not record a failed API call");
      }
    }
    throw error;
  }
}
