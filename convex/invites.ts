/**
 * Team invites (SPEC §5). The app server generates the token (32 random bytes), mails it and passes only its
 * SHA-256 here, so no token ever reaches the database. Single use, 7-day expiry, revocable, resendable with a
 * new token; the member limit counts pending invites when inviting and is checked again on accept.
 */
import { v } from "convex/values";
import type { Id } from "./_generated/dataModel";
import type { QueryCtx } from "./_generated/server";
import { appError } from "./lib/errors";
import { isSha256Hex } from "./lib/hashing";
import { canAssignRole } from "./lib/permissions";
import { effectiveLimits } from "./lib/plans";
import { serverMutation, serverQuery } from "./lib/serverFunctions";
import { vInvitableRole, vInviteStatus } from "./lib/validators";
import { writeAudit } from "./model/audit";
import { recordAnalyticsEvent } from "./model/analytics";
import { memberCount, pendingInvites } from "./model/seats";
import { getMember, requirePermission } from "./model/teams";
import { findUserByEmail, normalizeEmail } from "./model/users";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function requireTokenHash(tokenHash: string): void {
  if (!isSha256Hex(tokenHash)) throw appError("VALIDATION_ERROR", "tokenHash must be a SHA-256 hex digest.");
}

/**
 * The invite of this team, after checking the actor manages members. The id comes from the browser, so it is
 * taken as a string: one that is no invite id, or an invite of another team, is NOT_FOUND.
 */
async function manageableInvite(ctx: QueryCtx, teamId: Id<"teams">, rawInviteId: string, actingUserId: Id<"users">) {
  const { team } = await requirePermission(ctx, teamId, actingUserId, "members.manage");
  const inviteId = ctx.db.normalizeId("invites", rawInviteId);
  const invite = inviteId && (await ctx.db.get(inviteId));
  if (!invite || invite.teamId !== teamId) throw appError("NOT_FOUND", "Invite not found.");
  return { team, invite };
}

const vInviteView = v.object({
  inviteId: v.id("invites"),
  email: v.string(),
  role: vInvitableRole,
  invitedByEmail: v.union(v.string(), v.null()),
  expiresAt: v.number(),
  lastSentAt: v.number(),
});

/** Pending, unexpired invites, newest first: what an admin can still revoke or resend. */
export const list = serverQuery({
  args: { teamId: v.id("teams"), actingUserId: v.id("users") },
  returns: v.array(vInviteView),
  handler: async (ctx, { teamId, actingUserId }) => {
    await requirePermission(ctx, teamId, actingUserId, "members.manage");
    const invites = (await pendingInvites(ctx, teamId, Date.now())).sort((a, b) => b.lastSentAt - a.lastSentAt);
    const inviters = await Promise.all(invites.map((i) => ctx.db.get(i.invitedByUserId)));
    return invites.map((invite, i) => ({
      inviteId: invite._id,
      email: invite.email,
      role: invite.role,
      invitedByEmail: inviters[i]?.email ?? null,
      expiresAt: invite.expiresAt,
      lastSentAt: invite.lastSentAt,
    }));
  },
});

export const create = serverMutation({
  args: { teamId: v.id("teams"), actingUserId: v.id("users"), email: v.string(), role: vInvitableRole, tokenHash: v.string() },
  returns: v.object({ inviteId: v.id("invites"), teamName: v.string(), expiresAt: v.number() }),
  handler: async (ctx, { teamId, actingUserId, email: rawEmail, role, tokenHash }) => {
    requireTokenHash(tokenHash);
    const { team, member } = await requirePermission(ctx, teamId, actingUserId, "members.manage");
    if (!canAssignRole(member.role, role)) throw appError("FORBIDDEN", "Your role cannot give that role.");
    const email = normalizeEmail(rawEmail);
    if (!EMAIL.test(email)) throw appError("VALIDATION_ERROR", "Enter a valid email address.");
    const now = Date.now();
    const existingUser = await findUserByEmail(ctx, email);
    if (existingUser && (await getMember(ctx, teamId, existingUser._id))) {
      throw appError("CONFLICT", `${email} is already a member of this team.`);
    }
    const pending = await pendingInvites(ctx, teamId, now);
    if (pending.some((invite) => invite.email === email)) {
      throw appError("CONFLICT", `${email} already has a pending invite; resend it instead.`);
    }
    const { maxMembers } = effectiveLimits(team.plan, team.limitOverrides);
    if ((await memberCount(ctx, teamId)) + pending.length >= maxMembers) {
      throw appError("LIMIT_EXCEEDED", `The ${team.plan} plan allows ${maxMembers} members, pending invites included.`);
    }
    const expiresAt = now + INVITE_TTL_MS;
    const inviteId = await ctx.db.insert("invites", {
      teamId,
      email,
      role,
      tokenHash,
      invitedByUserId: actingUserId,
      status: "pending",
      expiresAt,
      lastSentAt: now,
    });
    await writeAudit(ctx, {
      teamId,
      actor: { kind: "user", userId: actingUserId },
      action: "invite.create",
      targetType: "invite",
      targetId: inviteId,
      details: { email, role },
    });
    await recordAnalyticsEvent(ctx, { event: "invite_sent", actor: { kind: "user", userId: actingUserId }, teamId, properties: { role } });
    return { inviteId, teamName: team.name, expiresAt };
  },
});

/** A new token (the old link stops working) and seven more days. */
export const resend = serverMutation({
  args: { teamId: v.id("teams"), actingUserId: v.id("users"), inviteId: v.string(), tokenHash: v.string() },
  returns: v.object({ email: v.string(), role: vInvitableRole, teamName: v.string(), expiresAt: v.number() }),
  handler: async (ctx, { teamId, actingUserId, inviteId, tokenHash }) => {
    requireTokenHash(tokenHash);
    const { team, invite } = await manageableInvite(ctx, teamId, inviteId, actingUserId);
    if (invite.status !== "pending") throw appError("CONFLICT", `This invite was ${invite.status}; send a new one.`);
    const now = Date.now();
    const expiresAt = now + INVITE_TTL_MS;
    await ctx.db.patch(invite._id, { tokenHash, expiresAt, lastSentAt: now });
    await writeAudit(ctx, {
      teamId,
      actor: { kind: "user", userId: actingUserId },
      action: "invite.resend",
      targetType: "invite",
      targetId: invite._id,
      details: { email: invite.email },
    });
    return { email: invite.email, role: invite.role, teamName: team.name, expiresAt };
  },
});

export const revoke = serverMutation({
  args: { teamId: v.id("teams"), actingUserId: v.id("users"), inviteId: v.string() },
  returns: v.null(),
  handler: async (ctx, { teamId, actingUserId, inviteId }) => {
    const { invite } = await manageableInvite(ctx, teamId, inviteId, actingUserId);
    if (invite.status !== "pending") throw appError("CONFLICT", `This invite was already ${invite.status}.`);
    await ctx.db.patch(invite._id, { status: "revoked", revokedAt: Date.now() });
    await writeAudit(ctx, {
      teamId,
      actor: { kind: "user", userId: actingUserId },
      action: "invite.revoke",
      targetType: "invite",
      targetId: invite._id,
      details: { email: invite.email },
    });
    return null;
  },
});

/** What the accept page shows before the visitor accepts; the status tells why a link no longer works. */
export const preview = serverQuery({
  args: { tokenHash: v.string() },
  returns: v.union(
    v.null(),
    v.object({ teamName: v.string(), email: v.string(), role: vInvitableRole, status: vInviteStatus, expiresAt: v.number() }),
  ),
  handler: async (ctx, { tokenHash }) => {
    requireTokenHash(tokenHash);
    const invite = await ctx.db
      .query("invites")
      .withIndex("by_token_hash", (q) => q.eq("tokenHash", tokenHash))
      .unique();
    const team = invite && (await ctx.db.get(invite.teamId));
    if (!invite || !team) return null;
    const status = invite.status === "pending" && invite.expiresAt <= Date.now() ? "expired" : invite.status;
    return { teamName: team.name, email: invite.email, role: invite.role, status, expiresAt: invite.expiresAt };
  },
});

/**
 * The signed-in user accepts: only as the invited address, only once, only before expiry, only while the team
 * has room. Returns whom to notify.
 */
export const accept = serverMutation({
  args: { tokenHash: v.string(), userId: v.id("users") },
  returns: v.object({
    teamId: v.id("teams"),
    teamName: v.string(),
    role: vInvitableRole,
    inviterEmail: v.union(v.string(), v.null()),
    memberEmail: v.string(),
  }),
  handler: async (ctx, { tokenHash, userId }) => {
    requireTokenHash(tokenHash);
    const invite = await ctx.db
      .query("invites")
      .withIndex("by_token_hash", (q) => q.eq("tokenHash", tokenHash))
      .unique();
    const team = invite && (await ctx.db.get(invite.teamId));
    if (!invite || !team || team.status === "disabled") throw appError("NOT_FOUND", "This invite does not exist.");
    if (invite.status !== "pending") throw appError("CONFLICT", `This invite was already ${invite.status}.`);
    const now = Date.now();
    if (invite.expiresAt <= now) throw appError("CONFLICT", "This invite has expired; ask for a new one.");
    const user = await ctx.db.get(userId);
    if (!user) throw appError("UNAUTHORIZED", "Sign in first.");
    if (user.email !== invite.email) {
      throw appError("FORBIDDEN", `This invite is for ${invite.email}; sign in with that address to accept it.`);
    }
    if (await getMember(ctx, invite.teamId, userId)) throw appError("CONFLICT", "You are already a member of this team.");
    const { maxMembers } = effectiveLimits(team.plan, team.limitOverrides);
    if ((await memberCount(ctx, invite.teamId)) >= maxMembers) {
      throw appError("LIMIT_EXCEEDED", `${team.name} is at its plan's limit of ${maxMembers} members; ask an admin for room.`);
    }
    await ctx.db.insert("members", { teamId: invite.teamId, userId, role: invite.role });
    await ctx.db.patch(invite._id, { status: "accepted", acceptedAt: now, acceptedByUserId: userId });
    await writeAudit(ctx, {
      teamId: invite.teamId,
      actor: { kind: "user", userId },
      action: "invite.accept",
      targetType: "invite",
      targetId: invite._id,
      details: { email: invite.email, role: invite.role, invitedBy: invite.invitedByUserId },
    });
    await recordAnalyticsEvent(ctx, { event: "invite_accepted", actor: { kind: "user", userId }, teamId: invite.teamId, properties: { role: invite.role } });
    const inviter = await ctx.db.get(invite.invitedByUserId);
    return { teamId: invite.teamId, teamName: team.name, role: invite.role, inviterEmail: inviter?.email ?? null, memberEmail: user.email };
  },
});
