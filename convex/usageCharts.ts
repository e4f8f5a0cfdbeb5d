/**
 * The portal's usage page (SPEC §7, every member: `team.view`): calls, errors, latency and cost by endpoint over
 * time, for the whole team or one key, read from hourly rollups only. The team's keys come along so the page can
 * offer the key filter to roles that may not manage keys.
 */
import { v } from "convex/values";
import type { Id } from "./_generated/dataModel";
import { appError } from "./lib/errors";
import { serverQuery } from "./lib/serverFunctions";
import { usageCharts } from "./lib/usageCharts";
import { bucketStart } from "./lib/usageSeries";
import { requirePermission } from "./model/teams";

const DAY_MS = 86_400_000;
/** Ranges the page may ask for: enough for "30 days" and a custom quarter, bounded so one read stays small. */
const MAX_RANGE_MS = { day: 93 * DAY_MS, hour: 31 * DAY_MS } as const;

const vFigures = v.object({
  calls: v.number(),
  clientErrors: v.number(),
  serverErrors: v.number(),
  costMicroUsd: v.number(),
  p50Ms: v.union(v.number(), v.null()),
  p95Ms: v.union(v.number(), v.null()),
});

export const chart = serverQuery({
  args: {
    teamId: v.id("teams"),
    actingUserId: v.id("users"),
    /** Epoch ms, rounded down to its bucket. */
    from: v.number(),
    /** Epoch ms, exclusive. */
    to: v.number(),
    granularity: v.union(v.literal("hour"), v.literal("day")),
    /** A string from the browser: one that is no key of this team is NOT_FOUND. */
    apiKeyId: v.optional(v.string()),
  },
  returns: v.object({
    endpoints: v.array(v.string()),
    buckets: v.array(v.object({ start: v.number(), total: vFigures, byEndpoint: v.record(v.string(), vFigures) })),
    total: vFigures,
    keys: v.array(v.object({ id: v.id("apiKeys"), name: v.string(), prefix: v.string(), revoked: v.boolean() })),
  }),
  handler: async (ctx, { teamId, actingUserId, from, to, granularity, apiKeyId: rawKeyId }) => {
    await requirePermission(ctx, teamId, actingUserId, "team.view");
    if (!(to > from)) throw appError("VALIDATION_ERROR", "The range must end after it starts.");
    if (to - from > MAX_RANGE_MS[granularity]) {
      throw appError("VALIDATION_ERROR", `At most ${MAX_RANGE_MS[granularity] / DAY_MS} days by ${granularity}.`);
    }
    const keys = await ctx.db
      .query("apiKeys")
      .withIndex("by_team_revoked", (q) => q.eq("teamId", teamId))
      .collect();
    let keyId: Id<"apiKeys"> | null = null;
    if (rawKeyId !== undefined) {
      keyId = ctx.db.normalizeId("apiKeys", rawKeyId);
      if (!keyId || !keys.some((key) => key._id === keyId)) throw appError("NOT_FOUND", "That key is not one of this team's.");
    }
    const firstHour = bucketStart(from, granularity);
    const rollups = keyId
      ? await ctx.db
          .query("usageRollups")
          .withIndex("by_key_hour_endpoint", (q) => q.eq("apiKeyId", keyId).gte("hourStart", firstHour).lt("hourStart", to))
          .collect()
      : await ctx.db
          .query("usageRollups")
          .withIndex("by_team_hour", (q) => q.eq("teamId", teamId).gte("hourStart", firstHour).lt("hourStart", to))
          .collect();
    return {
      ...usageCharts(rollups, { from, to, granularity }),
      keys: keys
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((key) => ({ id: key._id, name: key.name, prefix: key.prefix, revoked: key.revokedAt !== undefined })),
    };
  },
});
