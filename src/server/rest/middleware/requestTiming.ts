import type { MiddlewareHandler } from "hono";
import { observeRequest } from "../../metrics/httpMetrics";
import type { RestEnv } from "../env";

/**
 * The first middleware: when the request arrived (usage records response time from there) and, with request
 * metrics on, its latency by route and status once answered, covering every other middleware. One middleware for
 * both, because a layer of Hono's chain costs about as much as the observation itself (`npm run bench -- rest`).
 */
export function requestTiming(options: { metrics: boolean }): MiddlewareHandler<RestEnv> {
  return async (c, next) => {
    const startedAt = performance.now();
    c.set("receivedAt", Date.now());
    if (!options.metrics) return next();
    try {
      await next();
    } finally {
      observeRequest(c, startedAt);
    }
  };
}
