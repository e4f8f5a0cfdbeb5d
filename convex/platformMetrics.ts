/**
 * The figures `GET /api/metrics` serves as gauges (SPEC §8), read in one query at scrape time. Everything comes
 * from indexes with a cap on rows read, so a scrape costs the same however busy the platform is; when a cap is
 * hit the answer says so (`truncated`) instead of silently under-counting. Usage figures come from usage buckets
 * (the platform's by plan, the teams' for top customers), never raw events.
 */
import { v } from "convex/values";
import { PLANS } from "./lib/plans";
import { usageFigures } from "./lib/platformFigures";
import { serverQuery } from "./lib/serverFunctions";
import { vPlan } from "./lib/validators";
import { bucketsOverHours, teamBucketsBetween } from "./model/usageBuckets";
import { attemptSucceeded } from "./lib/webhookOutcome";

/**
 * Rows read per source (each read takes one more, to tell a full source from a cut one). Convex caps a query at
 * 16,384 documents and 8 MiB read; the four sources (4 × 2,001), the platform's buckets over 24 h (3 plans × 8
 * endpoints × at most 25 rows: 600) and the calls the usage roll-up has not counted yet, which `bucketsOverHours`
 * and `teamBucketsBetween` each add (2 × 2,000), stay below it together: 12,604 documents, and ~6 MiB when every
 * attempt keeps a 1 KiB error page. (At 3,000 a source, the scale bench's fixture read 15,685 documents.)
 */
export const SCAN_CAP = 2_000;
export const TOP_CUSTOMERS = 10;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const vCount = v.object({ count: v.number(), truncated: v.boolean() });

export const snapshot = serverQuery({
  args: {},
  returns: v.object({
    webhooks: v.object({
      pendingDeliveries: vCount,
      failedDeliveries: vCount,
      attempts24h: v.object({ succeeded: v.number(), failed: v.number(), truncated: v.boolean() }),
    }),
    usage24h: v.object({
      byEndpoint: v.array(
        v.object({
          endpoint: v.string(),
          calls: v.number(),
          billableCalls: v.number(),
          clientErrors: v.number(),
          serverErrors: v.number(),
          revenueMicroUsd: v.number(),
        }),
      ),
      byPlan: v.array(v.object({ plan: vPlan, calls: v.number(), revenueMicroUsd: v.number() })),
      topCustomers: v.array(v.object({ teamId: v.id("teams"), calls: v.number(), revenueMicroUsd: v.number() })),
      activeTeams: v.number(),
      truncated: v.boolean(),
    }),
  }),
  handler: async (ctx) => {
    const now = Date.now();
    const countStatus = async (status: "pending" | "failed") => {
      const rows = await ctx.db
        .query("webhookDeliveries")
        .withIndex("by_status_updated", (q) => q.eq("status", status))
        .take(SCAN_CAP + 1);
      return { count: Math.min(rows.length, SCAN_CAP), truncated: rows.length > SCAN_CAP };
    };

    const attempts = await ctx.db
      .query("webhookAttempts")
      .withIndex("by_at", (q) => q.gte("at", now - DAY_MS))
      .take(SCAN_CAP + 1);
    const counted = attempts.slice(0, SCAN_CAP);
    const succeeded = counted.filter((a) => attemptSucceeded(a.status)).length;

    // The current hour and the 23 before it: "the last 24 h" to the resolution of the buckets.
    const since = Math.floor(now / HOUR_MS) * HOUR_MS - 23 * HOUR_MS;
    const platform = await bucketsOverHours(ctx, PLANS.map((plan) => ({ scope: "platform" as const, subject: plan })), since, since + DAY_MS);
    const teams = await teamBucketsBetween(ctx, { granularity: "hour", from: since, to: since + DAY_MS }, SCAN_CAP);
    return {
      webhooks: {
        pendingDeliveries: await countStatus("pending"),
        failedDeliveries: await countStatus("failed"),
        attempts24h: { succeeded, failed: counted.length - succeeded, truncated: attempts.length > SCAN_CAP },
      },
      usage24h: { ...usageFigures(platform, teams.rows, TOP_CUSTOMERS), truncated: teams.truncated },
    };
  },
});
