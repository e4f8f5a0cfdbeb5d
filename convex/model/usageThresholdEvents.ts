/**
 * Writes `usage.threshold` events (SPEC §4) in the transaction that records the usage reaching them, schedules
 * the mail to the team's billing viewers, and marks the period so each threshold is announced once a month.
 */
import { internal } from "../_generated/api";
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { PLAN_DEFINITIONS } from "../lib/plans";
import { newlyReachedThresholds } from "../lib/usageThresholds";
import { enqueueWebhookEvent } from "./webhookOutbox";

type PeriodFields = Omit<Doc<"usagePeriods">, "_id" | "_creationTime">;

/** Checks a period about to be written; sets its `threshold…At` fields in place for the caller to write. */
export async function announceUsageThresholds(ctx: MutationCtx, period: PeriodFields): Promise<void> {
  // Nothing left to announce this period: skip even reading the team (the common case on a busy team).
  if (period.threshold100At !== undefined || period.costMicroUsd === 0) return;
  const team = await ctx.db.get(period.teamId);
  if (!team) return;
  const includedMicroUsd = PLAN_DEFINITIONS[team.plan].includedUsageMicroUsd;
  if (includedMicroUsd === null) return;
  const reached = newlyReachedThresholds({ ...period, includedMicroUsd });
  const now = Date.now();
  for (const threshold of reached) {
    if (threshold === 80) period.threshold80At = now;
    else period.threshold100At = now;
    await enqueueWebhookEvent(ctx, {
      type: "usage.threshold",
      teamId: period.teamId,
      data: {
        threshold,
        plan: team.plan,
        periodStart: new Date(period.periodStart).toISOString(),
        usageMicroUsd: period.costMicroUsd,
        includedMicroUsd,
      },
    });
    // Only the job is written here: reading members and composing mail stay off the API call's transaction.
    await ctx.scheduler.runAfter(0, internal.usageThresholdMail.notify, {
      teamId: period.teamId,
      plan: team.plan,
      threshold,
      periodStart: period.periodStart,
      usageMicroUsd: period.costMicroUsd,
      includedMicroUsd,
    });
  }
}
