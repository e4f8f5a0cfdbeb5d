/**
 * The verification endpoints of the public API (SPEC §2): `POST /api/v1/verify`, `GET
 * /api/v1/agents/{address}/score` and `POST /api/v1/verify/batch`. Each REST call is decided in one transaction
 * (model/apiCall.ts) that authenticates, rate-limits, answers and records it. `verify` and `score` take a list:
 * the REST layer coalesces concurrent calls into one mutation, each call still decided and recorded on its own.
 * The REST layer has validated each request's shape and hashed its key before calling.
 */
import { v } from "convex/values";
import type { MutationCtx } from "./_generated/server";
import { vApiOutcome } from "./lib/apiOutcome";
import { batchResult, batchSummary, uniqueAddresses, type BatchLookup } from "./lib/batch";
import { appError } from "./lib/errors";
import { microUsdToUsd } from "./lib/money";
import { listPriceMicroUsd } from "./lib/plans";
import { serverMutation } from "./lib/serverFunctions";
import { ifNoneMatchHits, scoreAnswer, scoreEtag, verification } from "./lib/verification";
import { agentByAddress } from "./model/agentReads";
import { runApiCalls, vApiRequest, type WorkResult } from "./model/apiCall";

/** The most calls one mutation decides: bounds the transaction's length when the REST layer coalesces. */
export const MAX_CALLS_PER_MUTATION = 128;

function checkCallCount(count: number): void {
  if (count < 1 || count > MAX_CALLS_PER_MUTATION) {
    throw appError("VALIDATION_ERROR", `Between 1 and ${MAX_CALLS_PER_MUTATION} calls per mutation.`);
  }
}

const notFound = (agentAddress: string): WorkResult => ({
  status: 404,
  problem: { code: "AGENT_NOT_FOUND", detail: `No agent with address ${agentAddress} is known.` },
  chargeMicroUsd: 0,
  agentCount: 1,
});

export const verify = serverMutation({
  args: {
    calls: v.array(
      v.object({ ...vApiRequest, agentAddress: v.string(), requiredScore: v.optional(v.number()), returnMetrics: v.optional(v.boolean()) }),
    ),
  },
  returns: v.array(vApiOutcome),
  handler: async (ctx, { calls }) => {
    checkCallCount(calls.length);
    return runApiCalls(ctx, calls, (session, { agentAddress, requiredScore, returnMetrics, ...request }) =>
      session.run({ endpoint: "/api/v1/verify", method: "POST", request }, async ({ now, requestId }) => {
        const agent = await session.agent(agentAddress);
        if (!agent) return notFound(agentAddress);
        return {
          status: 200,
          body: verification(agent, { requiredScore, returnMetrics, now, requestId }),
          chargeMicroUsd: listPriceMicroUsd("/api/v1/verify", 1),
          agentCount: 1,
        };
      }),
    );
  },
});

export const score = serverMutation({
  args: { calls: v.array(v.object({ ...vApiRequest, agentAddress: v.string(), ifNoneMatch: v.optional(v.string()) })) },
  returns: v.array(vApiOutcome),
  handler: async (ctx, { calls }) => {
    checkCallCount(calls.length);
    return runApiCalls(ctx, calls, (session, { agentAddress, ifNoneMatch, ...request }) =>
      session.run({ endpoint: "/api/v1/agents/{address}/score", method: "GET", request }, async ({ requestId }) => {
        const agent = await session.agent(agentAddress);
        if (!agent) return notFound(agentAddress);
        const etag = scoreEtag(agent);
        // The client's copy is current: 304, never billed (SPEC §2).
        if (ifNoneMatchHits(ifNoneMatch, etag)) return { status: 304, headers: { ETag: etag }, chargeMicroUsd: 0, agentCount: 1 };
        return {
          status: 200,
          body: scoreAnswer(agent, requestId),
          headers: { ETag: etag },
          chargeMicroUsd: listPriceMicroUsd("/api/v1/agents/{address}/score", 1),
          agentCount: 1,
        };
      }),
    );
  },
});

export const batch = serverMutation({
  args: { ...vApiRequest, agents: v.array(v.string()), requiredScore: v.optional(v.number()) },
  returns: vApiOutcome,
  handler: async (ctx, { agents, requiredScore, ...request }) => {
    const [outcome] = await runApiCalls(ctx, [request], (session) =>
      session.run({ endpoint: "/api/v1/verify/batch", method: "POST", request }, async ({ key, requestId }) => batchWork(ctx, agents, requiredScore, key.env, requestId)),
    );
    return outcome;
  },
});

async function batchWork(ctx: MutationCtx, agents: string[], requiredScore: number | undefined, env: "live" | "test", requestId: string): Promise<WorkResult> {
  // Every lookup is an index read in this transaction; they are issued together and the engine serves them
  // from one SQLite connection, so "10 at a time" (for lookups that leave the process) does not apply.
  const lookups: BatchLookup[] = await Promise.all(
    uniqueAddresses(agents).map(async ({ address, valid }) => ({
      address,
      agent: valid ? await agentByAddress(ctx, address) : ("invalid" as const),
    })),
  );
  const results = lookups.map((lookup) => batchResult(lookup, requiredScore));
  const summary = batchSummary(agents.length, results);
  const charge = listPriceMicroUsd("/api/v1/verify/batch", summary.found);
  return {
    status: 200,
    body: {
      results,
      summary,
      cost: { billableAgents: env === "live" ? summary.found : 0, amountUsd: microUsdToUsd(env === "live" ? charge : 0) },
      requestId,
    },
    chargeMicroUsd: charge,
    agentCount: lookups.filter((l) => l.agent !== "invalid").length,
  };
}
