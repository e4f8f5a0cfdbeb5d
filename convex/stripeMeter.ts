/**
 * The database side of the hourly Stripe usage sync (stripeMeterSync.ts): queue one `meterReports` row per closed
 * team-hour with billable usage, hand out the pending ones, and record each send. Usage per hour comes from the
 * teams' hourly usage buckets, never from raw events, for hours the usage roll-up has fully counted. Rules and windows: convex/lib/meterReports.ts.
 */
import { v } from "convex/values";
import { internalMutation, internalQuery } from "./_generated/server";
import { rollupCursor, storedBuckets } from "./model/usageBuckets";
import { billableByHour, meterIdentifier, pastSendDeadline, reportableHours, SEND_DEADLINE_MS } from "./lib/meterReports";

/** Stripe-linked teams looked at per `queueReports` call. */
const TEAMS_PER_PAGE = 50;
/** Overdue reports given up per run; the rest wait for the next run. */
const EXPIRE_PER_RUN = 500;
/** How much of a Stripe error a report keeps. */
const ERROR_CHARS = 1024;

/**
 * Queues the reportable hours of one page of Stripe-linked teams (walked by customer id). The identifier check and
 * the insert share this transaction, so a bucket never gets two rows, however many syncs run at once.
 */
export const queueReports = internalMutation({
  args: { afterCustomerId: v.optional(v.string()) },
  returns: v.object({ queued: v.number(), nextCursor: v.union(v.string(), v.null()) }),
  handler: async (ctx, { afterCustomerId }) => {
    const now = Date.now();
    const { from, to } = reportableHours(now, (await rollupCursor(ctx))?.watermark ?? 0);
    const teams = await ctx.db
      .query("teams")
      .withIndex("by_stripe_customer", (q) => (afterCustomerId === undefined ? q.gte("stripeCustomerId", "") : q.gt("stripeCustomerId", afterCustomerId)))
      .take(TEAMS_PER_PAGE);
    let queued = 0;
    for (const team of teams) {
      // Only a subscription's metered price turns meter events into charges.
      if (!team.stripeSubscriptionId || from >= to) continue;
      const buckets = await storedBuckets(ctx, { scope: "team", subject: team._id, granularity: "hour", from, to });
      for (const [hourStart, valueMicroUsd] of billableByHour(buckets)) {
        const identifier = meterIdentifier(team._id, hourStart);
        const existing = await ctx.db
          .query("meterReports")
          .withIndex("by_identifier", (q) => q.eq("identifier", identifier))
          .unique();
        if (existing) continue;
        await ctx.db.insert("meterReports", { teamId: team._id, hourStart, identifier, valueMicroUsd, status: "pending", attempts: 0 });
        queued += 1;
      }
    }
    const last = teams.at(-1)?.stripeCustomerId;
    return { queued, nextCursor: teams.length === TEAMS_PER_PAGE && last ? last : null };
  },
});

/** Pending reports past their send deadline become `failed`: sending them now could count them twice. */
export const expireOverdue = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => {
    const now = Date.now();
    // Oldest hours first: the overdue ones are a prefix of the pending index.
    const overdue = await ctx.db
      .query("meterReports")
      .withIndex("by_status_hour", (q) => q.eq("status", "pending").lte("hourStart", now - SEND_DEADLINE_MS))
      .take(EXPIRE_PER_RUN);
    for (const report of overdue) {
      await ctx.db.patch(report._id, {
        status: "failed",
        lastError: `Not sent before its deadline; a later send could be counted twice by Stripe.${report.lastError ? ` Last error: ${report.lastError}` : ""}`.slice(0, ERROR_CHARS),
      });
    }
    return overdue.length;
  },
});

/**
 * Pending reports still before their deadline, oldest hour first, with the team's customer; `skip` leaves out the
 * ones that already failed in this run, so a failing report does not hold up the rest.
 */
export const dueReports = internalQuery({
  args: { limit: v.number(), skip: v.array(v.id("meterReports")) },
  returns: v.array(
    v.object({ id: v.id("meterReports"), identifier: v.string(), hourStart: v.number(), valueMicroUsd: v.number(), customerId: v.union(v.string(), v.null()) }),
  ),
  handler: async (ctx, { limit, skip }) => {
    const now = Date.now();
    const skipped = new Set<string>(skip);
    const pending = await ctx.db
      .query("meterReports")
      .withIndex("by_status_hour", (q) => q.eq("status", "pending"))
      .take(limit + skip.length);
    const due = pending.filter((r) => !skipped.has(r._id) && !pastSendDeadline(r.hourStart, now)).slice(0, limit);
    return Promise.all(
      due.map(async (r) => ({
        id: r._id,
        identifier: r.identifier,
        hourStart: r.hourStart,
        valueMicroUsd: r.valueMicroUsd,
        customerId: (await ctx.db.get(r.teamId))?.stripeCustomerId ?? null,
      })),
    );
  },
});

export const recordSend = internalMutation({
  args: { reportId: v.id("meterReports"), error: v.optional(v.string()) },
  returns: v.null(),
  handler: async (ctx, { reportId, error }) => {
    const report = await ctx.db.get(reportId);
    if (!report || report.status !== "pending") return null;
    await ctx.db.patch(
      reportId,
      error === undefined
        ? { status: "sent", sentAt: Date.now(), attempts: report.attempts + 1, lastError: undefined }
        : { attempts: report.attempts + 1, lastError: error.slice(0, ERROR_CHARS) },
    );
    return null;
  },
});
