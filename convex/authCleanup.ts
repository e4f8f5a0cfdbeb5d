/**
 * Cleanup of expired sign-in state. An expired session or magic-link token is already refused where it is read
 * (auth.ts checks `expires`), so this only bounds the tables: an hourly cron deletes expired rows of each a page
 * at a time, scheduling the next page at once while there is more, so no transaction grows with the backlog.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";

export const PURGE_PAGE_SIZE = 500;

export const purgeExpired = internalMutation({
  args: {},
  returns: v.object({ sessions: v.number(), verificationTokens: v.number() }),
  handler: async (ctx) => {
    const now = Date.now();
    const sessions = await ctx.db
      .query("sessions")
      .withIndex("by_expires", (q) => q.lte("expires", now))
      .take(PURGE_PAGE_SIZE);
    const tokens = await ctx.db
      .query("verificationTokens")
      .withIndex("by_expires", (q) => q.lte("expires", now))
      .take(PURGE_PAGE_SIZE);
    for (const row of [...sessions, ...tokens]) await ctx.db.delete(row._id);
    if (sessions.length === PURGE_PAGE_SIZE || tokens.length === PURGE_PAGE_SIZE) {
      await ctx.scheduler.runAfter(0, internal.authCleanup.purgeExpired, {});
    }
    return { sessions: sessions.length, verificationTokens: tokens.length };
  },
});
