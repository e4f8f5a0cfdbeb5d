/**
 * Raw usage events are kept 90 days (SPEC §7 and issue 8), and until the usage roll-up has counted them; the
 * usage buckets and monthly periods, which every chart and statement reads, are kept. The sweep walks the implicit `by_creation_time` index from the oldest
 * event, so it reads only rows it deletes, and needs no index of its own: every API call writes one row into each
 * index of `usageEvents`, and a `by_timestamp` was dropped for that reason (data-model.md).
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";
import { commitTsOf, rollupCursor } from "./model/usageBuckets";

export const USAGE_EVENT_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;
/** Events deleted per transaction: a short write that never holds up recording. */
export const PURGE_PAGE_SIZE = 500;
/** Pages per hourly run (50,000 events): bounded work per run, and above what a busy hour adds. */
export const PURGE_PAGES_PER_RUN = 100;

export const purgeOldEvents = internalMutation({
  args: { pagesLeft: v.optional(v.number()) },
  returns: v.object({ deleted: v.number(), continued: v.boolean() }),
  handler: async (ctx, { pagesLeft = PURGE_PAGES_PER_RUN }) => {
    const cutoff = Date.now() - USAGE_EVENT_RETENTION_MS;
    const cursor = await rollupCursor(ctx);
    const page = await ctx.db
      .query("usageEvents")
      .withIndex("by_creation_time", (q) => q.lt("_creationTime", cutoff))
      .take(PURGE_PAGE_SIZE);
    // An event the usage roll-up has not counted stays (and so do the ones after it), however old: only a stopped
    // roll-up leaves one behind, and its count must not be lost.
    const uncounted = page.findIndex((event) => cursor === null || commitTsOf(event) > cursor.commitTs);
    const old = uncounted === -1 ? page : page.slice(0, uncounted);
    for (const event of old) await ctx.db.delete(event._id);
    const continued = old.length === PURGE_PAGE_SIZE && pagesLeft > 1;
    if (continued) await ctx.scheduler.runAfter(0, internal.usageRetention.purgeOldEvents, { pagesLeft: pagesLeft - 1 });
    return { deleted: old.length, continued };
  },
});
