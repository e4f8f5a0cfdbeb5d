/**
 * `GET /api/v1/usage` (SPEC §2): the key's team's usage, read from hourly rollups, never from raw events. Free,
 * but still a call: authenticated, rate-limited and recorded like every other (model/apiCall.ts). The answer
 * shows usage as it stood before this call.
 */
import { v } from "convex/values";
import { vApiEndpoint, vApiMethod, vApiOutcome } from "./lib/apiOutcome";
import { serverMutation } from "./lib/serverFunctions";
import { utcMonthPeriod } from "./lib/statement";
import { bucketStart, usageReport } from "./lib/usageSeries";
import { ApiSession, runApiCalls, vApiRequest } from "./model/apiCall";
import { HOUR_MS } from "./model/usageRecording";

export const report = serverMutation({
  args: {
    ...vApiRequest,
    /** Epoch ms; default the start of the current UTC month. */
    from: v.optional(v.number()),
    /** Epoch ms, exclusive; default the end of the current hour, so every call so far is counted. */
    to: v.optional(v.number()),
    granularity: v.union(v.literal("hour"), v.literal("day")),
  },
  returns: vApiOutcome,
  handler: async (ctx, { from, to, granularity, ...request }) => {
    const [outcome] = await runApiCalls(ctx, [request], (session) =>
      session.run({ endpoint: "/api/v1/usage", method: "GET", request }, async ({ team, now, requestId }) => {
      const range = { from: from ?? utcMonthPeriod(now).start, to: to ?? bucketStart(now, "hour") + HOUR_MS, granularity };
      const rollups = await ctx.db
        .query("usageRollups")
        .withIndex("by_team_hour", (q) => q.eq("teamId", team._id).gte("hourStart", bucketStart(range.from, "hour")).lt("hourStart", range.to))
        .collect();
        return { status: 200, body: { ...usageReport(rollups, range), requestId }, chargeMicroUsd: 0, agentCount: 0 };
      }),
    );
    return outcome;
  },
});

/**
 * Records an authenticated call that answered 500 (SPEC §2: 5xx are recorded, never billed). Its own transaction
 * rolled back, so the REST layer reports it here; a key that does not authenticate records nothing.
 */
export const recordServerError = serverMutation({
  args: { keyHash: v.string(), requestId: v.string(), receivedAt: v.number(), endpoint: vApiEndpoint, method: vApiMethod },
  returns: v.object({ recorded: v.boolean() }),
  handler: async (ctx, { endpoint, method, ...request }) => {
    const session = new ApiSession(ctx);
    const recorded = await session.recordServerError({ endpoint, method, request });
    await session.finish();
    return { recorded };
  },
});
