/**
 * `GET /api/metrics` (SPEC §8): Prometheus text format for the platform's operators, with
 * `Authorization: Bearer $METRICS_TOKEN`. Not part of the public API (not in the OpenAPI document).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { constantTimeEqual } from "../../../../convex/lib/constantTime";
import { refreshPlatformGauges } from "../../metrics/platformGauges";
import { registry } from "../../metrics/registry";
import { ApiError } from "../errors";
import type { RestEnv } from "../env";
import { logOf } from "../middleware/requestLog";

export const METRICS_PATH = "/api/metrics";

let warnedUnset = false;

/** With no METRICS_TOKEN configured the endpoint refuses everyone (and says why once) rather than open up. */
const requireMetricsToken: MiddlewareHandler<RestEnv> = async (c, next) => {
  const expected = process.env.METRICS_TOKEN;
  if (!expected && !warnedUnset) {
    warnedUnset = true;
    logOf(c).warn(`METRICS_TOKEN is not set: ${METRICS_PATH} refuses every request until it is`);
  }
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1];
  if (!expected || presented === undefined || !constantTimeEqual(presented, expected)) {
    throw new ApiError("UNAUTHORIZED", "Send the metrics token as Authorization: Bearer <METRICS_TOKEN>.");
  }
  await next();
};

export function registerMetricsRoute(app: OpenAPIHono<RestEnv>): void {
  app.get(METRICS_PATH, requireMetricsToken, async (c) => {
    await refreshPlatformGauges();
    const body = await registry.metrics();
    return c.body(body, 200, { "Content-Type": registry.contentType, "Cache-Control": "no-store" });
  });
}
