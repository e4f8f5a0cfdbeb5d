import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import { api } from "../../../../convex/_generated/api";
import { getBackend } from "../../backend";
import type { RestEnv } from "../env";
import { authenticated } from "../middleware/authenticated";
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
    "Totals, per-endpoint sums and a time series by UTC hour or day. Default range: the current UTC month so far. " +
    "The call itself is recorded and counts against the rate limit; the answer shows usage before it.",
  security,
  middleware: authenticated("/api/v1/usage", "GET"),
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
    const backend = await getBackend();
    // The report is a query, read before the call is recorded (so it shows usage before it) and never for a call
    // this server already knows is refused.
    const report =
      request.rateLimitedUntil === undefined
        ? await recordingFailures(c, request, () => backend.query(api.usage.report, { keyHash: request.keyHash, ...range }))
        : null;
    const recorded = await recordingFailures(c, request, () => backend.mutation(api.usage.recordCall, request));
    // A refusal throws here; otherwise the call was recorded as answered. (A key that turned usable between the
    // two reads has no report yet: it is read now.)
    const { headers } = successOf(recorded, UsageAnswer);
    const body = report ?? (await backend.query(api.usage.report, { keyHash: request.keyHash, ...range }));
    const answer = successOf({ ...recorded, body: { ...body, requestId: request.requestId } }, UsageAnswer);
    return c.json(answer.body, 200, headers);
  });
}
