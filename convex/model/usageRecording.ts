/**
 * Recording API calls (SPEC §2): one usage event per call, inserted by the transaction that decided the answer,
 * so a call is recorded exactly once or not at all. That insert is the only usage write on the request path: a
 * new document nobody else writes, so concurrent calls never conflict over usage (on a Convex deployment, two
 * mutations writing one document conflict and one is retried). Everything that adds calls up — buckets, monthly
 * periods, `usage.threshold` events, keys' last use — is done off the request path by the usage roll-up
 * (convex/usageRollup.ts), which follows the events in commit order.
 *
 * The spend cap is read from the team's monthly period as the roll-up left it plus the calls this transaction
 * decided: calls that other transactions made since the roll-up's last run are not in it, which bounds how far a
 * team can pass its cap (prisma-free-notes/billing.md, "Spend cap").
 */
import type { Id } from "../_generated/dataModel";
import type { Plan } from "../lib/plans";
import type { MutationCtx } from "../_generated/server";
import { utcMonthPeriod } from "../lib/statement";

export type UsageRecord = {
  teamId: Id<"teams">;
  apiKeyId: Id<"apiKeys">;
  endpoint: string;
  method: string;
  status: number;
  billable: boolean;
  costMicroUsd: number;
  agentCount: number;
  responseTimeMs: number;
  requestId: string;
  test: boolean;
  timestamp: number;
  plan: Plan;
};

export async function recordCall(ctx: MutationCtx, record: UsageRecord): Promise<void> {
  await ctx.db.insert("usageEvents", { ...record, commitTs: ctx.db.vars.commitTs });
}

/** Calls of one transaction, recorded as they are decided, with the team's month so far for the spend cap. */
export class UsageRecorder {
  /** Per team: the month's cost as the roll-up counted it (read once), plus this transaction's calls. */
  private readonly monthCost = new Map<Id<"teams">, Promise<number>>();

  constructor(private readonly ctx: MutationCtx) {}

  async record(record: UsageRecord): Promise<void> {
    await recordCall(this.ctx, record);
    const counted = this.monthCost.get(record.teamId);
    if (counted && record.costMicroUsd > 0) this.monthCost.set(record.teamId, counted.then((cost) => cost + record.costMicroUsd));
  }

  /** The team's cost this UTC month: the roll-up's figure plus the calls recorded in this transaction since the first ask. */
  monthCostSoFar(teamId: Id<"teams">, now: number): Promise<number> {
    let cost = this.monthCost.get(teamId);
    if (!cost) {
      const periodStart = utcMonthPeriod(now).start;
      cost = this.ctx.db
        .query("usagePeriods")
        .withIndex("by_team_period", (q) => q.eq("teamId", teamId).eq("periodStart", periodStart))
        .unique()
        .then((period) => period?.costMicroUsd ?? 0);
      this.monthCost.set(teamId, cost);
    }
    return cost;
  }
}
