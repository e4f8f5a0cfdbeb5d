/** Team creation and membership lookups shared by teams.ts, apiKeys.ts and demo.ts. */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { appError } from "../lib/errors";
import { can, type Permission } from "../lib/permissions";
import type { Plan } from "../lib/plans";
import { recordAnalyticsEvent } from "./analytics";
import { writeAudit, type Actor } from "./audit";
import { findOrCreateUserByEmail } from "./users";

export type NewTeam = {
  name: string;
  ownerEmail: string;
  plan: Plan;
  /** Enterprise contract's per-minute limit. */
  rateLimit?: number;
  actor: Actor;
};

/** Creates the team, its owner (as a user, when new) and the owner's membership, and audits it. */
export async function createTeam(ctx: MutationCtx, input: NewTeam): Promise<{ teamId: Id<"teams">; ownerId: Id<"users"> }> {
  const name = validTeamName(input.name);
  if (input.rateLimit !== undefined) {
    if (input.plan !== "enterprise") throw appError("VALIDATION_ERROR", "A team rate limit is only for enterprise teams.");
    if (!Number.isInteger(input.rateLimit) || input.rateLimit < 1) {
      throw appError("VALIDATION_ERROR", "The rate limit must be a positive integer.");
    }
  }
  const owner = await findOrCreateUserByEmail(ctx, input.ownerEmail);
  const teamId = await ctx.db.insert("teams", {
    name,
    plan: input.plan,
    status: "active",
    ...(input.rateLimit !== undefined ? { limitOverrides: { rateLimitPerMinute: input.rateLimit } } : {}),
  });
  await ctx.db.insert("members", { teamId, userId: owner._id, role: "owner" });
  await writeAudit(ctx, {
    teamId,
    actor: input.actor,
    action: "team.create",
    targetType: "team",
    targetId: teamId,
    details: { name, plan: input.plan, owner: owner.email },
  });
  await recordAnalyticsEvent(ctx, { event: "team_created", actor: input.actor, teamId, properties: { plan: input.plan, via: input.actor.kind } });
  return { teamId, ownerId: owner._id };
}

/** The trimmed name, or a VALIDATION_ERROR when it is empty or longer than 100 characters. */
export function validTeamName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 100) throw appError("VALIDATION_ERROR", "Team name must be 1 to 100 characters.");
  return name;
}

export async function getMember(ctx: QueryCtx, teamId: Id<"teams">, userId: Id<"users">): Promise<Doc<"members"> | null> {
  return ctx.db
    .query("members")
    .withIndex("by_team_user", (q) => q.eq("teamId", teamId).eq("userId", userId))
    .unique();
}

/** The team, after checking that `userId` is a member whose role grants `permission`. */
export async function requirePermission(
  ctx: QueryCtx,
  teamId: Id<"teams">,
  userId: Id<"users">,
  permission: Permission,
): Promise<{ team: Doc<"teams">; member: Doc<"members"> }> {
  const [team, member] = await Promise.all([ctx.db.get(teamId), getMember(ctx, teamId, userId)]);
  if (!team || !member) throw appError("NOT_FOUND", "Team not found.");
  if (!can(member.role, permission)) throw appError("FORBIDDEN", "Your role does not allow this.");
  return { team, member };
}

/** The reason `teams.remove` records on a team its owner deleted: it has no members or keys left to come back to. */
export const DELETED_BY_OWNER = "deleted by its owner";
