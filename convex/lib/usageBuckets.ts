/**
 * Usage buckets: what every recorded API call adds up into, so that no reader ever scans raw usage events. A call
 * counts in six buckets — its key's, its team's and the platform's (by the team's plan), each by UTC hour and by
 * UTC day — for its endpoint. A reader needs the buckets of one subject and granularity over its range: at most
 * 744 hourly or 366 daily buckets per endpoint, however many calls they count.
 *
 * Buckets are built off the request path by the usage roll-up (convex/usageRollup.ts) from the calls' usage events,
 * and readers add the events the roll-up has not reached yet (model/usageBuckets.ts); both fold events with
 * `addEvent`, so the two can never count a call differently.
 */
import { emptyLatencyBuckets, latencyBucket } from "./latency";
import type { Plan } from "./plans";

export const BUCKET_SCOPES = ["key", "team", "platform"] as const;
export type BucketScope = (typeof BUCKET_SCOPES)[number];
export const GRANULARITIES = ["hour", "day"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const BUCKET_MS: Record<Granularity, number> = { hour: 3_600_000, day: 86_400_000 };

/**
 * The longest range a usage chart may span at each granularity: enough for "30 days" and a custom quarter, bounded
 * so one read stays small. The server refuses longer (convex/usageCharts.ts); the page offers no longer.
 */
export const MAX_CHART_RANGE_MS: Record<Granularity, number> = { hour: 31 * 86_400_000, day: 93 * 86_400_000 };

export function bucketStart(time: number, granularity: Granularity): number {
  return Math.floor(time / BUCKET_MS[granularity]) * BUCKET_MS[granularity];
}

/** Which bucket: `subject` is the key's id, the team's id, or (platform) the calling team's plan. */
export type BucketIdentity = { scope: BucketScope; subject: string; granularity: Granularity; start: number; endpoint: string };

export type BucketCounts = {
  calls: number;
  billableCalls: number;
  clientErrors: number;
  serverErrors: number;
  costMicroUsd: number;
  agentCount: number;
  latencySumMs: number;
  /** Calls per latency bucket (lib/latency.ts). */
  latencyBuckets: number[];
};

export type Bucket = BucketIdentity & BucketCounts;

/** What of a usage event the buckets count. */
export type CountedCall = {
  teamId: string;
  apiKeyId: string;
  endpoint: string;
  status: number;
  billable: boolean;
  costMicroUsd: number;
  agentCount: number;
  responseTimeMs: number;
  timestamp: number;
  plan: Plan;
};

export function emptyCounts(): BucketCounts {
  return { calls: 0, billableCalls: 0, clientErrors: 0, serverErrors: 0, costMicroUsd: 0, agentCount: 0, latencySumMs: 0, latencyBuckets: emptyLatencyBuckets() };
}

export function addEvent(counts: BucketCounts, call: CountedCall): void {
  counts.calls += 1;
  if (call.billable) counts.billableCalls += 1;
  if (call.status >= 400 && call.status < 500) counts.clientErrors += 1;
  if (call.status >= 500) counts.serverErrors += 1;
  counts.costMicroUsd += call.costMicroUsd;
  counts.agentCount += call.agentCount;
  counts.latencySumMs += call.responseTimeMs;
  counts.latencyBuckets[latencyBucket(call.responseTimeMs)] += 1;
}

export function addCounts(into: BucketCounts, from: BucketCounts): void {
  into.calls += from.calls;
  into.billableCalls += from.billableCalls;
  into.clientErrors += from.clientErrors;
  into.serverErrors += from.serverErrors;
  into.costMicroUsd += from.costMicroUsd;
  into.agentCount += from.agentCount;
  into.latencySumMs += from.latencySumMs;
  from.latencyBuckets.forEach((n, i) => (into.latencyBuckets[i] += n));
}

/** The six buckets a call counts in. */
export function bucketsOfCall(call: CountedCall): BucketIdentity[] {
  const subjects: [BucketScope, string][] = [
    ["key", call.apiKeyId],
    ["team", call.teamId],
    ["platform", call.plan],
  ];
  return subjects.flatMap(([scope, subject]) =>
    GRANULARITIES.map((granularity) => ({ scope, subject, granularity, start: bucketStart(call.timestamp, granularity), endpoint: call.endpoint })),
  );
}

export function bucketKey(b: BucketIdentity): string {
  return `${b.scope}|${b.subject}|${b.granularity}|${b.start}|${b.endpoint}`;
}

/** Buckets being added up: by identity, each with its counts. */
export class BucketFold {
  readonly buckets = new Map<string, Bucket>();

  add(identity: BucketIdentity, counts: BucketCounts): void {
    addCounts(this.bucket(identity), counts);
  }

  addCall(identity: BucketIdentity, call: CountedCall): void {
    addEvent(this.bucket(identity), call);
  }

  values(): Bucket[] {
    return [...this.buckets.values()];
  }

  private bucket(identity: BucketIdentity): Bucket {
    const key = bucketKey(identity);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { ...identity, ...emptyCounts() };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
