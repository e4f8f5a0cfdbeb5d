/**
 * The operator dashboard's figures (SPEC §8), one query per panel group, over a window of 24 h, 7 d or 30 d.
 * Operator-only: the app server calls these after its operator check (tRPC `operatorProcedure`). Every read
 * goes through an index with a cap on rows (`OPERATOR_SCAN_CAP`); a figure built from a capped read says so
 * (`truncated`). Usage comes from hourly rollups, never raw events.
 */
import { v } from "convex/values";
import type { QueryCtx } from "./_generated/server";
import type { Id } from "./_generated/dataModel";
import { apiFigures, apiSeries, attemptSeries, deliveryFigures, keyDistribution, memberGrowth, seriesFrame, type OperatorWindow } from "./lib/operatorFigures";
import type { Plan } from "./lib/plans";
import { PLANS } from "./lib/plans";
import { usageFigures } from "./lib/platformFigures";
import { serverQuery } from "./lib/serverFunctions";
import { vPlan } from "./lib/validators";
import { HOUR_MS } from "./model/usageRecording";

const vWindow = v.union(v.literal("24h"), v.literal("7d"), v.literal("30d"));
const WINDOW_HOURS: Record<OperatorWindow, number> = { "24h": 24, "7d": 7 * 24, "30d": 30 * 24 };

/** Rows read per source, under Convex's per-query read limit with room for the team look-ups. */
export const OPERATOR_SCAN_CAP = 8_000;
const TOP_CUSTOMERS = 10;
const VERIFY_ENDPOINTS = new Set(["/api/v1/verify", "/api/v1/verify/batch"]);

/** The window's first rollup hour: the current hour and the ones before it, `hours` in all. */
function windowStart(now: number, window: OperatorWindow): number {
  return Math.floor(now / HOUR_MS) * HOUR_MS - (WINDOW_HOURS[window] - 1) * HOUR_MS;
}

async function capped<T>(rows: Promise<T[]>): Promise<{ rows: T[]; truncated: boolean }> {
  const all = await rows;
  return { rows: all.slice(0, OPERATOR_SCAN_CAP), truncated: all.length > OPERATOR_SCAN_CAP };
}

const rollupsSince = (ctx: QueryCtx, since: number) =>
  capped(ctx.db.query("usageRollups").withIndex("by_hour", (q) => q.gte("hourStart", since)).take(OPERATOR_SCAN_CAP + 1));

const vRate = v.union(v.number(), v.null());
const vGranularity = v.union(v.literal("hour"), v.literal("day"));

/** Latency p50/p95/p99, throughput, success and error rates, and calls by outcome and latency as a series. */
export const api = serverQuery({
  args: { window: vWindow },
  returns: v.object({
    calls: v.number(),
    callsPerHour: v.number(),
    successRate: vRate,
    clientErrorRate: vRate,
    serverErrorRate: vRate,
    p50Ms: vRate,
    p95Ms: vRate,
    p99Ms: vRate,
    series: v.object({
      granularity: vGranularity,
      points: v.array(
        v.object({ start: v.number(), success: v.number(), clientErrors: v.number(), serverErrors: v.number(), p50Ms: vRate, p95Ms: vRate, p99Ms: vRate }),
      ),
    }),
    truncated: v.boolean(),
  }),
  handler: async (ctx, { window }) => {
    const now = Date.now();
    const { rows, truncated } = await rollupsSince(ctx, windowStart(now, window));
    return { ...apiFigures(rows, WINDOW_HOURS[window]), series: apiSeries(rows, now, window), truncated };
  },
});

/**
 * Delivery success rate and retries over the window, failures in the last 24 h, the queue's depth, and delivery
 * attempts by outcome as a series.
 */
export const webhooks = serverQuery({
  args: { window: vWindow },
  returns: v.object({
    delivered: v.number(),
    failed: v.number(),
    successRate: vRate,
    averageRetries: vRate,
    failedLast24h: v.number(),
    queueDepth: v.number(),
    attempts: v.object({
      granularity: vGranularity,
      points: v.array(v.object({ start: v.number(), succeeded: v.number(), failed: v.number() })),
    }),
    truncated: v.boolean(),
  }),
  handler: async (ctx, { window }) => {
    const now = Date.now();
    const since = now - WINDOW_HOURS[window] * HOUR_MS;
    const finishedSince = (status: "delivered" | "failed", from: number) =>
      capped(ctx.db.query("webhookDeliveries").withIndex("by_status_updated", (q) => q.eq("status", status).gte("updatedAt", from)).take(OPERATOR_SCAN_CAP + 1));
    const delivered = await finishedSince("delivered", since);
    const failed = await finishedSince("failed", since);
    const failed24h = await finishedSince("failed", now - 24 * HOUR_MS);
    const pending = await capped(ctx.db.query("webhookDeliveries").withIndex("by_status_updated", (q) => q.eq("status", "pending")).take(OPERATOR_SCAN_CAP + 1));
    // Deliveries keep only a count of their attempts, so the series reads the attempts themselves, from the
    // series' first bucket on. Newest first: at the cap the oldest buckets become lower bounds.
    const attempts = await capped(
      ctx.db.query("webhookAttempts").withIndex("by_at", (q) => q.gte("at", seriesFrame(now, window).first)).order("desc").take(OPERATOR_SCAN_CAP + 1),
    );
    return {
      ...deliveryFigures([...delivered.rows, ...failed.rows]),
      failedLast24h: failed24h.rows.length,
      queueDepth: pending.rows.length,
      attempts: attemptSeries(attempts.rows, now, window),
      truncated: delivered.truncated || failed.truncated || pending.truncated || attempts.truncated,
    };
  },
});

/** Calls by plan, revenue by endpoint, top customers and the average charge per verified agent. */
export const business = serverQuery({
  args: { window: vWindow },
  returns: v.object({
    byPlan: v.array(v.object({ plan: vPlan, calls: v.number(), revenueMicroUsd: v.number() })),
    byEndpoint: v.array(v.object({ endpoint: v.string(), calls: v.number(), revenueMicroUsd: v.number() })),
    topCustomers: v.array(v.object({ teamId: v.id("teams"), name: v.string(), plan: vPlan, calls: v.number(), revenueMicroUsd: v.number() })),
    revenueMicroUsd: v.number(),
    costPerVerificationMicroUsd: vRate,
    activeTeams: v.number(),
    truncated: v.boolean(),
  }),
  handler: async (ctx, { window }) => {
    const { rows, truncated } = await rollupsSince(ctx, windowStart(Date.now(), window));
    const teams = new Map<Id<"teams">, { name: string; plan: Plan } | null>();
    for (const teamId of new Set(rows.map((r) => r.teamId))) teams.set(teamId, await ctx.db.get(teamId));
    const figures = usageFigures(rows, (teamId) => teams.get(teamId)?.plan, TOP_CUSTOMERS);
    let verifyRevenue = 0;
    let verifiedAgents = 0;
    for (const r of rows) {
      if (!VERIFY_ENDPOINTS.has(r.endpoint)) continue;
      verifyRevenue += r.costMicroUsd;
      verifiedAgents += r.agentCount;
    }
    return {
      byPlan: figures.byPlan,
      byEndpoint: figures.byEndpoint.map(({ endpoint, calls, revenueMicroUsd }) => ({ endpoint, calls, revenueMicroUsd })),
      topCustomers: figures.topCustomers.flatMap((c) => {
        const team = teams.get(c.teamId);
        return team ? [{ ...c, name: team.name, plan: team.plan }] : [];
      }),
      revenueMicroUsd: figures.byEndpoint.reduce((sum, e) => sum + e.revenueMicroUsd, 0),
      costPerVerificationMicroUsd: verifiedAgents === 0 ? null : verifyRevenue / verifiedAgents,
      activeTeams: figures.activeTeams,
      truncated,
    };
  },
});

/**
 * Teams by plan, invites sent and accepted and API keys created over the window, member growth as a series over
 * it, and the API keys as they stand now (by state, by kind, by team plan).
 */
export const teams = serverQuery({
  args: { window: vWindow },
  returns: v.object({
    teamsByPlan: v.array(v.object({ plan: vPlan, teams: v.number() })),
    invitesSent: v.number(),
    invitesAccepted: v.number(),
    membersAdded: v.number(),
    memberGrowth: v.object({
      granularity: vGranularity,
      before: v.number(),
      points: v.array(v.object({ start: v.number(), added: v.number(), total: v.number() })),
    }),
    keys: v.object({
      byState: v.object({ active: v.number(), expiring: v.number(), expired: v.number(), revoked: v.number() }),
      byKind: v.object({ live: v.number(), test: v.number() }),
      byPlan: v.array(v.object({ plan: vPlan, live: v.number(), test: v.number() })),
    }),
    keysCreated: v.number(),
    truncated: v.boolean(),
  }),
  handler: async (ctx, { window }) => {
    const now = Date.now();
    const since = now - WINDOW_HOURS[window] * HOUR_MS;
    const teamsByPlan = [];
    const planOf = new Map<Id<"teams">, Plan>();
    let truncated = false;
    for (const plan of PLANS) {
      const rows = await capped(ctx.db.query("teams").withIndex("by_plan", (q) => q.eq("plan", plan)).take(OPERATOR_SCAN_CAP + 1));
      teamsByPlan.push({ plan, teams: rows.rows.length });
      for (const team of rows.rows) planOf.set(team._id, plan);
      truncated ||= rows.truncated;
    }
    const invites = await capped(ctx.db.query("invites").withIndex("by_creation_time", (q) => q.gte("_creationTime", since)).take(OPERATOR_SCAN_CAP + 1));
    // Newest first, so a capped read loses the oldest members: the series' buckets stay exact, the count of
    // members from before the window becomes a lower bound.
    const members = await capped(ctx.db.query("members").order("desc").take(OPERATOR_SCAN_CAP + 1));
    const growth = memberGrowth(members.rows.map((m) => m._creationTime), now, window);
    const keys = await capped(ctx.db.query("apiKeys").withIndex("by_creation_time", (q) => q.gte("_creationTime", since)).take(OPERATOR_SCAN_CAP + 1));
    // Every key, read through the implicit creation-time index.
    const allKeys = await capped(ctx.db.query("apiKeys").take(OPERATOR_SCAN_CAP + 1));
    return {
      teamsByPlan,
      invitesSent: invites.rows.length,
      invitesAccepted: invites.rows.filter((i) => i.status === "accepted").length,
      membersAdded: growth.points.reduce((sum, p) => sum + p.added, 0),
      memberGrowth: growth,
      keys: keyDistribution(allKeys.rows, (teamId) => planOf.get(teamId), now),
      keysCreated: keys.rows.length,
      truncated: truncated || invites.truncated || members.truncated || keys.truncated || allKeys.truncated,
    };
  },
});
