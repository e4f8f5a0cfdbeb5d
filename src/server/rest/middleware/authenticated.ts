import type { MiddlewareHandler } from "hono";
import type { ApiEndpoint, ApiMethod } from "../../../../convex/lib/apiOutcome";
import { presentedKeyHash } from "../api/credentials";
import { type ContentRefusal, recordRefusal } from "../api/outcome";
import type { ApiError } from "../errors";
import type { RestEnv } from "../env";
import { jsonBody } from "./jsonBody";
import { asApiError } from "./problems";

/** The refusals of a request's content, which SPEC §2 makes only once the key is known good. */
const isContentRefusal = (error: ApiError): error is ContentRefusal =>
  error.code === "VALIDATION_ERROR" || error.code === "PAYLOAD_TOO_LARGE" || error.code === "UNSUPPORTED_MEDIA_TYPE";

/**
 * The first step of every route that takes an API key, before its body guard and its schema (SPEC §2:
 * authentication comes first). A missing or malformed key is refused here from the headers alone; then the body
 * guard (middleware/jsonBody.ts) and the route's validators and handler run. A refusal of the request's content
 * (400, 413, 415) raised before the call reached the backend is sent there to be authenticated, counted against
 * the rate limit and recorded (usage.recordRefusal), so with an unknown key it is the same 401 as any other and
 * with a good one it carries the rate-limit headers.
 */
export function authenticated(endpoint: ApiEndpoint, method: ApiMethod): MiddlewareHandler<RestEnv> {
  const guardBody = jsonBody();
  return async (c, next) => {
    c.set("apiCall", { endpoint, method, keyHash: presentedKeyHash(c.req.raw.headers), sent: false });
    let thrown: unknown;
    try {
      await guardBody(c, next);
    } catch (error) {
      thrown = error;
    }
    // The body guard's refusals are thrown here; the validators' and the handler's were already rendered by the
    // app's onError (Hono answers an error where it is thrown) and are left in `c.error`.
    const error = thrown ?? c.error;
    if (error === undefined) return;
    const refusal = asApiError(error);
    if (!refusal || !isContentRefusal(refusal) || c.get("apiCall").sent) {
      if (thrown !== undefined) throw thrown;
      return;
    }
    throw await recordRefusal(c, refusal);
  };
}
