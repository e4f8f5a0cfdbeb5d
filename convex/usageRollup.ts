/**
 * The usage roll-up: follows the usage events the request path inserts, in commit order, and adds them into what
 * everything else reads — usage buckets (lib/usageBuckets.ts), the teams' monthly periods (with their
 * `usage.threshold` events) and the keys' last use. It runs every second, and again at once while it is behind.
 *
 * Exactly once: the cursor is the last counted event's commit timestamp (`db.vars.commitTs`) and creation time,
 * written in the same transaction as the sums. Commit timestamps grow in commit order, so an event committed after
 * a run can only land after its cursor — unlike creation times, which a deployment takes from the transaction's
 * start, so a call that commits late could land behind a cursor already past it (the design of Convex's
 * `@convex-dev/workpool`, which follows its queue by commit timestamp too). The run reads only events committed
 * more than `SETTLE_MS` ago: on a deployment the request path's new events then never fall in the range it read,
 * so they do not make it retry.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import { internalMutation, type MutationCtx } from "./_generated/server";
import { utcMonthPeriod } from "./lib/statement";
import { addEvent, BucketFold, bucketKey, bucketsOfCall, bucketStart, emptyCounts, type BucketCounts } from "./lib/usageBuckets";
import { recordAnalyticsEvent } from "./model/analytics";
import { announceUsageThresholds } from "./model/usageThresholdEvents";
import { addToStoredBucket, commitTsOf, eventsAfter, rollupCursor } from "./model/usageBuckets";

/** Events read per run. */
export const ROLLUP_BATCH = 1_000;
/**
 * Documents one run may touch besides the events (buckets, periods, keys' last use), each one index read and one
 * write: a run stops early rather than pass Convex's 4,096 index reads, however many keys the events spread over.
 */
export const ROLLUP_TOUCH_BUDGET = 2_500;
/** Events younger than this wait for the next run (see above). */
export const SETTLE_MS = 1_000;
/** An idle run still moves the watermark this often, so closed hours count as fully rolled up. */
const WATERMARK_REFRESH_MS = 60_000;
/** A key's last use is written at most once a minute: accurate enough to show, cheap on hot keys. */
export const LAST_USED_RESOLUTION_MS = 60_000;

type Period = Pick<Doc<"usagePeriods">, "teamId" | "periodStart" | "calls" | "billableCalls" | "costMicroUsd">;

export const run = internalMutation({
  args: {},
  returns: v.object({ counted: v.number(), more: v.boolean() }),
  handler: async (ctx) => {
    const now = Date.now();
    const cursor = await rollupCursor(ctx);
    const events = await eventsAfter(ctx, cursor, ROLLUP_BATCH, BigInt(now - SETTLE_MS) * 1_000_000n);
    const counted = await countEvents(ctx, events);
    const more = counted < events.length || events.length === ROLLUP_BATCH;
    const last = counted > 0 ? events[counted - 1] : null;
    // Behind: everything committed before the last counted event's millisecond is counted. Caught up: everything
    // committed before the range this run read.
    const watermark = more && last ? Number(commitTsOf(last) / 1_000_000n) : now - SETTLE_MS;
    if (last || !cursor || watermark - cursor.watermark >= WATERMARK_REFRESH_MS) {
      const next = {
        commitTs: last ? commitTsOf(last) : (cursor?.commitTs ?? 0n),
        creationTime: last ? last._creationTime : (cursor?.creationTime ?? 0),
        watermark: Math.max(watermark, cursor?.watermark ?? 0),
      };
      if (cursor) await ctx.db.patch(cursor._id, next);
      else await ctx.db.insert("usageRollupCursor", next);
    }
    if (more) await ctx.scheduler.runAfter(0, internal.usageRollup.run, {});
    return { counted, more };
  },
});

/** Adds the events, oldest first, into their buckets, periods and keys; returns how many it took (budget). */
async function countEvents(ctx: MutationCtx, events: Doc<"usageEvents">[]): Promise<number> {
  // Calls of one key, endpoint and hour land in the same six buckets: they are added up once per such group
  // (a busy key's batch is a handful of groups), and the groups into buckets after.
  const groups = new Map<string, { call: Doc<"usageEvents">; counts: BucketCounts }>();
  const buckets = new Set<string>();
  const periods = new Map<string, Period>();
  const lastUse = new Map<Id<"apiKeys">, number>();
  /** Each team's earliest call among those counted, in case it is the team's first ever. */
  const firstCalls = new Map<Id<"teams">, Doc<"usageEvents">>();
  let taken = 0;
  for (const event of events) {
    const groupKey = `${event.apiKeyId}|${event.endpoint}|${bucketStart(event.timestamp, "hour")}|${event.plan}`;
    let group = groups.get(groupKey);
    if (!group) {
      const identities = bucketsOfCall(event).map(bucketKey).filter((key) => !buckets.has(key));
      const periodKey = `${event.teamId}|${utcMonthPeriod(event.timestamp).start}`;
      // A new period may also read and mark its team (its first API call), hence two touches.
      const touches = identities.length + (periods.has(periodKey) ? 0 : 2) + (lastUse.has(event.apiKeyId) ? 0 : 1);
      if (buckets.size + periods.size + lastUse.size + touches > ROLLUP_TOUCH_BUDGET) break;
      for (const key of identities) buckets.add(key);
      group = { call: event, counts: emptyCounts() };
      groups.set(groupKey, group);
    }
    addEvent(group.counts, event);
    const periodStart = utcMonthPeriod(event.timestamp).start;
    const periodKey = `${event.teamId}|${periodStart}`;
    const period = periods.get(periodKey) ?? { teamId: event.teamId, periodStart, calls: 0, billableCalls: 0, costMicroUsd: 0 };
    period.calls += 1;
    if (event.billable) period.billableCalls += 1;
    period.costMicroUsd += event.costMicroUsd;
    periods.set(periodKey, period);
    if (!firstCalls.has(event.teamId)) firstCalls.set(event.teamId, event);
    lastUse.set(event.apiKeyId, Math.max(lastUse.get(event.apiKeyId) ?? 0, event.timestamp));
    taken++;
  }
  const fold = new BucketFold();
  for (const { call, counts } of groups.values()) for (const identity of bucketsOfCall(call)) fold.add(identity, counts);
  for (const bucket of fold.values()) {
    const { scope, subject, granularity, start, endpoint, ...counts } = bucket;
    await addToStoredBucket(ctx, { scope, subject, granularity, start, endpoint }, counts);
  }
  for (const period of periods.values()) await addToPeriod(ctx, period, firstCalls.get(period.teamId)!);
  for (const [apiKeyId, at] of lastUse) await noteLastUse(ctx, apiKeyId, at);
  return taken;
}

async function addToPeriod(ctx: MutationCtx, added: Period, firstCall: Doc<"usageEvents">): Promise<void> {
  const stored = await ctx.db
    .query("usagePeriods")
    .withIndex("by_team_period", (q) => q.eq("teamId", added.teamId).eq("periodStart", added.periodStart))
    .unique();
  const { _id, _creationTime, ...fields } = stored ?? { _id: null, _creationTime: 0, teamId: added.teamId, periodStart: added.periodStart, calls: 0, billableCalls: 0, costMicroUsd: 0 };
  const period: Omit<Doc<"usagePeriods">, "_id" | "_creationTime"> = {
    ...fields,
    calls: fields.calls + added.calls,
    billableCalls: fields.billableCalls + added.billableCalls,
    costMicroUsd: fields.costMicroUsd + added.costMicroUsd,
  };
  await announceUsageThresholds(ctx, period);
  if (_id) await ctx.db.patch(_id, period);
  else {
    await ctx.db.insert("usagePeriods", period);
    // A team's first call ever opens its first period, so only a new period can hold it: the request path never
    // reads or writes the team for this, and the team is read once a month here, not once a call.
    await noteFirstApiCall(ctx, firstCall);
  }
}

/** Marks the team's first API call, once ever, with its funnel event in the same transaction. */
async function noteFirstApiCall(ctx: MutationCtx, call: Doc<"usageEvents">): Promise<void> {
  const team = await ctx.db.get(call.teamId);
  if (!team || team.firstApiCallAt !== undefined) return;
  await ctx.db.patch(team._id, { firstApiCallAt: call.timestamp });
  await recordAnalyticsEvent(ctx, {
    event: "first_api_call",
    actor: { kind: "system" },
    teamId: team._id,
    at: call.timestamp,
    properties: { endpoint: call.endpoint, status: call.status, testKey: call.test, plan: team.plan },
  });
}

async function noteLastUse(ctx: MutationCtx, apiKeyId: Id<"apiKeys">, at: number): Promise<void> {
  const stored = await ctx.db
    .query("apiKeyActivity")
    .withIndex("by_key", (q) => q.eq("apiKeyId", apiKeyId))
    .unique();
  if (!stored) await ctx.db.insert("apiKeyActivity", { apiKeyId, lastUsedAt: at });
  else if (at - stored.lastUsedAt >= LAST_USED_RESOLUTION_MS) await ctx.db.patch(stored._id, { lastUsedAt: at });
}
