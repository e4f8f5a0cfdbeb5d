/**
 * Applies a verified Stripe webhook event to the team it concerns (SPEC §7): the signature is checked by the app
 * server (src/server/stripe/webhook.ts), which hands over only what the event changes. Each event id is applied
 * once, whatever Stripe redelivers: the id is recorded in `stripeEvents` in the same transaction as the change.
 * Invoice events also record the invoice as the team's statement (model/billingStatements.ts).
 */
import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import { serverMutation } from "./lib/serverFunctions";
import { recordAnalyticsEvent } from "./model/analytics";
import { writeAudit } from "./model/audit";
import { recordStripeInvoice, vStripeInvoice } from "./model/billingStatements";

const vListPlan = v.union(v.literal("startup"), v.literal("growth"));

/** What an event changes; `ignored` events are still recorded, so a redelivery is answered the same way. */
export const vStripeChange = v.union(
  v.object({ kind: v.literal("linked"), teamId: v.string(), customerId: v.string(), subscriptionId: v.string(), plan: v.optional(vListPlan) }),
  v.object({ kind: v.literal("subscription"), customerId: v.string(), subscriptionId: v.string(), pastDue: v.boolean(), plan: v.optional(vListPlan) }),
  v.object({ kind: v.literal("canceled"), customerId: v.string() }),
  // `invoice` is absent when the event's invoice could not be read as a USD statement; the standing still changes.
  v.object({ kind: v.literal("paid"), customerId: v.string(), invoice: v.optional(vStripeInvoice) }),
  v.object({ kind: v.literal("payment_failed"), customerId: v.string(), invoice: v.optional(vStripeInvoice) }),
  v.object({ kind: v.literal("invoice"), customerId: v.string(), invoice: vStripeInvoice }),
  v.object({ kind: v.literal("ignored") }),
);

async function teamOfCustomer(ctx: MutationCtx, customerId: string): Promise<Doc<"teams"> | null> {
  return ctx.db
    .query("teams")
    .withIndex("by_stripe_customer", (q) => q.eq("stripeCustomerId", customerId))
    .first();
}

async function setPlan(ctx: MutationCtx, team: Doc<"teams">, plan: "startup" | "growth" | undefined, eventId: string) {
  // Enterprise is set by operators under a contract; Stripe only moves teams between the list plans.
  if (!plan || plan === team.plan || team.plan === "enterprise") return;
  await ctx.db.patch(team._id, { plan });
  await writeAudit(ctx, {
    teamId: team._id,
    actor: { kind: "system" },
    action: "plan.change",
    targetType: "team",
    targetId: team._id,
    details: { from: team.plan, to: plan, source: "stripe", eventId },
  });
  await recordAnalyticsEvent(ctx, { event: "plan_changed", actor: { kind: "system" }, teamId: team._id, properties: { from: team.plan, to: plan, source: "stripe" } });
}

/** Past due from the first failure on (the grace period counts from then); paid clears it. A disabled team stays so. */
async function setPastDue(ctx: MutationCtx, team: Doc<"teams">, pastDue: boolean, now: number) {
  if (team.status === "disabled") return;
  if (pastDue && team.status !== "past_due") await ctx.db.patch(team._id, { status: "past_due", pastDueSince: now });
  if (!pastDue && team.status === "past_due") await ctx.db.patch(team._id, { status: "active", pastDueSince: undefined });
}

export const apply = serverMutation({
  args: { eventId: v.string(), type: v.string(), change: vStripeChange },
  returns: v.object({ duplicate: v.boolean(), teamId: v.union(v.id("teams"), v.null()) }),
  handler: async (ctx, { eventId, type, change }) => {
    const seen = await ctx.db
      .query("stripeEvents")
      .withIndex("by_event_id", (q) => q.eq("eventId", eventId))
      .unique();
    if (seen) return { duplicate: true, teamId: null };
    const now = Date.now();
    await ctx.db.insert("stripeEvents", { eventId, type, processedAt: now });
    let team: Doc<"teams"> | null = null;
    if (change.kind === "linked") {
      const teamId: Id<"teams"> | null = ctx.db.normalizeId("teams", change.teamId);
      team = teamId && (await ctx.db.get(teamId));
      if (team) {
        await ctx.db.patch(team._id, { stripeCustomerId: change.customerId, stripeSubscriptionId: change.subscriptionId });
        await setPlan(ctx, team, change.plan, eventId);
      }
    } else if (change.kind !== "ignored") {
      team = await teamOfCustomer(ctx, change.customerId);
      if (team && change.kind === "subscription") {
        await ctx.db.patch(team._id, { stripeSubscriptionId: change.subscriptionId });
        await setPastDue(ctx, team, change.pastDue, now);
        await setPlan(ctx, team, change.plan, eventId);
      }
      if (team && change.kind === "canceled") {
        // Without a subscription the team is billed as a startup team, locally, until it subscribes again.
        await ctx.db.patch(team._id, { stripeSubscriptionId: undefined });
        await setPastDue(ctx, team, false, now);
        await setPlan(ctx, team, "startup", eventId);
      }
      const invoiceStatus = team && "invoice" in change && change.invoice ? await recordStripeInvoice(ctx, team, change.invoice) : undefined;
      if (team && change.kind === "paid") await setPastDue(ctx, team, false, now);
      // A failure that reaches us after its invoice was paid or voided is history: the team is not past due for it.
      if (team && change.kind === "payment_failed" && (invoiceStatus === undefined || invoiceStatus === "failed")) await setPastDue(ctx, team, true, now);
    }
    return { duplicate: false, teamId: team?._id ?? null };
  },
});
