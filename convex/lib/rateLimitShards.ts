/**
 * A key's per-minute limit spread over shards, so concurrent calls of one busy key do not all write one document
 * (on a Convex deployment, mutations writing the same document conflict and are retried). The design is that of
 * Convex's `@convex-dev/rate-limiter` component: the limit is split into shards whose capacities add up to it,
 * a call counts on a shard chosen at random, and when that shard is full one other random shard is tried (the
 * "power of two choices") before the call is refused. Each shard is a sliding window counter of its own
 * (lib/rateLimit.ts) with its share of the limit as its limit.
 *
 * Why a burst still never passes the key's limit: a shard lets a call through only while its own estimate stays
 * within its capacity, and the estimate is linear in the counts, so the key's estimate (the sum of its shards')
 * stays within the sum of the capacities: the limit. What sharding gives up is the last few calls of a minute:
 * a call may be refused while a shard it did not look at still had room. Limits under `2 × SHARD_MIN_CAPACITY`
 * keep one shard, which is exactly the unsharded counter.
 */
import { checkAndCount, type RateLimitDecision, type RateLimitState } from "./rateLimit";

/** The smallest share of the limit a shard holds: a coalesced batch of calls must fit in one or two shards. */
export const SHARD_MIN_CAPACITY = 100;
/**
 * The most shards a key has. With one shard written per mutation, K mutations in flight on one key conflict on a
 * shard with probability about (K − 1) / shards: 2.7 % at K = 8.
 */
export const MAX_SHARDS = 256;

export function shardCount(limit: number): number {
  return Math.max(1, Math.min(MAX_SHARDS, Math.floor(limit / SHARD_MIN_CAPACITY)));
}

/** Shard `shard`'s share of `limit`: the shares differ by at most one and add up to the limit. */
export function shardCapacity(limit: number, shard: number): number {
  const shards = shardCount(limit);
  const whole = Math.floor(limit);
  return Math.floor(whole / shards) + (shard < whole % shards ? 1 : 0);
}

/** A shard as one transaction sees it: `state` null = never written. */
export type ShardView = { shard: number; state: RateLimitState | null };

/** The decision about one call over the shards read so far, in the unsharded decision's shape, for the headers. */
export type ShardedDecision = RateLimitDecision & {
  /** Index in `views` of the shard that counted the call (allowed only). */
  counted: number | null;
  /** Allowed: the shard's new state. */
  state: RateLimitState;
  /** Refused: the earliest time (epoch ms) a call could be let through by a shard read, no other call made. */
  retryAt: number | null;
};

/**
 * Decides one call on the shards read so far, in order: the first that has room counts it. Refused when none has;
 * the caller may read one more shard and ask again. `remaining` is estimated from the shards read (exact with one
 * shard): their remaining room scaled to the whole limit.
 */
export function decideOnShards(views: readonly ShardView[], now: number, limit: number): ShardedDecision {
  const decisions = views.map((view) => checkAndCount(view.state, now, shardCapacity(limit, view.shard)));
  const counted = decisions.findIndex((d) => d.allowed);
  const capacity = views.reduce((sum, view) => sum + shardCapacity(limit, view.shard), 0);
  const room = decisions.reduce((sum, d, i) => sum + (i === counted ? d.remaining : remainingAfter(d)), 0);
  const remaining = capacity === 0 ? 0 : Math.max(0, Math.floor((room * limit) / capacity));
  if (counted >= 0) {
    const d = decisions[counted];
    return { ...d, limit, remaining, counted, state: d.state, retryAt: null };
  }
  const soonest = decisions.reduce((best, d) => (d.resetAt < best.resetAt ? d : best));
  return { ...soonest, limit, remaining: 0, counted: null, retryAt: now + soonest.retryAfterSeconds * 1000 };
}

/** A shard that did not count this call keeps its room. */
function remainingAfter(decision: RateLimitDecision): number {
  return decision.allowed ? decision.remaining + 1 : 0;
}

/** A shard other than the ones read, chosen at random (uniform). Null when every shard was read. */
export function anotherShard(limit: number, read: readonly number[], random: () => number): number | null {
  const shards = shardCount(limit);
  if (read.length >= shards) return null;
  const taken = new Set(read);
  let pick = Math.floor(random() * (shards - taken.size));
  for (let shard = 0; shard < shards; shard++) {
    if (taken.has(shard)) continue;
    if (pick === 0) return shard;
    pick--;
  }
  return null;
}
