/**
 * Reading and writing usage buckets (lib/usageBuckets.ts). The roll-up (convex/usageRollup.ts) follows usage events
 * in commit order from its cursor; readers take the buckets it wrote and add the events it has not reached yet
 * (at most `UNCOUNTED_READ_LIMIT`, the oldest first), so a call shows up in charts and the usage API as soon as it
 * committed, while no reader's cost grows with the platform's traffic.
 */
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { appError } from "../lib/errors";
import { API_ENDPOINTS } from "../lib/apiOutcome";
import { addCounts, BUCKET_MS, BucketFold, bucketsOfCall, bucketStart, type Bucket, type BucketCounts, type BucketIdentity, type BucketScope, type Granularity } from "../lib/usageBuckets";

/** Usage events a reader adds on top of the buckets: the roll-up runs every second, so this is seconds of traffic. */
export const UNCOUNTED_READ_LIMIT = 2_000;

/** The longest range one read of one subject covers: 31 days by hour, 400 by day (the usage API allows 366). */
export const MAX_BUCKETS_PER_READ: Record<Granularity, number> = { hour: 31 * 24, day: 400 };

export type Cursor = Pick<Doc<"usageRollupCursor">, "commitTs" | "creationTime">;

export async function rollupCursor(ctx: QueryCtx): Promise<Doc<"usageRollupCursor"> | null> {
  return ctx.db.query("usageRollupCursor").first();
}

/**
 * Usage events after `cursor` in commit order, at most `limit`, committed before `before` (nanoseconds) if given:
 * first the rest of the cursor's own transaction (its events share one commit timestamp), then later ones.
 */
export async function eventsAfter(ctx: QueryCtx, cursor: Cursor | null, limit: number, before?: bigint): Promise<Doc<"usageEvents">[]> {
  const events: Doc<"usageEvents">[] = [];
  if (cursor) {
    events.push(
      ...(await ctx.db
        .query("usageEvents")
        .withIndex("by_commit_ts", (q) => q.eq("commitTs", cursor.commitTs).gt("_creationTime", cursor.creationTime))
        .take(limit)),
    );
  }
  if (events.length < limit) {
    const after = cursor?.commitTs;
    events.push(
      ...(await ctx.db
        .query("usageEvents")
        .withIndex("by_commit_ts", (q) => {
          const from = after === undefined ? q : q.gt("commitTs", after);
          return before === undefined ? from : from.lt("commitTs", before);
        })
        .take(limit - events.length)),
    );
  }
  return events;
}

/** The commit timestamp of an event as stored (always resolved once committed). */
export function commitTsOf(event: Doc<"usageEvents">): bigint {
  return event.commitTs as bigint;
}

/** Usage events the roll-up has not counted yet, oldest first, at most `UNCOUNTED_READ_LIMIT`. */
export async function uncountedEvents(ctx: QueryCtx): Promise<Doc<"usageEvents">[]> {
  return eventsAfter(ctx, await rollupCursor(ctx), UNCOUNTED_READ_LIMIT);
}

export type BucketRange = { scope: BucketScope; subject: string; granularity: Granularity; from: number; to: number };

/** Refuses a range longer than one read may cover (`from` is rounded down to its bucket, `to` is exclusive). */
export function assertBucketRange(range: Pick<BucketRange, "granularity" | "from" | "to">): void {
  const buckets = Math.ceil((range.to - bucketStart(range.from, range.granularity)) / BUCKET_MS[range.granularity]);
  if (buckets > MAX_BUCKETS_PER_READ[range.granularity]) {
    throw appError("VALIDATION_ERROR", `At most ${MAX_BUCKETS_PER_READ[range.granularity]} ${range.granularity}s in one read.`);
  }
}

/**
 * The subject's buckets over the range as the roll-up left them: at most MAX_BUCKETS_PER_READ × the API's
 * endpoints documents.
 */
export async function storedBuckets(ctx: QueryCtx, range: BucketRange): Promise<Doc<"usageBuckets">[]> {
  assertBucketRange(range);
  const first = bucketStart(range.from, range.granularity);
  return ctx.db
    .query("usageBuckets")
    .withIndex("by_subject", (q) =>
      q.eq("scope", range.scope).eq("subject", range.subject).eq("granularity", range.granularity).gte("start", first).lt("start", range.to),
    )
    .take(MAX_BUCKETS_PER_READ[range.granularity] * API_ENDPOINTS.length);
}

/** The subjects' buckets over one range, counted and uncounted calls together, one bucket per (subject, start, endpoint). */
export async function currentBuckets(
  ctx: QueryCtx,
  subjects: readonly { scope: BucketScope; subject: string }[],
  range: { granularity: Granularity; from: number; to: number },
  uncounted?: Doc<"usageEvents">[],
): Promise<Bucket[]> {
  const fold = new BucketFold();
  const first = bucketStart(range.from, range.granularity);
  for (const s of subjects) {
    for (const b of await storedBuckets(ctx, { ...s, ...range })) fold.add(identityOf(b), b);
  }
  const wanted = new Set(subjects.map((s) => `${s.scope}|${s.subject}`));
  for (const event of uncounted ?? (await uncountedEvents(ctx))) {
    for (const identity of bucketsOfCall(event)) {
      if (identity.granularity !== range.granularity || identity.start < first || identity.start >= range.to) continue;
      if (wanted.has(`${identity.scope}|${identity.subject}`)) fold.addCall(identity, event);
    }
  }
  return fold.values();
}

export function identityOf(b: Doc<"usageBuckets">): BucketIdentity {
  return { scope: b.scope, subject: b.subject, granularity: b.granularity, start: b.start, endpoint: b.endpoint };
}

/** Adds counts to a stored bucket, creating it when the roll-up meets its first call. */
export async function addToStoredBucket(ctx: MutationCtx, identity: BucketIdentity, counts: BucketCounts): Promise<void> {
  const stored = await ctx.db
    .query("usageBuckets")
    .withIndex("by_subject", (q) =>
      q
        .eq("scope", identity.scope)
        .eq("subject", identity.subject)
        .eq("granularity", identity.granularity)
        .eq("start", identity.start)
        .eq("endpoint", identity.endpoint),
    )
    .unique();
  if (!stored) {
    await ctx.db.insert("usageBuckets", { ...identity, ...counts });
    return;
  }
  const sum: BucketCounts = {
    calls: stored.calls,
    billableCalls: stored.billableCalls,
    clientErrors: stored.clientErrors,
    serverErrors: stored.serverErrors,
    costMicroUsd: stored.costMicroUsd,
    agentCount: stored.agentCount,
    latencySumMs: stored.latencySumMs,
    latencyBuckets: [...stored.latencyBuckets],
  };
  addCounts(sum, counts);
  await ctx.db.patch(stored._id, sum);
}

/**
 * The subjects' buckets covering [from, to) (both whole hours) with as few documents as the range allows: hourly
 * buckets up to the first UTC midnight, daily ones after it. Any row's `start` lies inside the range.
 */
export async function bucketsOverHours(
  ctx: QueryCtx,
  subjects: readonly { scope: BucketScope; subject: string }[],
  from: number,
  to: number,
): Promise<Bucket[]> {
  const firstMidnight = bucketStart(from + BUCKET_MS.day - 1, "day");
  const uncounted = await uncountedEvents(ctx);
  if (firstMidnight >= to) return currentBuckets(ctx, subjects, { granularity: "hour", from, to }, uncounted);
  const days = Math.floor((to - firstMidnight) / BUCKET_MS.day) * BUCKET_MS.day;
  return [
    ...(firstMidnight > from ? await currentBuckets(ctx, subjects, { granularity: "hour", from, to: firstMidnight }, uncounted) : []),
    ...(days > 0 ? await currentBuckets(ctx, subjects, { granularity: "day", from: firstMidnight, to: firstMidnight + days }, uncounted) : []),
    ...(firstMidnight + days < to ? await currentBuckets(ctx, subjects, { granularity: "hour", from: firstMidnight + days, to }, uncounted) : []),
  ];
}

/**
 * Every team's buckets starting in [from, to) at one granularity, newest first, at most `budget` documents, and the
 * calls the roll-up has not counted yet: the operators' top customers. `truncated` when the budget ran out before
 * the range did.
 */
export async function teamBucketsBetween(
  ctx: QueryCtx,
  range: { granularity: Granularity; from: number; to: number },
  budget: number,
): Promise<{ rows: Bucket[]; truncated: boolean }> {
  const stored = await ctx.db
    .query("usageBuckets")
    .withIndex("by_scope_start", (q) => q.eq("scope", "team").eq("granularity", range.granularity).gte("start", range.from).lt("start", range.to))
    .order("desc")
    .take(budget + 1);
  const uncounted = new BucketFold();
  for (const event of await uncountedEvents(ctx)) {
    for (const identity of bucketsOfCall(event)) {
      if (identity.scope === "team" && identity.granularity === range.granularity && identity.start >= range.from && identity.start < range.to) {
        uncounted.addCall(identity, event);
      }
    }
  }
  return { rows: [...stored.slice(0, budget), ...uncounted.values()], truncated: stored.length > budget };
}
