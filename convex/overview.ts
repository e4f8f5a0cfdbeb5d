/**
 * The team overview page's figures in one read (issue 15): this month's calls, spend and projection, plan limits in
 * use, what the getting-started steps need, and webhook health. Every read is bounded by the team's plan limits or
 * a fixed cap and comes from the roll-ups (`usagePeriods`), never from usage events beyond the few seconds the
 * roll-up has not reached. Costs are sent only to roles that may view billing (SPEC §5), webhook health only to
 * roles that manage webhooks: the answer itself leaves them out, not just the page.
 */
import { v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import type { QueryCtx } from "./_generated/server";
import { demoAgentAddress } from "./lib/demoPopulation";
import { can } from "./lib/permissions";
import { effectiveLimits } from "./lib/plans";
import { serverQuery } from "./lib/serverFunctions";
import { monthlyStatement } from "./lib/statement";
import { vPlan } from "./lib/validators";
import { activeKeys } from "./model/apiKeys";
import { requirePermission } from "./model/teams";
import { seatsInUse } from "./model/seats";
import { monthToDate } from "./model/usagePeriods";

/** Webhook endpoints checked for health: the default enterprise limit. */
const MAX_ENDPOINTS_READ = 50;
/** Final failures counted per endpoint; more shows as "at least". */
const MAX_FAILURES_COUNTED = 20;
const DAY_MS = 86_400_000;

const vBilling = v.object({
  /** Base fee + overage so far (the month's statement total). */
  totalMicroUsd: v.number(),
  /** Billable usage at list price so far. */
  usageMicroUsd: v.number(),
  /** Usage the base fee includes; null = unlimited. */
  includedMicroUsd: v.union(v.number(), v.null()),
  projectedTotalMicroUsd: v.number(),
});

const vEndpointHealth = v.object({
  id: v.id("webhookEndpoints"),
  url: v.string(),
  status: v.union(v.literal("active"), v.literal("disabled")),
  disabledReason: v.optional(v.union(v.literal("gone"), v.literal("failing"), v.literal("manual"))),
  failingSince: v.optional(v.number()),
  /** Deliveries that failed for good in the last 24 h, counted up to MAX_FAILURES_COUNTED ... */
  failedLast24h: v.number(),
  /** ... and whether there were more. */
  moreFailures: v.boolean(),
});

export const get = serverQuery({
  args: { teamId: v.id("teams"), actingUserId: v.id("users") },
  returns: v.object({
    plan: vPlan,
    month: v.object({ start: v.number(), end: v.number(), calls: v.number() }),
    /** Only for roles that may view billing. */
    billing: v.optional(vBilling),
    limits: v.object({
      rateLimitPerMinute: v.number(),
      activeKeys: v.number(),
      maxApiKeys: v.number(),
      /** Members plus pending invites, as the member limit counts them. */
      seatsUsed: v.number(),
      maxMembers: v.number(),
    }),
    gettingStarted: v.object({
      hasActiveKey: v.boolean(),
      hasCalls: v.boolean(),
      /** An agent the API knows, to try the first call with. */
      agentAddress: v.string(),
    }),
    /** Only for roles that manage webhooks. */
    webhooks: v.optional(v.object({ endpoints: v.number(), failing: v.array(vEndpointHealth) })),
  }),
  handler: async (ctx, { teamId, actingUserId }) => {
    const { team, member } = await requirePermission(ctx, teamId, actingUserId, "team.view");
    const now = Date.now();
    const limits = effectiveLimits(team.plan, team.limitOverrides);
    const [month, keys, seatsUsed, agent] = await Promise.all([
      monthToDate(ctx, teamId, now),
      activeKeys(ctx, teamId, now),
      seatsInUse(ctx, teamId, now),
      ctx.db
        .query("agents")
        .withIndex("by_status", (q) => q.eq("status", "active"))
        .first(),
    ]);
    const statement = (usageMicroUsd: number) => monthlyStatement({ plan: team.plan, usageMicroUsd, contractBaseFeeMicroUsd: team.contractBaseFeeMicroUsd });
    const current = statement(month.costMicroUsd);
    return {
      plan: team.plan,
      month: { start: month.period.start, end: month.period.end, calls: month.calls },
      ...(can(member.role, "billing.view")
        ? {
            billing: {
              totalMicroUsd: current.total,
              usageMicroUsd: current.usage,
              includedMicroUsd: current.included,
              projectedTotalMicroUsd: statement(month.projectedCostMicroUsd).total,
            },
          }
        : {}),
      limits: { rateLimitPerMinute: limits.rateLimitPerMinute, activeKeys: keys.length, maxApiKeys: limits.maxApiKeys, seatsUsed, maxMembers: limits.maxMembers },
      gettingStarted: {
        hasActiveKey: keys.length > 0,
        hasCalls: month.calls > 0 || month.callsBefore,
        // Without seeded agents the first demo address still has the right shape (it answers 404, unbilled).
        agentAddress: agent?.address ?? demoAgentAddress(0),
      },
      ...(can(member.role, "webhooks.manage") ? { webhooks: await webhookHealth(ctx, team, now) } : {}),
    };
  },
});

/** Endpoints that are disabled, in a run of failing attempts, or had a delivery fail for good in the last day. */
async function webhookHealth(ctx: QueryCtx, team: Doc<"teams">, now: number) {
  const endpoints = await ctx.db
    .query("webhookEndpoints")
    .withIndex("by_team", (q) => q.eq("teamId", team._id))
    .order("desc")
    .take(MAX_ENDPOINTS_READ);
  const checked = await Promise.all(
    endpoints.map(async (endpoint) => {
      const failures = await ctx.db
        .query("webhookDeliveries")
        .withIndex("by_endpoint_status_updated", (q) => q.eq("endpointId", endpoint._id).eq("status", "failed").gte("updatedAt", now - DAY_MS))
        .take(MAX_FAILURES_COUNTED + 1);
      return {
        id: endpoint._id,
        url: endpoint.url,
        status: endpoint.status,
        ...(endpoint.disabledReason !== undefined ? { disabledReason: endpoint.disabledReason } : {}),
        ...(endpoint.failingSince !== undefined ? { failingSince: endpoint.failingSince } : {}),
        failedLast24h: Math.min(failures.length, MAX_FAILURES_COUNTED),
        moreFailures: failures.length > MAX_FAILURES_COUNTED,
      };
    }),
  );
  return {
    endpoints: endpoints.length,
    failing: checked.filter((e) => e.status === "disabled" || e.failingSince !== undefined || e.failedLast24h > 0),
  };
}
