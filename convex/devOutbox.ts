/** Mail captured instead of sent when SMTP is not configured, so sign-in works offline. */
import { v } from "convex/values";
import { serverMutation, serverQuery } from "./lib/serverFunctions";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

export const add = serverMutation({
  args: { to: v.string(), subject: v.string(), text: v.string(), html: v.optional(v.string()) },
  returns: v.object({ id: v.id("devOutbox") }),
  handler: async (ctx, args) => ({ id: await ctx.db.insert("devOutbox", args) }),
});

/** The latest captured mails, newest first. */
export const list = serverQuery({
  args: { limit: v.optional(v.number()) },
  returns: v.array(
    v.object({
      id: v.id("devOutbox"),
      to: v.string(),
      subject: v.string(),
      text: v.string(),
      html: v.optional(v.string()),
      createdAt: v.number(),
    }),
  ),
  handler: async (ctx, { limit }) => {
    const count = Math.min(Math.max(Math.floor(limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
    const mails = await ctx.db.query("devOutbox").order("desc").take(count);
    return mails.map(({ _id, _creationTime, ...mail }) => ({ id: _id, createdAt: _creationTime, ...mail }));
  },
});
