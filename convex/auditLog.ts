/**
 * The team's audit log for owners and admins (SPEC §5), newest first, filterable by action or actor, with a name
 * (address, key name, endpoint URL) for each id the page mentions that still exists.
 */
import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import { serverQuery } from "./lib/serverFunctions";
import { vActorKind } from "./lib/validators";
import { auditNames } from "./model/auditNames";
import { requirePermission } from "./model/teams";

/** The most entries one page returns (the portal asks for 25, at most 100). */
export const MAX_PAGE = 100;
/** The most audit rows one filtered page scans (both filters: the actor's rows, checked for the action). */
export const MAX_SCANNED = 1_000;

const vDetails = v.record(v.string(), v.union(v.string(), v.number(), v.boolean(), v.null()));

export const list = serverQuery({
  args: {
    teamId: v.id("teams"),
    actingUserId: v.id("users"),
    action: v.optional(v.string()),
    actorUserId: v.optional(v.id("users")),
    paginationOpts: paginationOptsValidator,
  },
  returns: v.object({
    page: v.array(
      v.object({
        entryId: v.id("auditLog"),
        at: v.number(),
        action: v.string(),
        actorKind: vActorKind,
        actorUserId: v.optional(v.id("users")),
        actorEmail: v.union(v.string(), v.null()),
        targetType: v.optional(v.string()),
        targetId: v.optional(v.string()),
        details: v.optional(vDetails),
      }),
    ),
    /** Id → name, for the actors, targets and ids in details of this page (model/auditNames.ts). */
    names: v.record(v.string(), v.string()),
    isDone: v.boolean(),
    continueCursor: v.string(),
  }),
  handler: async (ctx, { teamId, actingUserId, action, actorUserId, paginationOpts }) => {
    await requirePermission(ctx, teamId, actingUserId, "audit.view");
    // One index per filter, so a filtered page is read straight off the index (both filters: by actor, then action).
    const base = actorUserId
      ? ctx.db.query("auditLog").withIndex("by_team_actor_at", (q) => q.eq("teamId", teamId).eq("actorUserId", actorUserId))
      : action
        ? ctx.db.query("auditLog").withIndex("by_team_action_at", (q) => q.eq("teamId", teamId).eq("action", action))
        : ctx.db.query("auditLog").withIndex("by_team_at", (q) => q.eq("teamId", teamId));
    const query = actorUserId && action ? base.filter((q) => q.eq(q.field("action"), action)) : base;
    // A page is at most MAX_PAGE entries; with both filters the actor's rows are scanned for the action, at most
    // MAX_SCANNED of them a page, so a rare action of a busy actor comes back in short pages (not done, with a
    // cursor) instead of one read of the actor's whole history.
    const numItems = Math.max(1, Math.min(Math.floor(paginationOpts.numItems), MAX_PAGE));
    const result = await query.order("desc").paginate({
      ...paginationOpts,
      numItems,
      ...(actorUserId && action ? { maximumRowsRead: MAX_SCANNED } : {}),
    });
    const names = await auditNames(ctx, teamId, result.page);
    return {
      page: result.page.map((row) => ({
        entryId: row._id,
        at: row.at,
        action: row.action,
        actorKind: row.actorKind,
        ...(row.actorUserId ? { actorUserId: row.actorUserId } : {}),
        actorEmail: row.actorUserId ? (names[row.actorUserId] ?? null) : null,
        ...(row.targetType !== undefined ? { targetType: row.targetType } : {}),
        ...(row.targetId !== undefined ? { targetId: row.targetId } : {}),
        ...(row.details !== undefined ? { details: row.details } : {}),
      })),
      names,
      isDone: result.isDone,
      continueCursor: result.continueCursor,
    };
  },
});
