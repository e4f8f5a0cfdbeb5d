/**
 * The seats a team's member limit counts: members plus unexpired pending invites (SPEC §5). Both reads stay within
 * the limit whatever the team's history: invites are only let through under it, and invites that expired
 * unanswered (they stay `pending`) fall outside the `expiresAt > now` range of `by_team_status_expires`.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";

export async function pendingInvites(ctx: QueryCtx, teamId: Id<"teams">, now: number): Promise<Doc<"invites">[]> {
  return ctx.db
    .query("invites")
    .withIndex("by_team_status_expires", (q) => q.eq("teamId", teamId).eq("status", "pending").gt("expiresAt", now))
    .collect();
}

export async function memberCount(ctx: QueryCtx, teamId: Id<"teams">): Promise<number> {
  return (
    await ctx.db
      .query("members")
      .withIndex("by_team_role", (q) => q.eq("teamId", teamId))
      .collect()
  ).length;
}

export async function seatsInUse(ctx: QueryCtx, teamId: Id<"teams">, now: number): Promise<number> {
  const [members, pending] = await Promise.all([memberCount(ctx, teamId), pendingInvites(ctx, teamId, now)]);
  return members + pending.length;
}
