/**
 * Recording API calls (SPEC §2): one usage event per call, plus its hourly rollup and the team's monthly period,
 * all in the transaction that decided the answers, so a call is recorded exactly once or not at all. Charts and
 * the usage endpoint read the rollups; the spend cap reads the period; neither ever scans raw events.
 *
 * A transaction may decide several calls (concurrent REST calls coalesced into one mutation): the recorder reads
 * each rollup and period once, adds every call to it in memory, and writes each once in `flush`.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { emptyLatencyBuckets, latencyBucket } from "../lib/latency";
import { utcMonthPeriod } from "../lib/statement";
import { announceUsageThresholds } from "./usageThresholdEvents";

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

type RollupFields = Omit<Doc<"usageRollups">, "_id" | "_creationTime">;
type PeriodFields = Omit<Doc<"usagePeriods">, "_id" | "_creationTime">;
type Pending<T> = { id: Id<any> | null; fields: T };

export class UsageRecorder {
  private readonly rollups = new Map<string, Pending<RollupFields>>();
  private readonly periods = new Map<Id<"teams">, Pending<PeriodFields>>();

  constructor(private readonly ctx: MutationCtx) {}

  /** The team's current period as it stands in this transaction, calls recorded so far included. Read only to record. */
  async period(teamId: Id<"teams">, now: number): Promise<PeriodFields> {
    let pending = this.periods.get(teamId);
    if (!pending) {
      const periodStart = utcMonthPeriod(now).start;
      const stored = await this.ctx.db
        .query("usagePeriods")
        .withIndex("by_team_period", (q) => q.eq("teamId", teamId).eq("periodStart", periodStart))
        .unique();
      pending = stored
        ? { id: stored._id, fields: { ...strip(stored) } }
        : { id: null, fields: { teamId, periodStart, calls: 0, billableCalls: 0, costMicroUsd: 0 } };
      this.periods.set(teamId, pending);
    }
    return pending.fields;
  }

  async record(record: UsageRecord): Promise<void> {
    await this.ctx.db.insert("usageEvents", record);
    const billableCalls = record.billable ? 1 : 0;

    const period = await this.period(record.teamId, record.timestamp);
    period.calls += 1;
    period.billableCalls += billableCalls;
    period.costMicroUsd += record.costMicroUsd;

    const rollup = await this.rollup(record);
    rollup.calls += 1;
    rollup.billableCalls += billableCalls;
    if (record.status >= 400 && record.status < 500) rollup.clientErrors += 1;
    if (record.status >= 500) rollup.serverErrors += 1;
    rollup.costMicroUsd += record.costMicroUsd;
    rollup.agentCount += record.agentCount;
    rollup.latencySumMs += record.responseTimeMs;
    rollup.latencyBuckets[latencyBucket(record.responseTimeMs)]++;
  }

  /** Writes every rollup and period touched, once each, with the usage.threshold events a period has reached. */
  async flush(): Promise<void> {
    for (const pending of this.rollups.values()) await write(this.ctx, "usageRollups", pending);
    for (const pending of this.periods.values()) {
      await announceUsageThresholds(this.ctx, pending.fields);
      await write(this.ctx, "usagePeriods", pending);
    }
  }

  private async rollup(record: UsageRecord): Promise<RollupFields> {
    const hourStart = Math.floor(record.timestamp / HOUR_MS) * HOUR_MS;
    const cacheKey = `${record.apiKeyId}|${hourStart}|${record.endpoint}`;
    let pending = this.rollups.get(cacheKey);
    if (!pending) {
      const stored = await this.ctx.db
        .query("usageRollups")
        .withIndex("by_key_hour_endpoint", (q) => q.eq("apiKeyId", record.apiKeyId).eq("hourStart", hourStart).eq("endpoint", record.endpoint))
        .unique();
      pending = stored
        ? { id: stored._id, fields: { ...strip(stored), latencyBuckets: [...stored.latencyBuckets] } }
        : {
            id: null,
            fields: {
              teamId: record.teamId,
              apiKeyId: record.apiKeyId,
              endpoint: record.endpoint,
              hourStart,
              calls: 0,
              billableCalls: 0,
              clientErrors: 0,
              serverErrors: 0,
              costMicroUsd: 0,
              agentCount: 0,
              latencySumMs: 0,
              latencyBuckets: emptyLatencyBuckets(),
            },
          };
      this.rollups.set(cacheKey, pending);
    }
    return pending.fields;
  }
}

function strip<T extends { _id: unknown; _creationTime: number }>(doc: T): Omit<T, "_id" | "_creationTime"> {
  const { _id, _creationTime, ...fields } = doc;
  return fields;
}

async function write<T extends "usageRollups" | "usagePeriods">(ctx: MutationCtx, table: T, pending: Pending<Omit<Doc<T>, "_id" | "_creationTime">>) {
  if (pending.id) await ctx.db.patch(pending.id as Id<T>, pending.fields as never);
  else await ctx.db.insert(table, pending.fields as never);
}
