/**
 * Recording one API call (SPEC §2): the usage event, its hourly rollup and the team's monthly period, all in the
 * transaction that decided the answer, so a call is recorded exactly once or not at all. Charts and the usage
 * endpoint read the rollups; the spend cap reads the period; neither ever scans raw events.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { emptyLatencyBuckets, latencyBucket } from "../lib/latency";
import { utcMonthPeriod } from "../lib/statement";

export const HOUR_MS = 3_600_000;

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
};

export async function currentPeriod(ctx: QueryCtx, teamId: Id<"teams">, now: number): Promise<Doc<"usagePeriods"> | null> {
  const periodStart = utcMonthPeriod(now).start;
  return ctx.db
    .query("usagePeriods")
    .withIndex("by_team_period", (q) => q.eq("teamId", teamId).eq("periodStart", periodStart))
    .unique();
}

/** `period` is the team's current period as the caller already read it (null when none yet). */
export async function recordUsage(ctx: MutationCtx, record: UsageRecord, period: Doc<"usagePeriods"> | null): Promise<void> {
  await ctx.db.insert("usageEvents", record);

  const billableCalls = record.billable ? 1 : 0;
  const clientErrors = record.status >= 400 && record.status < 500 ? 1 : 0;
  const serverErrors = record.status >= 500 ? 1 : 0;
  const hourStart = Math.floor(record.timestamp / HOUR_MS) * HOUR_MS;
  const rollup = await ctx.db
    .query("usageRollups")
    .withIndex("by_key_hour_endpoint", (q) =>
      q.eq("apiKeyId", record.apiKeyId).eq("hourStart", hourStart).eq("endpoint", record.endpoint),
    )
    .unique();
  const bucket = latencyBucket(record.responseTimeMs);
  if (rollup) {
    const latencyBuckets = [...rollup.latencyBuckets];
    latencyBuckets[bucket]++;
    await ctx.db.patch(rollup._id, {
      calls: rollup.calls + 1,
      billableCalls: rollup.billableCalls + billableCalls,
      clientErrors: rollup.clientErrors + clientErrors,
      serverErrors: rollup.serverErrors + serverErrors,
      costMicroUsd: rollup.costMicroUsd + record.costMicroUsd,
      agentCount: rollup.agentCount + record.agentCount,
      latencySumMs: rollup.latencySumMs + record.responseTimeMs,
      latencyBuckets,
    });
  } else {
    const latencyBuckets = emptyLatencyBuckets();
    latencyBuckets[bucket] = 1;
    await ctx.db.insert("usageRollups", {
      teamId: record.teamId,
      apiKeyId: record.apiKeyId,
      endpoint: record.endpoint,
      hourStart,
      calls: 1,
      billableCalls,
      clientErrors,
      serverErrors,
      costMicroUsd: record.costMicroUsd,
      agentCount: record.agentCount,
      latencySumMs: record.responseTimeMs,
      latencyBuckets,
    });
  }

  if (period) {
    await ctx.db.patch(period._id, {
      calls: period.calls + 1,
      billableCalls: period.billableCalls + billableCalls,
      costMicroUsd: period.costMicroUsd + record.costMicroUsd,
    });
  } else {
    await ctx.db.insert("usagePeriods", {
      teamId: record.teamId,
      periodStart: utcMonthPeriod(record.timestamp).start,
      calls: 1,
      billableCalls,
      costMicroUsd: record.costMicroUsd,
    });
  }
}
