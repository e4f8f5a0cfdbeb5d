import { expect, it } from "vitest";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { describeConvex, recordCalls, rollUpUsage, withSecret } from "./test.helpers";
import { PURGE_PAGE_SIZE, USAGE_EVENT_RETENTION_MS } from "./usageRetention";

const DAY = 86_400_000;

describeConvex("usage event retention", (t) => {
  async function seed() {
    const { teamId } = await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "owner@acme.test" }));
    const { keyId } = await t.mutation(api.apiKeys.create, withSecret({ teamId, name: "CI" }));
    return { teamId, keyId };
  }
  /** `count` billable verify calls recorded now (the harness clock) through the request path's recorder. */
  const record = (teamId: Id<"teams">, apiKeyId: Id<"apiKeys">, count: number, rollUp = true) =>
    recordCalls(t, Array.from({ length: count }, () => ({ teamId, apiKeyId })), rollUp);
  const counts = () =>
    t.run(async (ctx) => ({
      events: (await ctx.db.query("usageEvents").collect()).length,
      rollups: (await ctx.db.query("usageBuckets").collect()).filter((b) => b.scope === "key" && b.granularity === "hour").length,
    }));

  it("deletes events older than 90 days and keeps newer events and every bucket", async () => {
    const { teamId, keyId } = await seed();
    await record(teamId, keyId, 3);
    await t.advance(85 * DAY - 1_001);
    await record(teamId, keyId, 2);
    await t.advance(5 * DAY - 1_001);
    // Exactly 90 days old: still kept.
    expect(await t.mutation(internal.usageRetention.purgeOldEvents, {})).toEqual({ deleted: 0, continued: false });
    await t.advance(DAY);
    await t.mutation(internal.usageRetention.purgeOldEvents, {});
    expect(await counts()).toEqual({ events: 2, rollups: 2 });
    await t.advance(USAGE_EVENT_RETENTION_MS);
    await t.mutation(internal.usageRetention.purgeOldEvents, {});
    expect(await counts()).toEqual({ events: 0, rollups: 2 });
  });

  it("keeps an old event the roll-up has not counted yet", async () => {
    const { teamId, keyId } = await seed();
    await record(teamId, keyId, 2, false);
    await t.run((ctx) => ctx.db.insert("usageRollupCursor", { commitTs: 0n, creationTime: 0, watermark: 0 }));
    // As if the roll-up had stopped: the cursor stays before the events while they grow old.
    const stalled = async () => {
      await t.advance(USAGE_EVENT_RETENTION_MS + DAY);
      return t.run(async (ctx) => {
        const cursor = (await ctx.db.query("usageRollupCursor").first())!;
        await ctx.db.patch(cursor._id, { commitTs: 0n, creationTime: 0 });
      });
    };
    await stalled();
    expect(await t.mutation(internal.usageRetention.purgeOldEvents, {})).toEqual({ deleted: 0, continued: false });
    await rollUpUsage(t);
    await t.mutation(internal.usageRetention.purgeOldEvents, {});
    expect((await counts()).events).toBe(0);
  });

  it("deletes a page per transaction, continues in the next one, and stops after the run's pages", async () => {
    const { teamId, keyId } = await seed();
    await record(teamId, keyId, 2 * PURGE_PAGE_SIZE + 10);
    await t.advance(USAGE_EVENT_RETENTION_MS + 60_000);
    // Only the engine runs crons inside `advance`: there the hourly cron has already drained all three pages, a
    // page per transaction; convex-test runs no crons, so the sweep is driven here, page by page.
    if (t.backend === "engine") {
      expect((await counts()).events).toBe(0);
      return;
    }
    expect(await t.mutation(internal.usageRetention.purgeOldEvents, { pagesLeft: 2 })).toEqual({ deleted: PURGE_PAGE_SIZE, continued: true });
    expect((await counts()).events).toBe(PURGE_PAGE_SIZE + 10);
    await t.advance(1);
    // The scheduled second page ran and, the run's pages spent, scheduled no third: the rest waits for the next run.
    expect((await counts()).events).toBe(10);
    expect(await t.mutation(internal.usageRetention.purgeOldEvents, {})).toEqual({ deleted: 10, continued: false });
  });
});
