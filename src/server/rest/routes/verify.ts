import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import { api } from "../../../../convex/_generated/api";
import { MAX_CALLS_PER_MUTATION } from "../../../../convex/verify";
import { getBackend } from "../../backend";
import { authenticated } from "../middleware/authenticated";
import type { RestEnv } from "../env";
import { authenticatedProblems, limitedProblem, bodyProblems, idempotencyHeader, idempotencyProblems, rateLimitHeaders, security } from "../api/docs";
import { coalesce } from "../api/coalesce";
import { backendKind, batching } from "../api/rateLimitCache";
import { apiRequestArgs, recordingFailures, successOf } from "../api/outcome";
import { BatchAnswer, BatchRequest, Verification, VerifyRequest } from "../api/schemas";

const json = <S>(schema: S) => ({ "application/json": { schema } });

const verify = createRoute({
  method: "post",
  path: "/api/v1/verify",
  operationId: "verifyAgent",
  tags: ["verification"],
  summary: "Verify an agent (1¢)",
  description:
    "The agent's Ghost Score, tier and whether it is verified: known, not flagged, and at or above `requiredScore`. " +
    "Billed 1¢ when answered 200 with a live key; a 404 is not billed.",
  security,
  middleware: authenticated("/api/v1/verify", "POST"),
  request: { headers: idempotencyHeader, body: { required: true, content: json(VerifyRequest) } },
  responses: {
    200: { description: "The verification.", headers: rateLimitHeaders, content: json(Verification) },
    ...authenticatedProblems,
    ...bodyProblems,
    ...idempotencyProblems,
    404: limitedProblem("AGENT_NOT_FOUND: no agent has this address (not billed)."),
  },
});

const batch = createRoute({
  method: "post",
  path: "/api/v1/verify/batch",
  operationId: "verifyAgents",
  tags: ["verification"],
  summary: "Verify up to 100 agents (0.5¢ per unique found agent)",
  description:
    "Duplicates are answered once, in order of first occurrence. An invalid address is a per-item `INVALID_ADDRESS`, " +
    "an unknown one `AGENT_NOT_FOUND`; neither is billed. Counts as one request against the rate limit.",
  security,
  middleware: authenticated("/api/v1/verify/batch", "POST"),
  request: { headers: idempotencyHeader, body: { required: true, content: json(BatchRequest) } },
  responses: {
    200: { description: "One result per unique address.", headers: rateLimitHeaders, content: json(BatchAnswer) },
    ...authenticatedProblems,
    ...bodyProblems,
    ...idempotencyProblems,
  },
});

type VerifyCall = (typeof api.verify.verify)["_args"]["calls"][number];
const verifyCoalesced = coalesce(async (calls: VerifyCall[]) => (await getBackend()).mutation(api.verify.verify, { calls }), MAX_CALLS_PER_MUTATION, batching(backendKind()));

export function registerVerifyRoutes(app: OpenAPIHono<RestEnv>): void {
  app.openapi(verify, async (c) => {
    const body = c.req.valid("json");
    const request = await apiRequestArgs(c, { idempotent: true });
    const outcome = await recordingFailures(c, request, () => verifyCoalesced({ ...request, ...body }));
    const answer = successOf(outcome, Verification);
    return c.json(answer.body, 200, answer.headers);
  });

  app.openapi(batch, async (c) => {
    const started = performance.now();
    const body = c.req.valid("json");
    const request = await apiRequestArgs(c, { idempotent: true });
    const outcome = await recordingFailures(c, request, async () =>
      (await getBackend()).mutation(api.verify.batch, { ...request, ...body }),
    );
    const answer = successOf(outcome, BatchAnswer.omit({ timing: true }));
    // Server time of this answer (a replay included), measured here: inside a transaction the clock stands still.
    const totalMs = Math.round((performance.now() - started) * 100) / 100;
    const timing = { totalMs, avgPerAgentMs: Math.round((totalMs / answer.body.summary.unique) * 100) / 100 };
    const { requestId, ...rest } = answer.body;
    return c.json({ ...rest, timing, requestId }, 200, answer.headers);
  });
}
