/**
 * The usage roll-up on both backends: every recorded call counted exactly once into its six buckets, its team's
 * period and its key's last use, however the events fall into runs (a run may stop inside a transaction's events).
 */
import { expect, it } from "vitest";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import type { UsageRecord } from "./model/usageRecording";
import { describeConvex, recordCalls, rollUpUsage, type TestCall, withSecret } from "./test.helpers";
import { ROLLUP_BATCH, SETTLE_MS } from "./usageRollup";

const HOUR = 3_600_000;

describeConvex("usage roll-up", (t) => {
  const team = async () => {
    const { teamId } = await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "o@acme.test", plan: "growth" as const }));
    const one = await t.mutation(api.apiKeys.create, withSecret({ teamId }));
    const two = await t.mutation(api.apiKeys.create, withSecret({ teamId }));
    return { teamId, keys: [one.keyId, two.keyId] };
  };
  /** A billable 1¢ verify answered in 7 ms now on the growth plan, through the request path's recorder. */
  const call = (teamId: Id<"teams">, apiKeyId: Id<"apiKeys">, over: Partial<UsageRecord> = {}): TestCall => ({
    teamId,
    apiKeyId,
    responseTimeMs: 7,
    timestamp: t.now(),
    plan: "growth",
    ...over,
  });
  const record = (calls: TestCall[]) => recordCalls(t, calls, false);
  const buckets = () => t.run((ctx) => ctx.db.query("usageBuckets").collect());

  it("counts each call once into its key's, team's and plan's hourly and daily buckets, its period and its key's last use", async () => {
    const { teamId, keys } = await team();
    const now = t.now();
    await record([
      call(teamId, keys[0]),
      call(teamId, keys[0], { status: 404, billable: false, costMicroUsd: 0, responseTimeMs: 30 }),
      call(teamId, keys[1], { endpoint: "/api/v1/agents/{address}/score", costMicroUsd: 5_000, timestamp: now + HOUR }),
    ]);
    await rollUpUsage(t);
    await rollUpUsage(t);
    const all = await buckets();
    const find = (scope: string, subject: string, granularity: string, endpoint = "/api/v1/verify") =>
      all.filter((b) => b.scope === scope && b.subject === subject && b.granularity === granularity && b.endpoint === endpoint);
    expect(find("key", keys[0], "hour")).toMatchObject([{ start: now - (now % HOUR), calls: 2, billableCalls: 1, clientErrors: 1, costMicroUsd: 10_000, latencySumMs: 37 }]);
    expect(find("team", teamId, "day")).toMatchObject([{ calls: 2 }]);
    expect(find("platform", "growth", "hour")).toMatchObject([{ calls: 2 }]);
    expect(find("team", teamId, "hour", "/api/v1/agents/{address}/score")).toMatchObject([{ start: now - (now % HOUR) + HOUR, calls: 1 }]);
    // 6 buckets for the verify calls, 6 for the score call.
    expect(all).toHaveLength(12);
    expect(all.reduce((sum, b) => sum + b.latencyBuckets.reduce((a: number, n: number) => a + n, 0), 0)).toBe(3 * 6);
    expect(await t.run((ctx) => ctx.db.query("usagePeriods").collect())).toMatchObject([{ teamId, calls: 3, billableCalls: 2, costMicroUsd: 15_000 }]);
    const activity = await t.run((ctx) => ctx.db.query("apiKeyActivity").collect());
    expect(activity.map((a) => [a.apiKeyId, a.lastUsedAt]).sort()).toEqual([[keys[0], now], [keys[1], now + HOUR]].sort());
  });

  it("resumes inside one transaction's events when a run stops at its batch size", async () => {
    const { teamId, keys } = await team();
    const count = ROLLUP_BATCH + 250;
    await record(Array.from({ length: count }, (_, i) => call(teamId, keys[i % 2])));
    await t.skip(SETTLE_MS + 1);
    expect(await t.mutation(internal.usageRollup.run, {})).toEqual({ counted: ROLLUP_BATCH, more: true });
    await rollUpUsage(t);
    const periods = await t.run((ctx) => ctx.db.query("usagePeriods").collect());
    expect(periods).toMatchObject([{ calls: count, costMicroUsd: count * 10_000 }]);
    const keyHours = (await buckets()).filter((b) => b.scope === "key" && b.granularity === "hour");
    expect(keyHours.map((b) => b.calls).sort()).toEqual([count / 2, count / 2]);
  });

  it("leaves calls of the last second for the next run, and moves its watermark when idle", async () => {
    const { teamId, keys } = await team();
    await record([call(teamId, keys[0])]);
    // Commit timestamps are the clock in nanoseconds, on both backends.
    expect(await t.mutation(internal.usageRollup.run, {})).toEqual({ counted: 0, more: false });
    await t.skip(SETTLE_MS + 1);
    await t.mutation(internal.usageRollup.run, {});
    expect((await t.run((ctx) => ctx.db.query("usagePeriods").collect()))[0]?.calls).toBe(1);
    const before = (await t.run((ctx) => ctx.db.query("usageRollupCursor").first()))!.watermark;
    await t.advance(120_000);
    await t.mutation(internal.usageRollup.run, {});
    expect((await t.run((ctx) => ctx.db.query("usageRollupCursor").first()))!.watermark).toBeGreaterThanOrEqual(before + 119_000);
  });
});
