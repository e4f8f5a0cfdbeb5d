/**
 * Mail captured instead of sent when SMTP is not configured, so sign-in works offline on a developer's machine
 * (SPEC §9: never in production, kept briefly, readable only from this machine; the app server decides the
 * first and the last). Mail is kept 15 minutes: the list never shows older mail and a cron deletes it.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";
import { serverMutation, serverQuery } from "./lib/serverFunctions";

export const OUTBOX_TTL_MS = 15 * 60 * 1000;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
/** Mails deleted per transaction, and transactions per cron run: bounded work whatever piled up. */
export const OUTBOX_PURGE_PAGE = 500;
const PURGE_PAGES_PER_RUN = 20;

export const add = serverMutation({
  args: { to: v.string(), subject: v.string(), bodyCiphertext: v.string() },
  returns: v.object({ id: v.id("devOutbox") }),
  handler: async (ctx, args) => ({ id: await ctx.db.insert("devOutbox", args) }),
});

/** The mails of the last 15 minutes, newest first. */
export const list = serverQuery({
  args: { limit: v.optional(v.number()) },
  returns: v.array(
    v.object({
      id: v.id("devOutbox"),
      to: v.string(),
      subject: v.string(),
      text: v.optional(v.string()),
      html: v.optional(v.string()),
      bodyCiphertext: v.optional(v.string()),
      createdAt: v.number(),
    }),
  ),
  handler: async (ctx, { limit }) => {
    const count = Math.min(Math.max(Math.floor(limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
    const mails = await ctx.db
      .query("devOutbox")
      .withIndex("by_creation_time", (q) => q.gt("_creationTime", Date.now() - OUTBOX_TTL_MS))
      .order("desc")
      .take(count);
    return mails.map(({ _id, _creationTime, ...mail }) => ({ id: _id, createdAt: _creationTime, ...mail }));
  },
});

/** Deletes mail older than 15 minutes, oldest first through the creation-time index, a page per transaction. */
export const purgeExpired = internalMutation({
  args: { pagesLeft: v.optional(v.number()) },
  returns: v.object({ deleted: v.number(), continued: v.boolean() }),
  handler: async (ctx, { pagesLeft = PURGE_PAGES_PER_RUN }) => {
    const expired = await ctx.db
      .query("devOutbox")
      .withIndex("by_creation_time", (q) => q.lt("_creationTime", Date.now() - OUTBOX_TTL_MS))
      .take(OUTBOX_PURGE_PAGE);
    for (const mail of expired) await ctx.db.delete(mail._id);
    const continued = expired.length === OUTBOX_PURGE_PAGE && pagesLeft > 1;
    if (continued) await ctx.scheduler.runAfter(0, internal.devOutbox.purgeExpired, { pagesLeft: pagesLeft - 1 });
    return { deleted: expired.length, continued };
  },
});
