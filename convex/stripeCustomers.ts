/**
 * What the Stripe billing actions (stripeBilling.ts) read and write in the database: the owner's right to manage
 * billing, the team's Stripe ids, and the team's customer id, stored once. Internal: only those actions call them,
 * with ids the server-guarded action was given.
 */
import { v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { internalMutation, internalQuery, type QueryCtx } from "./_generated/server";
import { assertPlanChangeAllowed } from "./billing";
import { vPlan } from "./lib/validators";
import { writeAudit } from "./model/audit";
import { requirePermission } from "./model/teams";

const vBillingTarget = v.object({
  teamName: v.string(),
  ownerEmail: v.union(v.string(), v.null()),
  plan: vPlan,
  customerId: v.union(v.string(), v.null()),
  subscriptionId: v.union(v.string(), v.null()),
});

async function targetOf(ctx: QueryCtx, team: Doc<"teams">) {
  const owner = await ctx.db
    .query("members")
    .withIndex("by_team_role", (q) => q.eq("teamId", team._id).eq("role", "owner"))
    .first();
  const user = owner && (await ctx.db.get(owner.userId));
  return {
    teamName: team.name,
    ownerEmail: user?.email ?? null,
    plan: team.plan,
    customerId: team.stripeCustomerId ?? null,
    subscriptionId: team.stripeSubscriptionId ?? null,
  };
}

/** The team whose owner asks to move to `plan`, after the same checks as a local plan change. */
export const planChangeTarget = internalQuery({
  args: { teamId: v.id("teams"), actingUserId: v.id("users"), plan: v.union(v.literal("startup"), v.literal("growth")) },
  returns: vBillingTarget,
  handler: async (ctx, { teamId, actingUserId, plan }) => {
    const { team } = await requirePermission(ctx, teamId, actingUserId, "billing.manage");
    assertPlanChangeAllowed(team, plan);
    return targetOf(ctx, team);
  },
});

/** The team whose owner asks for the customer portal. */
export const portalTarget = internalQuery({
  args: { teamId: v.id("teams"), actingUserId: v.id("users") },
  returns: vBillingTarget,
  handler: async (ctx, { teamId, actingUserId }) => {
    const { team } = await requirePermission(ctx, teamId, actingUserId, "billing.manage");
    return targetOf(ctx, team);
  },
});

/**
 * Stores the team's Stripe customer unless it already has one, and answers the one it keeps: of two racing
 * requests, the second finds the first's id (Stripe's idempotency key made both the same customer anyway).
 */
export const saveCustomer = internalMutation({
  args: { teamId: v.id("teams"), customerId: v.string() },
  returns: v.string(),
  handler: async (ctx, { teamId, customerId }) => {
    const team = await ctx.db.get(teamId);
    if (!team) throw new Error("The team no longer exists.");
    if (team.stripeCustomerId) return team.stripeCustomerId;
    await ctx.db.patch(teamId, { stripeCustomerId: customerId });
    return customerId;
  },
});

/** Who asked Stripe for a plan change, and how; the change itself is audited when the webhook applies it. */
export const recordPlanChangeRequest = internalMutation({
  args: {
    teamId: v.id("teams"),
    actingUserId: v.id("users"),
    from: vPlan,
    to: vPlan,
    via: v.union(v.literal("checkout"), v.literal("switch")),
  },
  returns: v.null(),
  handler: async (ctx, { teamId, actingUserId, from, to, via }) => {
    await writeAudit(ctx, {
      teamId,
      actor: { kind: "user", userId: actingUserId },
      action: "plan.change_requested",
      targetType: "team",
      targetId: teamId,
      details: { from, to, via },
    });
    return null;
  },
});
