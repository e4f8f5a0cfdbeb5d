/** Teams: creation (operator CLI and portal), membership lookups, rename, ownership transfer and deletion. */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { internalMutation, type MutationCtx } from "./_generated/server";
import { appError } from "./lib/errors";
import { serverMutation, serverQuery } from "./lib/serverFunctions";
import { vPlan, vRole, vTeamStatus } from "./lib/validators";
import { writeAudit } from "./model/audit";
import { createTeam, DELETED_BY_OWNER, getMember, requirePermission, validTeamName } from "./model/teams";
import schema from "./schema";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A team document as stored, derived from the schema so the two cannot drift apart. */
const vTeam = v.object({ _id: v.id("teams"), _creationTime: v.number(), ...schema.tables.teams.validator.fields });

/** `team create` of the operator CLI: creates the owner's user when the address is new. */
export const create = serverMutation({
  args: {
    name: v.string(),
    ownerEmail: v.string(),
    plan: v.optional(vPlan),
    /** Per-minute limit of an enterprise contract. */
    rateLimit: v.optional(v.number()),
  },
  returns: v.object({ teamId: v.id("teams") }),
  handler: async (ctx, args) => {
    if (!EMAIL.test(args.ownerEmail.trim())) throw appError("VALIDATION_ERROR", "The owner email address is not valid.");
    const { teamId } = await createTeam(ctx, {
      name: args.name,
      ownerEmail: args.ownerEmail,
      plan: args.plan ?? "startup",
      rateLimit: args.rateLimit,
      actor: { kind: "operator" },
    });
    return { teamId };
  },
});

/** The teams a user belongs to, with their role in each, oldest membership first. */
export const listForUser = serverQuery({
  args: { userId: v.id("users") },
  returns: v.array(v.object({ teamId: v.id("teams"), name: v.string(), plan: vPlan, status: vTeamStatus, role: vRole })),
  handler: async (ctx, { userId }) => {
    const memberships = await ctx.db
      .query("members")
      .withIndex("by_user", (q) => q.eq("userId", userId))
      .collect();
    const teams = await Promise.all(memberships.map((m) => ctx.db.get(m.teamId)));
    return memberships.flatMap((m, i) => {
      const team = teams[i];
      return team ? [{ teamId: team._id, name: team.name, plan: team.plan, status: team.status, role: m.role }] : [];
    });
  },
});

/**
 * The user's role in the team and the team itself, or null when they are not a member. The team id comes from a
 * URL, so it is taken as a string: anything that is not a team id is simply not a team the user belongs to.
 */
export const getMembership = serverQuery({
  args: { userId: v.id("users"), teamId: v.string() },
  returns: v.union(v.null(), v.object({ role: vRole, team: vTeam })),
  handler: async (ctx, { userId, teamId: rawTeamId }) => {
    const teamId = ctx.db.normalizeId("teams", rawTeamId);
    if (!teamId) return null;
    const [member, team] = await Promise.all([getMember(ctx, teamId, userId), ctx.db.get(teamId)]);
    return member && team ? { role: member.role, team } : null;
  },
});

/** A signed-in user creates a team from the portal: always on the startup plan (plans change through billing). */
export const createForUser = serverMutation({
  args: { userId: v.id("users"), name: v.string() },
  returns: v.object({ teamId: v.id("teams") }),
  handler: async (ctx, { userId, name }) => {
    const user = await ctx.db.get(userId);
    if (!user) throw appError("UNAUTHORIZED", "Sign in first.");
    const { teamId } = await createTeam(ctx, { name, ownerEmail: user.email, plan: "startup", actor: { kind: "user", userId } });
    return { teamId };
  },
});

export const rename = serverMutation({
  args: { teamId: v.id("teams"), actingUserId: v.id("users"), name: v.string() },
  returns: v.null(),
  handler: async (ctx, { teamId, actingUserId, name }) => {
    const { team } = await requirePermission(ctx, teamId, actingUserId, "team.rename");
    const trimmed = validTeamName(name);
    await ctx.db.patch(teamId, { name: trimmed });
    await writeAudit(ctx, {
      teamId,
      actor: { kind: "user", userId: actingUserId },
      action: "team.rename",
      targetType: "team",
      targetId: teamId,
      details: { from: team.name, to: trimmed },
    });
    return null;
  },
});

/** The owner hands the team to another member, and stays on as an admin (one owner per team). */
export const transferOwnership = serverMutation({
  /** A string from the browser: one that is no user id, or names a non-member, is NOT_FOUND. */
  args: { teamId: v.id("teams"), actingUserId: v.id("users"), newOwnerUserId: v.string() },
  returns: v.null(),
  handler: async (ctx, { teamId, actingUserId, newOwnerUserId: rawNewOwner }) => {
    const { member: owner } = await requirePermission(ctx, teamId, actingUserId, "team.owner");
    const newOwnerUserId = ctx.db.normalizeId("users", rawNewOwner);
    if (newOwnerUserId === actingUserId) throw appError("VALIDATION_ERROR", "You already own this team.");
    const next = newOwnerUserId && (await getMember(ctx, teamId, newOwnerUserId));
    if (!next) throw appError("NOT_FOUND", "That person is not a member of this team.");
    await ctx.db.patch(next._id, { role: "owner" });
    await ctx.db.patch(owner._id, { role: "admin" });
    await writeAudit(ctx, {
      teamId,
      actor: { kind: "user", userId: actingUserId },
      action: "team.transfer_ownership",
      targetType: "user",
      targetId: next.userId,
      details: { previousRoleOfNewOwner: next.role },
    });
    return null;
  },
});

/** Rows one deletion transaction removes: far inside Convex's 8,192 writes and 16,384 reads, whatever the history. */
export const TEAM_DELETION_PAGE = 1_000;

/**
 * Deletes up to TEAM_DELETION_PAGE of the team's memberships, invites and API keys, in that order (memberships
 * first, so the usual team loses every one at once); true when none is left.
 */
async function deleteTeamRowsPage(ctx: MutationCtx, teamId: Id<"teams">): Promise<boolean> {
  let budget = TEAM_DELETION_PAGE;
  const sources = [
    () => ctx.db.query("members").withIndex("by_team_role", (q) => q.eq("teamId", teamId)),
    () => ctx.db.query("invites").withIndex("by_team_status_expires", (q) => q.eq("teamId", teamId)),
    () => ctx.db.query("apiKeys").withIndex("by_team_revoked", (q) => q.eq("teamId", teamId)),
  ];
  for (const source of sources) {
    const rows = await source().take(budget);
    for (const row of rows) await ctx.db.delete(row._id);
    budget -= rows.length;
    // A full page may have left rows behind: the next page finds out.
    if (budget === 0) return false;
  }
  return true;
}

/**
 * Deletes the team for its owner, who must type its name. Memberships, invites and API keys go (the first
 * TEAM_DELETION_PAGE at once, memberships first, the rest in scheduled pages of the same size: a team with years
 * of rotated keys and old invites fits no single transaction), so nobody reaches the team and no key
 * authenticates — a key still waiting for its page is refused anyway, its team being disabled — and its webhook
 * endpoints are disabled; the team row stays, disabled, because usage, invoices and the audit log of the period
 * still refer to it.
 */
export const remove = serverMutation({
  args: { teamId: v.id("teams"), actingUserId: v.id("users"), confirmName: v.string() },
  returns: v.null(),
  handler: async (ctx, { teamId, actingUserId, confirmName }) => {
    const { team } = await requirePermission(ctx, teamId, actingUserId, "team.owner");
    if (confirmName.trim() !== team.name) throw appError("VALIDATION_ERROR", "Type the team's name exactly to delete it.");
    const done = await deleteTeamRowsPage(ctx, teamId);
    // Webhook endpoints stay (their delivery history refers to them) but stop receiving anything. A team has at
    // most its plan's endpoint limit of them: removing one deletes its row.
    const now = Date.now();
    const endpoints = await ctx.db
      .query("webhookEndpoints")
      .withIndex("by_team", (q) => q.eq("teamId", teamId))
      .collect();
    for (const endpoint of endpoints) {
      if (endpoint.status === "active") await ctx.db.patch(endpoint._id, { status: "disabled", disabledReason: "manual", disabledAt: now });
    }
    await ctx.db.patch(teamId, { status: "disabled", disabledReason: DELETED_BY_OWNER });
    await writeAudit(ctx, {
      teamId,
      actor: { kind: "user", userId: actingUserId },
      action: "team.delete",
      targetType: "team",
      targetId: teamId,
      details: { name: team.name },
    });
    if (!done) await ctx.scheduler.runAfter(0, internal.teams.deleteTeamRows, { teamId });
    return null;
  },
});

/** The next page of a deleted team's memberships, invites and keys; schedules itself until none is left. */
export const deleteTeamRows = internalMutation({
  args: { teamId: v.id("teams") },
  returns: v.object({ done: v.boolean() }),
  handler: async (ctx, { teamId }) => {
    const done = await deleteTeamRowsPage(ctx, teamId);
    if (!done) await ctx.scheduler.runAfter(0, internal.teams.deleteTeamRows, { teamId });
    return { done };
  },
});
