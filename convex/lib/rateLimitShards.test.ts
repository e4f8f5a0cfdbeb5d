import { describe, expect, it } from "vitest";
import { anotherShard, decideOnShards, MAX_SHARDS, SHARD_MIN_CAPACITY, shardCapacity, shardCount, type ShardView } from "./rateLimitShards";

const T = Date.UTC(2026, 2, 1, 12, 0, 0);

describe("rate-limit shards", () => {
  it("keeps limits under twice the minimum share on one shard, and never more than MAX_SHARDS", () => {
    expect(shardCount(60)).toBe(1);
    expect(shardCount(2 * SHARD_MIN_CAPACITY - 1)).toBe(1);
    expect(shardCount(1_000)).toBe(10);
    expect(shardCount(10_000_000)).toBe(MAX_SHARDS);
  });

  it("splits the limit into shares that differ by at most one and add up to it", () => {
    for (const limit of [60, 250, 1_001, 99_999, 10_000_000]) {
      const shares = Array.from({ length: shardCount(limit) }, (_, i) => shardCapacity(limit, i));
      expect(shares.reduce((a, b) => a + b, 0)).toBe(limit);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    }
  });

  it("counts on the first shard read that has room; refuses with the soonest retry when none has", () => {
    const limit = 300; // three shards of 100
    const full = { windowStart: T, current: 100, previous: 0 };
    const views: ShardView[] = [{ shard: 0, state: full }, { shard: 2, state: { windowStart: T, current: 40, previous: 0 } }];
    const allowed = decideOnShards(views, T + 1_000, limit);
    expect(allowed).toMatchObject({ allowed: true, counted: 1, limit: 300, retryAt: null, state: { current: 41 } });
    // 59 left of the 200 read, scaled to the whole limit.
    expect(allowed.remaining).toBe(Math.floor((59 * 300) / 200));
    const refused = decideOnShards([{ shard: 0, state: full }], T + 1_000, limit);
    expect(refused).toMatchObject({ allowed: false, counted: null, remaining: 0 });
    expect(refused.retryAt).toBe(T + 1_000 + refused.retryAfterSeconds * 1000);
  });

  it("is the plain sliding window with one shard", () => {
    const d = decideOnShards([{ shard: 0, state: null }], T, 60);
    expect(d).toMatchObject({ allowed: true, remaining: 59, state: { current: 1 } });
  });

  it("picks another shard uniformly among the unread, none when all were read", () => {
    expect(anotherShard(300, [0, 2], () => 0.99)).toBe(1);
    expect(anotherShard(300, [], () => 0)).toBe(0);
    expect(anotherShard(300, [], () => 0.999)).toBe(2);
    expect(anotherShard(300, [0, 1, 2], () => 0.5)).toBeNull();
    expect(anotherShard(60, [0], () => 0.5)).toBeNull();
  });
});
