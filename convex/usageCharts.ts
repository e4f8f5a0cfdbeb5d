/**
 * The portal's usage page (SPEC §7, every member: `team.view`): calls, errors, latency and cost by endpoint over
 * time, for the whole team or one key, read from usage buckets and the calls the roll-up has not counted yet, never
 * from a scan of events. The team's keys come along so the page can offer the key filter to roles that may not
 * manage keys. Cost is sent only to roles that may view billing (SPEC §5).
 */
import { v } from "convex/values";
import type { Id } from "./_generated/dataModel";
import { appError } from "./lib/errors";
import { serverQuery } from "./lib/serverFunctions";
import { can } from "./lib/permissions";
import { MAX_CHART_RANGE_MS } from "./lib/usageBuckets";
import { usageCharts, withoutCosts } from "./lib/usageCharts";
import { vGranularity } from "./lib/validators";
import { MAX_LISTED_KEYS } from "./model/apiKeys";
import { requirePermission } from "./model/teams";
import { bucketsOverHours, currentBuckets } from "./model/usageBuckets";

const DAY_MS = 86_400_000;

const vFigures = v.object({
  calls: v.number(),
  clientErrors: v.number(),
  serverErrors: v.number(),
  /** Absent for roles that may not view billing. */
  costMicroUsd: v.optional(v.number()),
  p50Ms: v.union(v.number(), v.null()),
  p95Ms: v.union(v.number(), v.null()),
});

export const chart = serverQuery({
  args: {
    teamId: v.id("teams"),
    actingUserId: v.id("users"),
    /** Epoch ms; counted from the start of its hour (by hour and by day alike). */
    from: v.number(),
    /** Epoch ms, exclusive. */
    to: v.number(),
    granularity: vGranularity,
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
    const { member } = await requirePermission(ctx, teamId, actingUserId, "team.view");
    if (!(to > from)) throw appError("VALIDATION_ERROR", "The range must end after it starts.");
    if (to - from > MAX_CHART_RANGE_MS[granularity]) {
      throw appError("VALIDATION_ERROR", `At most ${MAX_CHART_RANGE_MS[granularity] / DAY_MS} days by ${granularity}.`);
    }
    // The filter offers the team's newest keys; a key beyond them can still be asked for by id.
    const keys = await ctx.db
      .query("apiKeys")
      .withIndex("by_team_revoked", (q) => q.eq("teamId", teamId))
      .order("desc")
      .take(MAX_LISTED_KEYS);
    let keyId: Id<"apiKeys"> | null = null;
    if (rawKeyId !== undefined) {
      keyId = ctx.db.normalizeId("apiKeys", rawKeyId);
      const key = keyId && (await ctx.db.get(keyId));
      if (!key || key.teamId !== teamId) throw appError("NOT_FOUND", "That key is not one of this team's.");
    }
    const range = { from, to, granularity };
    const subjects = [keyId ? { scope: "key" as const, subject: keyId } : { scope: "team" as const, subject: teamId }];
    // Days are summed from the roll-ups over exactly the range (hourly ones at its ends, daily ones between), so a
    // range that starts or ends within a day counts only its own calls, and the totals match the same range by hour.
    const buckets = granularity === "day" ? await bucketsOverHours(ctx, subjects, from, to) : await currentBuckets(ctx, subjects, range);
    const charts = usageCharts(buckets, range);
    return {
      ...(can(member.role, "billing.view") ? charts : withoutCosts(charts)),
      keys: keys
        .sort((a, b) => a._creationTime - b._creationTime)
        .map((key) => ({ id: key._id, name: key.name, prefix: key.prefix, revoked: key.revokedAt !== undefined })),
    };
  },
});
