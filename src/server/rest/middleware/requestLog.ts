import type { Context, MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import { logger, requestLogger } from "../../http/logger";
import type { RestEnv } from "../env";

/**
 * The request's logger: every line it writes carries the request id. Made when something logs, not per request:
 * a pino child with redaction costs a few microseconds, and almost no request logs anything.
 */
export function logOf(c: Context<RestEnv>): Logger {
  return requestLogger(c.get("requestId") ?? "none");
}

/**
 * One debug line per answer (after `requestId`, whose id it carries). Debug, not info: at the default level the
 * hot path pays for no access log; an operator who wants one sets LOG_LEVEL=debug. The line names the path and
 * status, never headers or bodies.
 */
export function requestLog(): MiddlewareHandler<RestEnv> {
  return async (c, next) => {
    await next();
    if (logger.isLevelEnabled("debug")) {
      logOf(c).debug({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Date.now() - c.get("receivedAt") }, "request");
    }
  };
}
