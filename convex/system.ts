/** Liveness of the backend as the app server sees it (used by `GET /api/health`). */
import { v } from "convex/values";
import { serverQuery } from "./lib/serverFunctions";

export const health = serverQuery({
  args: {},
  returns: v.object({ ok: v.literal(true) }),
  handler: async (ctx) => {
    // Reading a table proves the database answers, not just the function runtime.
    await ctx.db.query("teams").first();
    return { ok: true as const };
  },
});
