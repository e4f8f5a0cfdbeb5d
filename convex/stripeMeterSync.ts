"use node";
/**
 * The hourly usage sync to Stripe (SPEC §7), run by a cron: queue the closed team-hours with billable usage as
 * `meterReports` rows, send each pending one as a meter event identified by team + hour, and mark it sent.
 *
 * A sync that is retried, runs twice at once, or dies between Stripe's answer and `recordSend` sends the same
 * identifier again, which Stripe counts once; rows are only sent before their deadline, inside Stripe's dedupe
 * window (convex/lib/meterReports.ts). Without `STRIPE_SECRET_KEY` it does nothing.
 */
import { v } from "convex/values";
import type { Id } from "./_generated/dataModel";
import { internal } from "./_generated/api";
import { internalAction } from "./_generated/server";
import { sendMeterEvent, stripeClient, stripeSettings } from "./model/stripeApi";

/** Reports asked for at a time, and how many rounds a run takes at most (the rest wait an hour). */
const BATCH = 100;
const MAX_ROUNDS = 50;
/** Failures in one run after which Stripe is taken to be down until the next run. */
const MAX_FAILURES = 20;

export const sync = internalAction({
  args: {},
  returns: v.object({ queued: v.number(), sent: v.number(), failed: v.number(), expired: v.number() }),
  handler: async (ctx) => {
    const settings = stripeSettings();
    const result = { queued: 0, sent: 0, failed: 0, expired: 0 };
    if (!settings) return result;
    let cursor: string | undefined;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const page = await ctx.runMutation(internal.stripeMeter.queueReports, cursor === undefined ? {} : { afterCustomerId: cursor });
      result.queued += page.queued;
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    result.expired = await ctx.runMutation(internal.stripeMeter.expireOverdue, {});
    const stripe = stripeClient(settings);
    const failedIds: Id<"meterReports">[] = [];
    for (let round = 0; round < MAX_ROUNDS && failedIds.length < MAX_FAILURES; round++) {
      const due = await ctx.runQuery(internal.stripeMeter.dueReports, { limit: BATCH, skip: failedIds });
      if (due.length === 0) break;
      for (const report of due) {
        let error: string | undefined;
        try {
          if (!report.customerId) throw new Error("The team has no Stripe customer any more.");
          await sendMeterEvent(stripe, settings, { ...report, customerId: report.customerId });
        } catch (caught) {
          error = caught instanceof Error ? caught.message : String(caught);
        }
        await ctx.runMutation(internal.stripeMeter.recordSend, { reportId: report.id, ...(error === undefined ? {} : { error }) });
        if (error === undefined) result.sent += 1;
        else {
          result.failed += 1;
          failedIds.push(report.id);
          if (failedIds.length >= MAX_FAILURES) break;
        }
      }
    }
    return result;
  },
});
