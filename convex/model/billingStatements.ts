/**
 * Finalised statements from Stripe invoices (SPEC §7): one `billingStatements` row per Stripe invoice, written by
 * the Stripe webhook (stripeWebhook.ts) and read by the billing page (billing.ts `overview`). Amounts arrive in
 * micro-USD, converted from Stripe's cents by the app server (src/server/stripe/events.ts), which validated them.
 */
import { v, type Infer } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { PLAN_DEFINITIONS } from "../lib/plans";
import { furthestStatus, type StatementStatus } from "../lib/statementStatus";

/** What one invoice event says about its invoice; times in epoch ms, amounts in micro-USD. */
export const vStripeInvoice = v.object({
  invoiceId: v.string(),
  status: v.union(v.literal("finalized"), v.literal("paid"), v.literal("failed"), v.literal("void")),
  periodStart: v.number(),
  periodEnd: v.number(),
  /** Before invoice-level discounts and tax: the sum of the lines. */
  subtotalMicroUsd: v.number(),
  /** What the customer is charged, discounts and tax applied. */
  totalMicroUsd: v.number(),
  lines: v.array(v.object({ priceId: v.optional(v.string()), amountMicroUsd: v.number(), quantity: v.optional(v.number()) })),
  /** The subscription's `metadata.plan` when the invoice was made. */
  plan: v.optional(v.union(v.literal("startup"), v.literal("growth"))),
  hostedInvoiceUrl: v.optional(v.string()),
  finalizedAt: v.optional(v.number()),
});
export type StripeInvoice = Infer<typeof vStripeInvoice>;

/**
 * The metered usage prices, from the functions' environment (where the Stripe actions read them too). Their lines
 * are the overage, and their quantity is the usage itself, since a meter unit is one micro-USD of list-price usage.
 */
function usagePriceIds(env: NodeJS.ProcessEnv = process.env): Set<string> {
  return new Set([env.STRIPE_PRICE_STARTUP_USAGE, env.STRIPE_PRICE_GROWTH_USAGE].filter((id): id is string => Boolean(id)));
}

/**
 * Records the invoice as the team's statement, or moves an existing one forward. The first event seen for an
 * invoice fixes its amounts, period and plan (a finalised invoice never changes them); later ones only advance
 * the status (never back, whatever the order) and fill in a link or finalisation time still missing. Returns
 * the statement's status after the event.
 */
export async function recordStripeInvoice(ctx: MutationCtx, team: Doc<"teams">, invoice: StripeInvoice): Promise<StatementStatus> {
  const existing = await ctx.db
    .query("billingStatements")
    .withIndex("by_stripe_invoice", (q) => q.eq("stripeInvoiceId", invoice.invoiceId))
    .unique();
  if (existing) {
    const status = furthestStatus(existing.status, invoice.status);
    const hostedInvoiceUrl = existing.hostedInvoiceUrl ?? invoice.hostedInvoiceUrl;
    const finalizedAt = existing.finalizedAt ?? invoice.finalizedAt;
    if (status !== existing.status || hostedInvoiceUrl !== existing.hostedInvoiceUrl || finalizedAt !== existing.finalizedAt) {
      await ctx.db.patch(existing._id, { status, hostedInvoiceUrl, finalizedAt });
    }
    return status;
  }
  // An enterprise team's invoices are under its contract, whatever a subscription's metadata says.
  const plan = team.plan === "enterprise" ? "enterprise" : (invoice.plan ?? team.plan);
  const usagePrices = usagePriceIds();
  const usageLines = invoice.lines.filter((line) => line.priceId !== undefined && usagePrices.has(line.priceId));
  const overage = usageLines.reduce((sum, line) => sum + line.amountMicroUsd, 0);
  await ctx.db.insert("billingStatements", {
    teamId: team._id,
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    plan,
    // Everything that is not metered usage: the base fee and any proration of it.
    baseFeeMicroUsd: invoice.subtotalMicroUsd - overage,
    includedMicroUsd: PLAN_DEFINITIONS[plan].includedUsageMicroUsd,
    usageMicroUsd: usageLines.reduce((sum, line) => sum + (line.quantity ?? 0), 0),
    overageMicroUsd: overage,
    totalMicroUsd: invoice.totalMicroUsd,
    source: "stripe",
    status: invoice.status,
    stripeInvoiceId: invoice.invoiceId,
    ...(invoice.hostedInvoiceUrl ? { hostedInvoiceUrl: invoice.hostedInvoiceUrl } : {}),
    ...(invoice.finalizedAt !== undefined ? { finalizedAt: invoice.finalizedAt } : {}),
  });
  return invoice.status;
}

/** The team's latest Stripe statements, newest period first. */
export async function latestStripeStatements(ctx: QueryCtx, teamId: Id<"teams">, limit: number): Promise<Doc<"billingStatements">[]> {
  return ctx.db
    .query("billingStatements")
    .withIndex("by_team_period", (q) => q.eq("teamId", teamId))
    .order("desc")
    .filter((q) => q.eq(q.field("source"), "stripe"))
    .take(limit);
}
