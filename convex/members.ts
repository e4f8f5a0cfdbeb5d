/** A team's members: list, change role, remove (SPEC §5: owners and admins, and nobody acts on the owner). */
import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import type { QueryCtx } from "./_generated/server";
import { appError } from "./lib/errors";
import { canAssignRole, canManageMember } from "./lib/permissions";
import { serverMutation, serverQuery } from "./lib/serverFunctions";
import { vInvitableRole, vRole } from "./lib/validators";
import { writeAudit } from "./model/audit";
import { getMember, requirePermission } from "./model/teams";

/** Every member with their address, the owner first, then by when they joined. */
export const list = serverQuery({
  args: { teamId: v.id("teams"), actingUserId: v.id("users") },
  returns: v.array(v.object({ userId: v.id("users"), email: v.string(), name: v.optional(v.string()), role: vRole, joinedAt: v.number() })),
  handler: async (ctx, { teamId, actingUserId }) => {
    await requirePermission(ctx, teamId, actingUserId, "team.view");
    const members = await ctx.db
      .query("members")
      .withIndex("by_team_role", (q) => q.eq("teamId", teamId))
      .collect();
    const users = await Promise.all(members.map((m) => ctx.db.get(m.userId)));
    return members
      .flatMap((m, i) => {
        const user = users[i];
        return user
          ? [{ userId: m.userId, email: user.email, ...(user.name ? { name: user.name } : {}), role: m.role, joinedAt: m._creationTime }]
          : [];
      })
      .sort((a, b) => Number(b.role === "owner") - Number(a.role === "owner") || a.joinedAt - b.joinedAt);
  },
});

/**
 * The target membership, after checking the actor may act on it. The user id comes from the browser, so it is
 * taken as a string: one that is no user id, or names someone outside the team, is NOT_FOUND.
 */
async function manageableMember(
  ctx: QueryCtx,
  teamId: Id<"teams">,
  actingUserId: Id<"users">,
  rawUserId: string,
): Promise<{ actor: Doc<"members">; target: Doc<"members"> }> {
  const { member: actor } = await requirePermission(ctx, teamId, actingUserId, "members.manage");
  const userId = ctx.db.normalizeId("users", rawUserId);
  const target = userId && (await getMember(ctx, teamId, userId));
  if (!target) throw appError("NOT_FOUND", "That person is not a member of this team.");
  if (!canManageMember(actor.role, target.role))
    throw appError("FORBIDDEN", "Nobody changes or removes the owner; the owner transfers ownership.");
  return { actor, target };
}

export const changeRole = serverMutation({
  args: { teamId: v.id("teams"), actingUserId: v.id("users"), userId: v.string(), role: vInvitableRole },
  returns: v.null(),
  handler: async (ctx, { teamId, actingUserId, userId, role }) => {
    const { actor, target } = await manageableMember(ctx, teamId, actingUserId, userId);
    if (!canAssignRole(actor.role, role)) throw appError("FORBIDDEN", "Your role cannot give that role.");
    if (target.role === role) return null;
    await ctx.db.patch(target._id, { role });
    await writeAudit(ctx, {
      teamId,
      actor: { kind: "user", userId: actingUserId },
      action: "member.role_change",
      targetType: "user",
      targetId: target.userId,
      details: { from: target.role, to: role },
    });
    return null;
  },
});

export const remove = serverMutation({
  args: { teamId: v.id("teams"), actingUserId: v.id("users"), userId: v.string() },
  returns: v.null(),
  handler: async (ctx, { teamId, actingUserId, userId }) => {
    const { target } = await manageableMember(ctx, teamId, actingUserId, userId);
    await ctx.db.delete(target._id);
    await writeAudit(ctx, {
      teamId,
      actor: { kind: "user", userId: actingUserId },
      action: "member.remove",
      targetType: "user",
      targetId: target.userId,
      details: { role: target.role },
    });
    return null;
  },
});
