/**
 * The operator CLI's actions on a team (SPEC §10): an enterprise contract's limits, and disabling or
 * re-enabling a team. Audited with the operator as actor.
 */
import { v } from "convex/values";
import type { Id } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import { appError } from "./lib/errors";
import { effectiveLimits } from "./lib/plans";
import { serverMutation } from "./lib/serverFunctions";
import { vTeamStatus } from "./lib/validators";
import { writeAudit } from "./model/audit";
import { DELETED_BY_OWNER } from "./model/teams";

async function loadTeam(ctx: MutationCtx, teamId: string) {
  const id = ctx.db.normalizeId("teams", teamId);
  const team = id ? await ctx.db.get(id) : null;
  if (!team) throw appError("NOT_FOUND", `No team ${teamId}.`);
  return team;
}

const vLimits = v.object({ rateLimitPerMinute: v.number(), maxMembers: v.number(), maxApiKeys: v.number(), maxWebhookEndpoints: v.number() });

/** Sets some of an enterprise team's contract limits; the others keep their current value. */
export const setLimits = serverMutation({
  args: {
    teamId: v.string(),
    rateLimitPerMinute: v.optional(v.number()),
    maxMembers: v.optional(v.number()),
    maxApiKeys: v.optional(v.number()),
    maxWebhookEndpoints: v.optional(v.number()),
  },
  returns: v.object({ teamId: v.id("teams"), limits: vLimits }),
  handler: async (ctx, { teamId, ...changes }) => {
    const team = await loadTeam(ctx, teamId);
    if (team.plan !== "enterprise") throw appError("VALIDATION_ERROR", `Team ${teamId} is on ${team.plan}: only enterprise teams have contract limits.`);
    const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Record<string, number>;
    if (Object.keys(given).length === 0) throw appError("VALIDATION_ERROR", "Name at least one limit to set.");
    if (Object.values(given).some((value) => !Number.isInteger(value) || value < 1)) throw appError("VALIDATION_ERROR", "Limits are whole numbers of at least 1.");
    const limitOverrides = { ...team.limitOverrides, ...given };
    await ctx.db.patch(team._id, { limitOverrides });
    await writeAudit(ctx, { teamId: team._id, actor: { kind: "operator" }, action: "team.limits", targetType: "team", targetId: team._id, details: given });
    return { teamId: team._id, limits: effectiveLimits(team.plan, limitOverrides) };
  },
});

/** Disables a team: its API calls are refused (403) until an operator enables it again. */
export const disable = serverMutation({
  args: { teamId: v.string(), reason: v.string() },
  returns: v.object({ teamId: v.id("teams"), status: vTeamStatus }),
  handler: async (ctx, { teamId, reason }) => {
    const team = await loadTeam(ctx, teamId);
    const why = reason.trim();
    if (why === "") throw appError("VALIDATION_ERROR", "Give a reason for disabling the team.");
    if (team.status === "disabled") throw appError("CONFLICT", `Team ${teamId} is already disabled (${team.disabledReason ?? "no reason recorded"}).`);
    await ctx.db.patch(team._id, { status: "disabled", disabledReason: why });
    await writeAudit(ctx, { teamId: team._id, actor: { kind: "operator" }, action: "team.disable", targetType: "team", targetId: team._id, details: { reason: why } });
    return { teamId: team._id as Id<"teams">, status: "disabled" as const };
  },
});

/** Enables a disabled team again: back to past due if it was when disabled (its payment state is kept), else active. */
export const enable = serverMutation({
  args: { teamId: v.string() },
  returns: v.object({ teamId: v.id("teams"), status: vTeamStatus }),
  handler: async (ctx, { teamId }) => {
    const team = await loadTeam(ctx, teamId);
    if (team.status !== "disabled") throw appError("CONFLICT", `Team ${teamId} is not disabled.`);
    if (team.disabledReason === DELETED_BY_OWNER) throw appError("CONFLICT", `Team ${teamId} was deleted by its owner and has no members or keys left.`);
    const status = team.pastDueSince !== undefined ? ("past_due" as const) : ("active" as const);
    await ctx.db.patch(team._id, { status, disabledReason: undefined });
    await writeAudit(ctx, { teamId: team._id, actor: { kind: "operator" }, action: "team.enable", targetType: "team", targetId: team._id });
    return { teamId: team._id, status };
  },
});
