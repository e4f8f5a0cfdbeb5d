import type { MiddlewareHandler } from "hono";
import { requestLogger } from "../../http/logger";
import type { RestEnv } from "../env";

/**
 * Gives the request its logger (after `requestId`, whose id it carries) and writes one debug line per answer.
 * Debug, not info: at the default level pino skips the call, so the hot path pays for no access log; an
 * operator who wants one sets LOG_LEVEL=debug. The line names the path and status, never headers or bodies.
 */
export function requestLog(): MiddlewareHandler<RestEnv> {
  return async (c, next) => {
    const log = requestLogger(c.get("requestId"));
    c.set("log", log);
    await next();
    if (log.isLevelEnabled("debug")) {
      log.debug({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Date.now() - c.get("receivedAt") }, "request");
    }
  };
}
