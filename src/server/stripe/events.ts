/**
 * What a Stripe event changes for GhostSpeak, as the `stripeWebhook.apply` function takes it. Plans travel in the
 * `plan` metadata of the Checkout session and the subscription (set when they are created), the team in the
 * session's `client_reference_id`; anything else is recorded and ignored. Invoice events also carry the invoice as a
 * statement, read field by field through zod: a signed event is Stripe's, but its shape is still not ours to trust.
 */
import type Stripe from "stripe";
import type { Infer } from "convex/values";
import { z } from "zod";
import { centsToMicroUsd } from "../../../convex/lib/money";
import type { StripeInvoice } from "../../../convex/model/billingStatements";
import type { vStripeChange } from "../../../convex/stripeWebhook";

export type StripeChange = Infer<typeof vStripeChange>;

const idOf = (value: string | { id: string } | null | undefined): string | undefined => (typeof value === "string" ? value : value?.id);

function listPlan(metadata: Stripe.Metadata | null | undefined): "startup" | "growth" | undefined {
  const plan = metadata?.plan;
  return plan === "startup" || plan === "growth" ? plan : undefined;
}

/** Unix seconds, up to the year 9999. */
const seconds = z.int().nonnegative().max(253_402_300_799);
const stripeId = z.string().min(1).max(255);

/**
 * Only Stripe's own https pages are kept as the invoice link, since the page renders it for people to open;
 * anything else leaves the statement without a link rather than without the statement.
 */
const hostedUrl = z
  .string()
  .nullish()
  .transform((value) => {
    if (!value || !URL.canParse(value)) return undefined;
    const url = new URL(value);
    return url.protocol === "https:" && (url.hostname === "stripe.com" || url.hostname.endsWith(".stripe.com")) ? url.toString() : undefined;
  });

const invoiceSchema = z.object({
  id: stripeId,
  // Statements are in micro-USD; cents of another currency are not USD cents.
  currency: z.literal("usd"),
  subtotal: z.int(),
  total: z.int(),
  period_start: seconds,
  period_end: seconds,
  hosted_invoice_url: hostedUrl,
  status_transitions: z.object({ finalized_at: seconds.nullish() }).nullish(),
  parent: z.object({ subscription_details: z.object({ metadata: z.record(z.string(), z.string()).nullish() }).nullish() }).nullish(),
  lines: z.object({
    data: z
      .array(
        z.object({
          amount: z.int(),
          quantity: z.int().nonnegative().nullish(),
          period: z.object({ start: seconds, end: seconds }),
          pricing: z.object({ price_details: z.object({ price: z.union([stripeId, z.object({ id: stripeId })]) }).nullish() }).nullish(),
        }),
      )
      .max(100),
  }),
});

/** Each invoice event's word on the invoice's status; `marked_uncollectible` is a payment that failed for good. */
const INVOICE_STATUS = {
  "invoice.finalized": "finalized",
  "invoice.paid": "paid",
  "invoice.payment_failed": "failed",
  "invoice.voided": "void",
  "invoice.marked_uncollectible": "failed",
} as const satisfies Partial<Record<Stripe.Event.Type, StripeInvoice["status"]>>;

/**
 * The invoice as a statement, or undefined when it cannot be one (not USD, or a field missing or malformed).
 * The period is the invoice's own; a subscription's first invoice has none (start = end), so it spans its lines.
 */
export function invoiceStatement(object: unknown, status: StripeInvoice["status"]): StripeInvoice | undefined {
  const parsed = invoiceSchema.safeParse(object);
  if (!parsed.success) return undefined;
  const invoice = parsed.data;
  const lines = invoice.lines.data;
  const ownPeriod = invoice.period_end > invoice.period_start || lines.length === 0;
  const periodStart = ownPeriod ? invoice.period_start : Math.min(...lines.map((line) => line.period.start));
  const periodEnd = ownPeriod ? invoice.period_end : Math.max(...lines.map((line) => line.period.end));
  const plan = listPlan(invoice.parent?.subscription_details?.metadata);
  const finalizedAt = invoice.status_transitions?.finalized_at;
  try {
    return {
      invoiceId: invoice.id,
      status,
      periodStart: periodStart * 1000,
      periodEnd: periodEnd * 1000,
      subtotalMicroUsd: centsToMicroUsd(invoice.subtotal),
      totalMicroUsd: centsToMicroUsd(invoice.total),
      lines: lines.map((line) => {
        const priceId = idOf(line.pricing?.price_details?.price);
        return {
          amountMicroUsd: centsToMicroUsd(line.amount),
          ...(priceId ? { priceId } : {}),
          ...(line.quantity !== null && line.quantity !== undefined ? { quantity: line.quantity } : {}),
        };
      }),
      ...(plan ? { plan } : {}),
      ...(invoice.hosted_invoice_url ? { hostedInvoiceUrl: invoice.hosted_invoice_url } : {}),
      ...(finalizedAt !== null && finalizedAt !== undefined ? { finalizedAt: finalizedAt * 1000 } : {}),
    };
  } catch {
    // An amount too large to hold in micro-USD exactly.
    return undefined;
  }
}

/** Stripe's statuses in which the customer owes money it has not paid. */
const PAST_DUE_STATUSES = new Set<Stripe.Subscription.Status>(["past_due", "unpaid"]);

export function changeOf(event: Stripe.Event): StripeChange {
  switch (event.type) {
    case "checkout.session.completed": {
      const session = event.data.object;
      const customerId = idOf(session.customer);
      const subscriptionId = idOf(session.subscription);
      if (!session.client_reference_id || !customerId || !subscriptionId) return { kind: "ignored" };
      const plan = listPlan(session.metadata);
      return { kind: "linked", teamId: session.client_reference_id, customerId, subscriptionId, ...(plan ? { plan } : {}) };
    }
    case "customer.subscription.created":
    case "customer.subscription.updated": {
      const subscription = event.data.object;
      const plan = listPlan(subscription.metadata);
      return {
        kind: "subscription",
        customerId: idOf(subscription.customer)!,
        subscriptionId: subscription.id,
        pastDue: PAST_DUE_STATUSES.has(subscription.status),
        ...(plan ? { plan } : {}),
      };
    }
    case "customer.subscription.deleted":
      return { kind: "canceled", customerId: idOf(event.data.object.customer)! };
    case "invoice.finalized":
    case "invoice.paid":
    case "invoice.payment_failed":
    case "invoice.voided":
    case "invoice.marked_uncollectible": {
      const customerId = idOf(event.data.object.customer);
      if (!customerId) return { kind: "ignored" };
      const invoice = invoiceStatement(event.data.object, INVOICE_STATUS[event.type]);
      const withInvoice = invoice ? { invoice } : {};
      if (event.type === "invoice.paid") return { kind: "paid", customerId, ...withInvoice };
      if (event.type === "invoice.payment_failed") return { kind: "payment_failed", customerId, ...withInvoice };
      return invoice ? { kind: "invoice", customerId, invoice } : { kind: "ignored" };
    }
    default:
      return { kind: "ignored" };
  }
}
