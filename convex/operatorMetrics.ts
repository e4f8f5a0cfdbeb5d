/**
 * The operator dashboard's figures (SPEC §8), one query per panel group, over a window of 24 h, 7 d or 30 d.
 * Operator-only: the app server calls these after its operator check (tRPC `operatorProcedure`). Usage comes
 * from the platform's usage buckets (by plan and endpoint: a few hundred documents for any window), never raw
 * events. Everything else goes through indexes under one read budget per query (model/readBudget.ts), shared by
 * its sources as Convex's per-transaction read limit is; a figure built from a cut read says so (`truncated`).
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
import { ReadBudget } from "./model/readBudget";
import { bucketsOverHours, teamBucketsBetween } from "./model/usageBuckets";

const vWindow = v.union(v.literal("24h"), v.literal("7d"), v.literal("30d"));
const WINDOW_HOURS: Record<OperatorWindow, number> = { "24h": 24, "7d": 7 * 24, "30d": 30 * 24 };

const HOUR_MS = 3_600_000;
const TOP_CUSTOMERS = 10;
/**
 * Team buckets read for top customers: 3 endpoints' days for 100 teams over 30 d, or hours for 125 over 24 h. The
 * query's whole read stays under Convex's 16,384 documents: these, the platform's buckets (3 plans × 8 endpoints ×
 * at most 78 rows over 30 days: 1,872) and the calls the roll-up has not counted yet, which `bucketsOverHours` and
 * `teamBucketsBetween` each add (2 × UNCOUNTED_READ_LIMIT = 4,000): 14,882 and the top customers' teams.
 */
export const OPERATOR_TEAM_BUCKET_BUDGET = 9_000;
/**
 * Delivery attempts read for the attempts series. An attempt keeps up to 1 KiB of the receiver's answer (an
 * error page, when it failed): ~1.3 KB a document, so 3,000 of them are ~4 MiB of Convex's 8 MiB read per query,
 * the deliveries the rest of the read budget takes ~3 MiB more.
 */
export const OPERATOR_ATTEMPTS_READ = 3_000;
const VERIFY_ENDPOINTS = new Set(["/api/v1/verify", "/api/v1/verify/batch"]);
const PLATFORM = PLANS.map((plan) => ({ scope: "platform" as const, subject: plan }));

/** The window's first hour: the current hour and the ones before it, `hours` in all. */
function windowStart(now: number, window: OperatorWindow): number {
  return Math.floor(now / HOUR_MS) * HOUR_MS - (WINDOW_HOURS[window] - 1) * HOUR_MS;
}

/** The platform's usage buckets over the window's hours (hourly to the first midnight, daily after). */
const platformBuckets = (ctx: QueryCtx, now: number, window: OperatorWindow) =>
  bucketsOverHours(ctx, PLATFORM, windowStart(now, window), Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS);

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
    const rows = await platformBuckets(ctx, now, window);
    return { ...apiFigures(rows, WINDOW_HOURS[window]), series: apiSeries(rows, now, window), truncated: false };
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
    const budget = new ReadBudget();
    const finishedSince = (status: "delivered" | "failed", from: number, want: number) =>
      budget.take(ctx.db.query("webhookDeliveries").withIndex("by_status_updated", (q) => q.eq("status", status).gte("updatedAt", from)), want);
    const failed24h = await finishedSince("failed", now - 24 * HOUR_MS, 2_000);
    const pending = await budget.take(ctx.db.query("webhookDeliveries").withIndex("by_status_updated", (q) => q.eq("status", "pending")), 2_000);
    // Deliveries keep only a count of their attempts, so the series reads the attempts themselves, from the
    // series' first bucket on. Newest first: when the budget runs out the oldest buckets become lower bounds.
    const attempts = await budget.take(
      ctx.db.query("webhookAttempts").withIndex("by_at", (q) => q.gte("at", seriesFrame(now, window).first)).order("desc"),
      Math.min(budget.remaining / 2, OPERATOR_ATTEMPTS_READ),
    );
    const delivered = await finishedSince("delivered", since, budget.remaining / 2);
    const failed = await finishedSince("failed", since, budget.remaining);
    return {
      ...deliveryFigures([...delivered.rows, ...failed.rows]),
      failedLast24h: failed24h.rows.length,
      queueDepth: pending.rows.length,
      attempts: attemptSeries(attempts.rows, now, window),
      truncated: delivered.truncated || failed.truncated || failed24h.truncated || pending.truncated || attempts.truncated,
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
    const now = Date.now();
    const platform = await platformBuckets(ctx, now, window);
    // Top customers: the teams' buckets, hourly over 24 h, daily (whole UTC days) over 7 and 30 d.
    const granularity = window === "24h" ? "hour" : "day";
    const from = window === "24h" ? windowStart(now, window) : Math.floor(windowStart(now, window) / (24 * HOUR_MS)) * 24 * HOUR_MS;
    const teamRows = await teamBucketsBetween(ctx, { granularity, from, to: now + 1 }, OPERATOR_TEAM_BUCKET_BUDGET);
    const figures = usageFigures(platform, teamRows.rows, TOP_CUSTOMERS);
    const teams = new Map<Id<"teams">, { name: string; plan: Plan } | null>();
    for (const { teamId } of figures.topCustomers) teams.set(teamId, await ctx.db.get(teamId));
    let verifyRevenue = 0;
    let verifiedAgents = 0;
    for (const r of platform) {
      if (!VERIFY_ENDPOINTS.has(r.endpoint)) continue;
      verifyRevenue += r.costMicroUsd;
      verifiedAgents += r.agentCount;
    }
    const truncated = teamRows.truncated;
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
    const budget = new ReadBudget();
    const teamsByPlan = [];
    const planOf = new Map<Id<"teams">, Plan>();
    let truncated = false;
    for (const plan of PLANS) {
      const rows = await budget.take(ctx.db.query("teams").withIndex("by_plan", (q) => q.eq("plan", plan)), 2_000);
      teamsByPlan.push({ plan, teams: rows.rows.length });
      for (const team of rows.rows) planOf.set(team._id, plan);
      truncated ||= rows.truncated;
    }
    const invites = await budget.take(ctx.db.query("invites").withIndex("by_creation_time", (q) => q.gte("_creationTime", since)), 1_000);
    const keys = await budget.take(ctx.db.query("apiKeys").withIndex("by_creation_time", (q) => q.gte("_creationTime", since)), 1_000);
    // Newest first, so a cut read loses the oldest members: the series' buckets stay exact, the count of
    // members from before the window becomes a lower bound.
    const members = await budget.take(ctx.db.query("members").order("desc"), budget.remaining / 2);
    const growth = memberGrowth(members.rows.map((m) => m._creationTime), now, window);
    // Every key, read through the implicit creation-time index.
    const allKeys = await budget.take(ctx.db.query("apiKeys"));
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
