/**
 * The daily recompute (SPEC §3: time decay). A score depends on the date through consistency, which counts the
 * last 8 full UTC weeks before the current one: as weeks pass, old weeks leave the window even when no signal
 * arrives. (The payment decay weighs jobs relative to the newest job, so it moves only with new signals.)
 *
 * One run walks the agents scored before it started, oldest score first, a page per transaction; each page
 * schedules the next, so no transaction does unbounded work however many agents there are. Agents rescored by
 * ingestion after the run started are already current and fall outside its range.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";
import { rescoreAgent } from "./model/agentScores";

export const DEFAULT_PAGE_SIZE = 200;

export const recomputePage = internalMutation({
  args: {
    /** When the run started (the first page's clock): agents scored since then are current. */
    startedAt: v.optional(v.number()),
    cursor: v.optional(v.string()),
    pageSize: v.optional(v.number()),
  },
  returns: v.object({ scanned: v.number(), rescored: v.number(), done: v.boolean() }),
  handler: async (ctx, args) => {
    const now = Date.now();
    const startedAt = args.startedAt ?? now;
    const pageSize = args.pageSize ?? DEFAULT_PAGE_SIZE;
    const page = await ctx.db
      .query("agents")
      .withIndex("by_score_updated", (q) => q.lt("scoreUpdatedAt", startedAt))
      .paginate({ cursor: args.cursor ?? null, numItems: pageSize });
    let rescored = 0;
    for (const agent of page.page) {
      if (await rescoreAgent(ctx, agent, { aggregates: agent.aggregates, cause: "decay" }, now)) rescored++;
    }
    if (!page.isDone) {
      await ctx.scheduler.runAfter(0, internal.scoreDecay.recomputePage, {
        startedAt,
        cursor: page.continueCursor,
        pageSize,
      });
    }
    return { scanned: page.page.length, rescored, done: page.isDone };
  },
});
