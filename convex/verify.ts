/**
 * The verification endpoints of the public API (SPEC §2): `POST /api/v1/verify`, `GET
 * /api/v1/agents/{address}/score` and `POST /api/v1/verify/batch`. Each is one mutation — one transaction that
 * authenticates, rate-limits, answers and records the call (model/apiCall.ts). The REST layer has validated the
 * request's shape and hashed the key before calling.
 */
import { v } from "convex/values";
import { vApiOutcome } from "./lib/apiOutcome";
import { batchResult, batchSummary, uniqueAddresses, type BatchLookup } from "./lib/batch";
import { microUsdToUsd } from "./lib/money";
import { listPriceMicroUsd } from "./lib/plans";
import { serverMutation } from "./lib/serverFunctions";
import { ifNoneMatchHits, scoreAnswer, scoreEtag, verification } from "./lib/verification";
import { agentByAddress } from "./model/agentReads";
import { runApiCall, vApiRequestArgs } from "./model/apiCall";

export const verify = serverMutation({
  args: {
    ...vApiRequestArgs,
    agentAddress: v.string(),
    requiredScore: v.optional(v.number()),
    returnMetrics: v.optional(v.boolean()),
  },
  returns: vApiOutcome,
  handler: (ctx, { agentAddress, requiredScore, returnMetrics, ...request }) =>
    runApiCall(ctx, { endpoint: "/api/v1/verify", method: "POST", request }, async ({ now, requestId }) => {
      const agent = await agentByAddress(ctx, agentAddress);
      if (!agent) {
        return {
          status: 404,
          problem: { code: "AGENT_NOT_FOUND", detail: `No agent with address ${agentAddress} is known.` },
          chargeMicroUsd: 0,
          agentCount: 1,
        };
      }
      return {
        status: 200,
        body: verification(agent, { requiredScore, returnMetrics, now, requestId }),
        chargeMicroUsd: listPriceMicroUsd("/api/v1/verify", 1),
        agentCount: 1,
      };
    }),
});

export const score = serverMutation({
  args: { ...vApiRequestArgs, agentAddress: v.string(), ifNoneMatch: v.optional(v.string()) },
  returns: vApiOutcome,
  handler: (ctx, { agentAddress, ifNoneMatch, ...request }) =>
    runApiCall(ctx, { endpoint: "/api/v1/agents/{address}/score", method: "GET", request }, async ({ requestId }) => {
      const agent = await agentByAddress(ctx, agentAddress);
      if (!agent) {
        return {
          status: 404,
          problem: { code: "AGENT_NOT_FOUND", detail: `No agent with address ${agentAddress} is known.` },
          chargeMicroUsd: 0,
          agentCount: 1,
        };
      }
      const etag = await scoreEtag(agent);
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
});

export const batch = serverMutation({
  args: { ...vApiRequestArgs, agents: v.array(v.string()), requiredScore: v.optional(v.number()) },
  returns: vApiOutcome,
  handler: (ctx, { agents, requiredScore, ...request }) =>
    runApiCall(ctx, { endpoint: "/api/v1/verify/batch", method: "POST", request }, async ({ key, requestId }) => {
      // Every lookup is an index read in this transaction; they are issued together and the engine serves them
      // from the one SQLite connection, so "10 at a time" (for lookups that leave the process) does not apply.
      const lookups: BatchLookup[] = await Promise.all(
        uniqueAddresses(agents).map(async ({ address, valid }) => ({
          address,
          agent: valid ? await agentByAddress(ctx, address) : ("invalid" as const),
        })),
      );
      const results = lookups.map((lookup) => batchResult(lookup, requiredScore));
      const summary = batchSummary(agents.length, results);
      const charge = listPriceMicroUsd("/api/v1/verify/batch", summary.found);
      const billableAgents = key.env === "live" ? summary.found : 0;
      return {
        status: 200,
        body: {
          results,
          summary,
          cost: { billableAgents, amountUsd: microUsdToUsd(key.env === "live" ? charge : 0) },
          requestId,
        },
        chargeMicroUsd: charge,
        agentCount: lookups.filter((l) => l.agent !== "invalid").length,
      };
    }),
});
