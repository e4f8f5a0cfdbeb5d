import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { PROBLEM_FOR_APP_ERROR } from "../../../../convex/lib/apiOutcome";
import { appErrorData } from "../../http/appError";
import { routeTemplate } from "../../metrics/httpMetrics";
import { captureUnexpected } from "../../observability/sentry";
import { ApiError, type ErrorCode, MALFORMED_JSON, toProblem } from "../errors";
import type { RestEnv } from "../env";
import { logOf } from "./requestLog";

/** Hono's own exceptions (from its validator and middleware) by status, so they answer in our format too. */
const codeForStatus: Partial<Record<number, ErrorCode>> = {
  400: "VALIDATION_ERROR",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
};

function problemResponse(c: Context<RestEnv>, error: ApiError): Response {
  // The request id middleware may not have run (an error before it); the header must still match the body.
  const requestId = c.get("requestId") ?? crypto.randomUUID();
  return c.body(JSON.stringify(toProblem(error, requestId)), error.status, {
    ...error.headers,
    "Content-Type": "application/problem+json",
    "X-Request-Id": requestId,
  });
}

/** Hono's validator's text for a JSON body that does not parse (an empty one, which jsonBody lets through). */
const HONO_MALFORMED_JSON = "Malformed JSON in request body";

/** Any error as the problem it answers, when it is one of ours, Hono's or a convex/ function's. */
export function asApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 400 && error.message === HONO_MALFORMED_JSON) return new ApiError("VALIDATION_ERROR", MALFORMED_JSON);
    const code = codeForStatus[error.status];
    if (code) return new ApiError(code, error.message || "The request could not be processed.");
  }
  const app = appErrorData(error);
  if (app) return new ApiError(PROBLEM_FOR_APP_ERROR[app.code], app.message);
  return undefined;
}

export const onError: ErrorHandler<RestEnv> = (error, c) => {
  const known = asApiError(error);
  if (known) return problemResponse(c, known);
  // Unexpected: logged with the request id for operators, answered without a stack or internals.
  logOf(c).error({ err: error, path: c.req.path }, "unhandled REST error");
  const response = problemResponse(c, new ApiError("INTERNAL_ERROR", "Something went wrong on our side. Quote the request id if you contact support."));
  // Reported once, here: the only place a REST 500 is answered. The id is the one the caller was answered with.
  captureUnexpected(error, { requestId: response.headers.get("X-Request-Id") ?? undefined, route: `${c.req.method} ${routeTemplate(c)}`, teamId: c.get("teamId") });
  return response;
};

const METHOD_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/** Hono's path syntax (`/api/v1/agents/:address/score`) as a pattern of whole paths. */
function pathPattern(path: string): RegExp {
  const segments = path.split("/").map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  return new RegExp(`^${segments.join("/")}$`);
}

/** The methods the app's routes serve at a path, HEAD wherever GET is (Hono answers it with the GET route). */
export function allowedMethods(routes: readonly { path: string; method: string }[], path: string): string[] {
  const methods = new Set(routes.filter((route) => route.method !== "ALL" && pathPattern(route.path).test(path)).map((route) => route.method));
  if (methods.has("GET")) methods.add("HEAD");
  return METHOD_ORDER.filter((method) => methods.has(method));
}

/**
 * What no route answers: 405 with `Allow` when the path is a route's but the method is not, else 404. Routing
 * comes before authentication (the route decides whether a key is needed), so neither looks at a key or records.
 */
export function routingProblems(routes: () => readonly { path: string; method: string }[]): NotFoundHandler<RestEnv> {
  return (c) => {
    const allow = allowedMethods(routes(), c.req.path);
    if (allow.length === 0) return problemResponse(c, new ApiError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}.`));
    const detail = `${c.req.path} does not answer ${c.req.method}; it answers ${allow.join(", ")}.`;
    return problemResponse(c, new ApiError("METHOD_NOT_ALLOWED", detail, undefined, { Allow: allow.join(", ") }));
  };
}
