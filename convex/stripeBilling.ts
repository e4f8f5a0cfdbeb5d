"use node";
/**
 * The owner's Stripe actions (SPEC §7), called by the billing tRPC procedures when `STRIPE_SECRET_KEY` is set:
 * a plan change (Checkout for a team without a subscription, a price switch for one with), and the customer portal
 * for payment methods. Neither changes the plan here: the signed webhook does, once Stripe has the payment details.
 */
import { v } from "convex/values";
import type Stripe from "stripe";
import { internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import type { ActionCtx } from "./_generated/server";
import { serverAction } from "./lib/serverFunctions";
import { createCheckout, createCustomer, createPortalSession, stripeClient, stripeSettings, switchSubscription, type ListPlan } from "./model/stripeApi";

const vListPlan = v.union(v.literal("startup"), v.literal("growth"));

function configuredStripe(): Stripe {
  const settings = stripeSettings();
  if (!settings) throw new Error("STRIPE_SECRET_KEY is not set where the Convex functions run.");
  return stripeClient(settings);
}

/** The team's customer: the stored one, or one created (idempotently, keyed by the team) and stored once. */
async function customerOf(
  ctx: ActionCtx,
  stripe: Stripe,
  teamId: Id<"teams">,
  target: { teamName: string; ownerEmail: string | null; customerId: string | null },
): Promise<string> {
  if (target.customerId) return target.customerId;
  const created = await createCustomer(stripe, { id: teamId, name: target.teamName, ...(target.ownerEmail ? { email: target.ownerEmail } : {}) });
  return ctx.runMutation(internal.stripeCustomers.saveCustomer, { teamId, customerId: created });
}

const withQuery = (url: string, key: string, value: string) => {
  const next = new URL(url);
  next.searchParams.set(key, value);
  return next.toString();
};

export const startPlanChange = serverAction({
  args: { teamId: v.id("teams"), actingUserId: v.id("users"), plan: vListPlan, returnUrl: v.string() },
  returns: v.union(v.object({ kind: v.literal("checkout"), url: v.string() }), v.object({ kind: v.literal("switching") })),
  handler: async (ctx, { teamId, actingUserId, plan, returnUrl }) => {
    const target = await ctx.runQuery(internal.stripeCustomers.planChangeTarget, { teamId, actingUserId, plan });
    const stripe = configuredStripe();
    const request = { teamId, actingUserId, from: target.plan, to: plan };
    if (target.subscriptionId) {
      await switchSubscription(stripe, { subscriptionId: target.subscriptionId, from: target.plan as ListPlan, to: plan });
      await ctx.runMutation(internal.stripeCustomers.recordPlanChangeRequest, { ...request, via: "switch" });
      return { kind: "switching" as const };
    }
    const customerId = await customerOf(ctx, stripe, teamId, target);
    const url = await createCheckout(stripe, {
      teamId,
      customerId,
      plan,
      successUrl: withQuery(returnUrl, "checkout", "success"),
      cancelUrl: withQuery(returnUrl, "checkout", "canceled"),
    });
    await ctx.runMutation(internal.stripeCustomers.recordPlanChangeRequest, { ...request, via: "checkout" });
    return { kind: "checkout" as const, url };
  },
});

export const openPortal = serverAction({
  args: { teamId: v.id("teams"), actingUserId: v.id("users"), returnUrl: v.string() },
  returns: v.object({ url: v.string() }),
  handler: async (ctx, { teamId, actingUserId, returnUrl }) => {
    const target = await ctx.runQuery(internal.stripeCustomers.portalTarget, { teamId, actingUserId });
    const stripe = configuredStripe();
    const customerId = await customerOf(ctx, stripe, teamId, target);
    return { url: await createPortalSession(stripe, { customerId, returnUrl }) };
  },
});
