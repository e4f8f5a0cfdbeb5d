import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { api } from "../../../../convex/_generated/api";
import { MAX_CALLS_PER_MUTATION } from "../../../../convex/verify";
import { getBackend } from "../../backend";
import { authenticated } from "../middleware/authenticated";
import type { RestEnv } from "../env";
import { authenticatedProblems, limitedProblem, cacheHeaders, security } from "../api/docs";
import { coalesce } from "../api/coalesce";
import { backendKind, batching } from "../api/rateLimitCache";
import { apiRequestArgs, recordingFailures, successOf } from "../api/outcome";
import { ScoreAnswer, ScoreParams } from "../api/schemas";

/** SPEC §2: a score may be reused for 5 minutes, by the caller only (answers depend on the key). */
const CACHE_CONTROL = "private, max-age=300";

const score = createRoute({
  method: "get",
  path: "/api/v1/agents/{address}/score",
  operationId: "getAgentScore",
  tags: ["verification"],
  summary: "An agent's Ghost Score (0.5¢)",
  description:
    "The score only. With `If-None-Match` naming the current ETag the answer is 304 and not billed. " +
    "`HEAD` answers the same status and headers without a body, and is never billed.",
  security,
  middleware: authenticated("/api/v1/agents/{address}/score", "GET"),
  request: {
    params: ScoreParams,
    headers: z.object({ "if-none-match": z.string().max(1024).optional() }),
  },
  responses: {
    200: { description: "The score.", headers: cacheHeaders, content: { "application/json": { schema: ScoreAnswer } } },
    304: { description: "Unchanged since the ETag sent in If-None-Match (not billed).", headers: cacheHeaders },
    ...authenticatedProblems,
    404: limitedProblem("AGENT_NOT_FOUND: no agent has this address (not billed)."),
  },
});

type ScoreCall = (typeof api.verify.score)["_args"]["calls"][number];
const scoreCoalesced = coalesce(async (calls: ScoreCall[]) => (await getBackend()).mutation(api.verify.score, { calls }), MAX_CALLS_PER_MUTATION, batching(backendKind()));

export function registerScoreRoute(app: OpenAPIHono<RestEnv>): void {
  app.openapi(score, async (c) => {
    const { address } = c.req.valid("param");
    const ifNoneMatch = c.req.valid("header")["if-none-match"];
    const request = await apiRequestArgs(c, { idempotent: false });
    const outcome = await recordingFailures(c, request, () =>
      scoreCoalesced({ ...request, agentAddress: address, ...(ifNoneMatch !== undefined ? { ifNoneMatch } : {}) }),
    );
    const answer = successOf(outcome, ScoreAnswer);
    const headers = { ...answer.headers, "Cache-Control": CACHE_CONTROL };
    if (answer.status === 304) return c.body(null, 304, headers);
    return c.json(answer.body, 200, headers);
  });
}
