/** Teams: creation (operator CLI) and the membership lookups the portal's tRPC layer builds on. */
import { v } from "convex/values";
import { appError } from "./lib/errors";
import { serverMutation, serverQuery } from "./lib/serverFunctions";
import { vPlan, vRole, vTeamStatus } from "./lib/validators";
import { createTeam, getMember } from "./model/teams";
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

/** The user's role in the team and the team itself, or null when they are not a member. */
export const getMembership = serverQuery({
  args: { userId: v.id("users"), teamId: v.id("teams") },
  returns: v.union(v.null(), v.object({ role: vRole, team: vTeam })),
  handler: async (ctx, { userId, teamId }) => {
    const [member, team] = await Promise.all([getMember(ctx, teamId, userId), ctx.db.get(teamId)]);
    return member && team ? { role: member.role, team } : null;
  },
});
