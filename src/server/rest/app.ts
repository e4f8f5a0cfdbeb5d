import { OpenAPIHono } from "@hono/zod-openapi";
import { ApiError, fieldErrors } from "./errors";
import type { RestEnv } from "./env";
import { requestMetricsEnabled } from "../metrics/registry";
import { onError, routingProblems } from "./middleware/problems";
import { requestId } from "./middleware/requestId";
import { requestLog } from "./middleware/requestLog";
import { requestTiming } from "./middleware/requestTiming";
import { securityHeaders } from "./middleware/securityHeaders";
import { registerHealthRoutes } from "./routes/health";
import { registerMetricsRoute } from "./routes/metrics";
import { registerOpenApiDocument } from "./routes/openapi";
import { registerSignalRoutes } from "./routes/signals";
import { registerScoreRoute } from "./routes/score";
import { registerUsageRoute } from "./routes/usage";
import { registerVerifyRoutes } from "./routes/verify";
import { registerWebhookRoutes } from "./routes/webhooks";

/**
 * The REST app: `/api/health`, `/api/metrics`, `/api/v1/*` and `/api/internal/*`, always with full paths so the custom server's
 * fast path and Next's catch-all route handlers can hand it the request unchanged.
 */
export function createRestApp(): OpenAPIHono<RestEnv> {
  const app = new OpenAPIHono<RestEnv>({
    // A request that fails its zod schema answers 400 with one entry per field, like every other error.
    defaultHook: (result) => {
      if (!result.success) {
        throw new ApiError("VALIDATION_ERROR", "The request did not match the schema.", fieldErrors(result.error.issues));
      }
    },
  });

  app.use("*", requestTiming({ metrics: requestMetricsEnabled() }));
  app.use("*", securityHeaders());
  app.use("*", requestId());
  app.use("*", requestLog());

  registerHealthRoutes(app);
  registerMetricsRoute(app);
  registerVerifyRoutes(app);
  registerScoreRoute(app);
  registerUsageRoute(app);
  registerWebhookRoutes(app);
  registerOpenApiDocument(app);
  registerSignalRoutes(app);

  app.notFound(routingProblems(() => app.routes));
  app.onError(onError);
  return app;
}

/** The app the custom server and the Next route handlers serve. */
export const restApp = createRestApp();
