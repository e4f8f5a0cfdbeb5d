import { expect, it } from "vitest";
import { api, internal } from "./_generated/api";
import { scoreFromAggregates } from "./lib/score";
import type { SignalInput } from "./lib/signalInput";
import { encodeBase58 } from "./lib/solanaAddress";
import schema from "./schema";
import { describeConvex, modules, withSecret } from "./test.helpers";
import { describeBackends, START_TIME } from "@/testing/backends";

const DAY = 86_400_000;
const address = (n: number) => encodeBase58(Uint8Array.from({ length: 32 }, (_, i) => (i * 13 + n * 17 + 5) % 256));

/** One job a week for the last eight weeks: consistency 1 now, and less as those weeks leave the window. */
function steadyJobs(agentAddress: string): SignalInput[] {
  return Array.from({ length: 8 }, (_, w) => ({
    line: w + 1,
    id: `${agentAddress}-w${w}`,
    type: "job" as const,
    agentAddress,
    // START_TIME is a Thursday: 6 days back is the Friday of the last full week.
    at: START_TIME - (w * 7 + 6) * DAY,
    success: true,
    responseTimeMs: 400,
  }));
}

describeConvex("scoreDecay.recomputePage", (t) => {
  const ingest = (signals: SignalInput[]) => t.mutation(api.signals.ingest, withSecret({ signals }));
  const agent = (addr: string) =>
    t.run(async (ctx) => (await ctx.db.query("agents").withIndex("by_address", (q) => q.eq("address", addr)).unique())!);
  const decayEvents = () =>
    t.run(async (ctx) => (await ctx.db.query("webhookEvents").collect()).filter((e) => e.data.cause === "decay"));

  it("re-applies time: scores that depend on the date move and say so, the others are left alone", async () => {
    const steady = address(1);
    const reviewsOnly = address(2);
    await ingest(steadyJobs(steady));
    await ingest([{ line: 1, id: "r1", type: "review", agentAddress: reviewsOnly, at: START_TIME - DAY, rating: 5 }]);
    const before = await agent(steady);
    expect(before.components.consistency).toBe(1);

    // Three weeks without a job. On the engine the daily cron runs during the advance; convex-test runs no
    // crons, so the run is started by hand: either way the agent ends rescored for the new date.
    await t.advance(21 * DAY);
    await t.mutation(internal.scoreDecay.recomputePage, {});

    const after = await agent(steady);
    const expected = scoreFromAggregates(before.aggregates, t.now());
    expect(after).toMatchObject({ score: expected.score, tier: expected.tier, components: expected.components, aggregates: before.aggregates });
    expect(after.score).toBeLessThan(before.score);
    expect(after.scoreUpdatedAt).toBeGreaterThan(START_TIME);
    const events = await decayEvents();
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.filter((e) => e.type === "score.updated").at(-1)).toMatchObject({
      agentAddress: steady,
      data: { score: after.score, cause: "decay" },
    });
    expect(events.every((e) => e.agentAddress === steady)).toBe(true);

    expect((await agent(reviewsOnly)).scoreUpdatedAt).toBe(START_TIME);
  });

  it("walks every stale agent a page per transaction, each page scheduling the next", async () => {
    const addresses = Array.from({ length: 5 }, (_, i) => address(10 + i));
    for (const a of addresses) await ingest(steadyJobs(a));
    const truth = await agent(addresses[0]);
    // Scores written by an older formula version, from before the run: all stale.
    await t.run(async (ctx) => {
      for (const row of await ctx.db.query("agents").collect()) {
        await ctx.db.patch(row._id, { score: 1, scoreVersion: 0, scoreUpdatedAt: START_TIME - DAY });
      }
    });

    const first = await t.mutation(internal.scoreDecay.recomputePage, { pageSize: 2 });
    expect(first).toEqual({ scanned: 2, rescored: 2, done: false });
    // A second of clock, not 0 ms: each page's follow-up is scheduled at its own (possibly nudged) time.
    await t.advance(1_000);

    for (const a of addresses) {
      const row = await agent(a);
      expect(row).toMatchObject({ score: truth.score, scoreVersion: 1 });
      expect(row.scoreUpdatedAt).toBeGreaterThanOrEqual(START_TIME);
    }
    expect(await decayEvents()).toHaveLength(5);
    // A second run finds everything current and writes nothing.
    expect(await t.mutation(internal.scoreDecay.recomputePage, {})).toEqual({ scanned: 5, rescored: 0, done: true });
    expect(await decayEvents()).toHaveLength(5);
  });
});

// convex-test runs no crons (prisma-free-notes/testing.md), so the schedule itself is checked on the engine.
describeBackends(
  "crons: daily recompute",
  modules,
  "./",
  schema,
  (t) => {
    it("rescores time-dependent agents every day without being called", async () => {
      const steady = address(3);
      await t.mutation(internal.signals.ingestChunk, { signals: steadyJobs(steady) });
      const before = (await t.run(async (ctx) => ctx.db.query("agents").collect()))[0]!;

      // Thursday 00:00 → the next Tuesday 00:00: the Monday starts a new week, a daily run picks it up.
      for (let day = 0; day < 5; day++) await t.advance(DAY);
      const after = (await t.run(async (ctx) => ctx.db.query("agents").collect()))[0]!;
      expect(after.score).toBe(scoreFromAggregates(before.aggregates, t.now()).score);
      expect(after.score).toBeLessThan(before.score);
      // Rescored by the run after Monday 00:00 (START_TIME is a Thursday), not before: the score was current.
      expect(after.scoreUpdatedAt).toBeGreaterThanOrEqual(START_TIME + 4 * DAY);
      expect(after.scoreUpdatedAt).toBeLessThanOrEqual(START_TIME + 5 * DAY);
    });
  },
  ["engine"],
);
