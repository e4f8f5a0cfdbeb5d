/**
 * The team's current UTC month as the usage roll-up counted it (`usagePeriods`, one row a month) plus the calls it
 * has not reached yet: what the billing page and the team overview show, read the same way by both.
 */
import type { Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { projectMonthEnd, utcMonthPeriod } from "../lib/statement";
import { uncountedEvents } from "./usageBuckets";

/**
 * The projection extrapolates from at least this much of the period: minutes into a month, one call would project
 * to an absurd (even unsafe) amount.
 */
const MIN_PROJECTION_BASIS_MS = 86_400_000;

export type MonthToDate = {
  period: { start: number; end: number };
  calls: number;
  /** Billable usage at list price so far. */
  costMicroUsd: number;
  /** Usage at month end, projected linearly from the period so far. */
  projectedCostMicroUsd: number;
  /** Whether the team made any call in an earlier month (one row read). */
  callsBefore: boolean;
};

export async function monthToDate(ctx: QueryCtx, teamId: Id<"teams">, now: number): Promise<MonthToDate> {
  const period = utcMonthPeriod(now);
  const [current, earlier] = await Promise.all(
    [true, false].map((thisMonth) =>
      ctx.db
        .query("usagePeriods")
        .withIndex("by_team_period", (q) => (thisMonth ? q.eq("teamId", teamId).eq("periodStart", period.start) : q.eq("teamId", teamId).lt("periodStart", period.start)))
        .order("desc")
        .first(),
    ),
  );
  const uncounted = (await uncountedEvents(ctx)).filter((e) => e.teamId === teamId && e.timestamp >= period.start);
  const costMicroUsd = (current?.costMicroUsd ?? 0) + uncounted.reduce((sum, e) => sum + e.costMicroUsd, 0);
  return {
    period,
    calls: (current?.calls ?? 0) + uncounted.length,
    costMicroUsd,
    projectedCostMicroUsd: projectMonthEnd(costMicroUsd, period.start, Math.max(now, period.start + MIN_PROJECTION_BASIS_MS), period.end),
    callsBefore: earlier !== null && earlier.calls > 0,
  };
}
