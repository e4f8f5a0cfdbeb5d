/**
 * Cleanup of `Idempotency-Key` records (SPEC §2 keeps answers for 24 h). An expired record already counts as
 * absent (model/idempotency.ts), so this only bounds the table: an hourly cron deletes expired records a page at a
 * time, scheduling the next page at once when there is more, so no transaction grows with the backlog.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";

export const PURGE_PAGE_SIZE = 500;

export const purgeExpired = internalMutation({
  args: {},
  returns: v.object({ deleted: v.number() }),
  handler: async (ctx) => {
    const expired = await ctx.db
      .query("idempotencyRecords")
      .withIndex("by_expires", (q) => q.lte("expiresAt", Date.now()))
      .take(PURGE_PAGE_SIZE);
    for (const record of expired) await ctx.db.delete(record._id);
    if (expired.length === PURGE_PAGE_SIZE) await ctx.scheduler.runAfter(0, internal.idempotency.purgeExpired, {});
    return { deleted: expired.length };
  },
});
