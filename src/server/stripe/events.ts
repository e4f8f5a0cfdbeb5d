/**
 * What a Stripe event changes for GhostSpeak, as the `stripeWebhook.apply` function takes it. Plans travel in the
 * `plan` metadata of the Checkout session and the subscription (set when they are created), the team in the
 * session's `client_reference_id`; anything else is recorded and ignored.
 */
import type Stripe from "stripe";
import type { Infer } from "convex/values";
import type { vStripeChange } from "../../../convex/stripeWebhook";

export type StripeChange = Infer<typeof vStripeChange>;

const idOf = (value: string | { id: string } | null | undefined): string | undefined => (typeof value === "string" ? value : value?.id);

function listPlan(metadata: Stripe.Metadata | null | undefined): "startup" | "growth" | undefined {
  const plan = metadata?.plan;
  return plan === "startup" || plan === "growth" ? plan : undefined;
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
    case "invoice.paid": {
      const customerId = idOf(event.data.object.customer);
      return customerId ? { kind: "paid", customerId } : { kind: "ignored" };
    }
    case "invoice.payment_failed": {
      const customerId = idOf(event.data.object.customer);
      return customerId ? { kind: "payment_failed", customerId } : { kind: "ignored" };
    }
    default:
      return { kind: "ignored" };
  }
}
