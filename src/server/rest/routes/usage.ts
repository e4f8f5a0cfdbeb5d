import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import { api } from "../../../../convex/_generated/api";
import { getBackend } from "../../backend";
import type { RestEnv } from "../env";
import { authenticatedProblems, rateLimitHeaders, security } from "../api/docs";
import { apiRequestArgs, recordingFailures, successOf } from "../api/outcome";
import { UsageAnswer, UsageQuery } from "../api/schemas";
import { usageRange } from "../api/usageRange";

const usage = createRoute({
  method: "get",
  path: "/api/v1/usage",
  operationId: "getUsage",
  tags: ["usage"],
  summary: "The team's usage (free)",
  description:
    "Totals, per-endpoint sums and a time series by UTC hour or day, from hourly rollups. Default range: the " +
    "current UTC month so far. The call itself is recorded and counts against the rate limit; the answer shows usage " +
    "before it.",
  security,
  request: { query: UsageQuery },
  responses: {
    200: { description: "The usage.", headers: rateLimitHeaders, content: { "application/json": { schema: UsageAnswer } } },
    ...authenticatedProblems,
  },
});

export function registerUsageRoute(app: OpenAPIHono<RestEnv>): void {
  app.openapi(usage, async (c) => {
    const range = usageRange(c.req.valid("query"), Date.now());
    const request = await apiRequestArgs(c, { idempotent: false });
    const outcome = await recordingFailures(request, { endpoint: "/api/v1/usage", method: "GET" }, async () =>
      (await getBackend()).mutation(api.usage.report, { ...request, ...range }),
    );
    const answer = successOf(outcome, UsageAnswer);
    return c.json(answer.body, 200, answer.headers);
  });
}
