"use node";
/**
 * The one place that talks to Stripe (SPEC §7), used only by the "use node" actions in stripeBilling.ts and
 * stripeMeterSync.ts. Settings come from the environment of whatever runs the functions (the app's process on the
 * embedded engine, `npx convex env set` on a deployment):
 *
 * - `STRIPE_SECRET_KEY`: unset, nothing here is called and billing stays local;
 * - `STRIPE_PRICE_{STARTUP,GROWTH}_BASE`: each plan's licensed monthly price;
 * - `STRIPE_PRICE_{STARTUP,GROWTH}_USAGE`: each plan's metered price on the usage meter, graduated so that the
 *   plan's included usage is free (a meter unit is one micro-USD of list-price usage);
 * - `STRIPE_METER_EVENT_NAME`: the meter's event name (default `ghostspeak_usage`);
 * - `STRIPE_API_BASE` (tests, stripe-mock) and `STRIPE_TIMEOUT_MS` (default 20 s).
 *
 * The library's own retries are off: they sleep on timers the test clocks own, and every caller here is retried
 * by its own design (the hourly sync, the owner's next click), with idempotency keys where a repeat would matter.
 */
import Stripe from "stripe";

export type ListPlan = "startup" | "growth";
export type StripeSettings = { secretKey: string; apiBase?: URL; timeoutMs: number; meterEventName: string };

const DEFAULT_TIMEOUT_MS = 20_000;

/** The Stripe settings, or null when Stripe is not configured (billing is local). */
export function stripeSettings(env: NodeJS.ProcessEnv = process.env): StripeSettings | null {
  const secretKey = env.STRIPE_SECRET_KEY;
  if (!secretKey) return null;
  const timeoutMs = Number(env.STRIPE_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS);
  return {
    secretKey,
    ...(env.STRIPE_API_BASE ? { apiBase: new URL(env.STRIPE_API_BASE) } : {}),
    timeoutMs: Number.isSafeInteger(timeoutMs) && timeoutMs > 0 ? timeoutMs : DEFAULT_TIMEOUT_MS,
    meterEventName: env.STRIPE_METER_EVENT_NAME || "ghostspeak_usage",
  };
}

/** A plan's base and metered prices; a missing one is a configuration error named by its variable. */
export function planPrices(plan: ListPlan, env: NodeJS.ProcessEnv = process.env): { base: string; usage: string } {
  const name = plan.toUpperCase();
  const read = (kind: "BASE" | "USAGE") => {
    const value = env[`STRIPE_PRICE_${name}_${kind}`];
    if (!value) throw new Error(`STRIPE_PRICE_${name}_${kind} is not set; the ${plan} plan cannot be sold through Stripe.`);
    return value;
  };
  return { base: read("BASE"), usage: read("USAGE") };
}

export function stripeClient(settings: StripeSettings): Stripe {
  const base = settings.apiBase;
  return new Stripe(settings.secretKey, {
    maxNetworkRetries: 0,
    timeout: settings.timeoutMs,
    appInfo: { name: "GhostSpeak" },
    ...(base ? { host: base.hostname, ...(base.port ? { port: Number(base.port) } : {}), protocol: base.protocol === "http:" ? "http" : "https" } : {}),
  });
}

/**
 * The team's Stripe customer. The idempotency key is the team's id, so two racing requests (or a retry after a crash
 * before the id was stored) get the same customer from Stripe instead of a second one.
 */
export async function createCustomer(stripe: Stripe, team: { id: string; name: string; email?: string }): Promise<string> {
  const customer = await stripe.customers.create(
    { name: team.name, ...(team.email ? { email: team.email } : {}), metadata: { teamId: team.id } },
    { idempotencyKey: `ghostspeak-team-customer-${team.id}` },
  );
  return customer.id;
}

/** Checkout for a new subscription: the plan's base price and its metered usage price; the webhook applies the plan. */
export async function createCheckout(
  stripe: Stripe,
  input: { teamId: string; customerId: string; plan: ListPlan; successUrl: string; cancelUrl: string },
): Promise<string> {
  const prices = planPrices(input.plan);
  const metadata = { teamId: input.teamId, plan: input.plan };
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: input.customerId,
    client_reference_id: input.teamId,
    line_items: [{ price: prices.base, quantity: 1 }, { price: prices.usage }],
    metadata,
    subscription_data: { metadata },
    success_url: input.successUrl,
    cancel_url: input.cancelUrl,
  });
  if (!session.url) throw new Error("Stripe returned a Checkout session without a URL.");
  return session.url;
}

/**
 * Moves an existing subscription to another plan's prices (prorated by Stripe); the plan is applied when
 * `customer.subscription.updated` arrives with the new `plan` metadata.
 */
export async function switchSubscription(stripe: Stripe, input: { subscriptionId: string; from: ListPlan; to: ListPlan }): Promise<void> {
  const [from, to] = [planPrices(input.from), planPrices(input.to)];
  const subscription = await stripe.subscriptions.retrieve(input.subscriptionId);
  const items = subscription.items.data.flatMap((item) => {
    if (item.price.id === from.base) return [{ id: item.id, price: to.base }];
    if (item.price.id === from.usage) return [{ id: item.id, price: to.usage }];
    return [];
  });
  if (items.length !== 2) throw new Error(`Subscription ${input.subscriptionId} does not hold the ${input.from} plan's two prices.`);
  await stripe.subscriptions.update(input.subscriptionId, {
    items,
    metadata: { plan: input.to },
    proration_behavior: "create_prorations",
  });
}

export async function createPortalSession(stripe: Stripe, input: { customerId: string; returnUrl: string }): Promise<string> {
  const session = await stripe.billingPortal.sessions.create({ customer: input.customerId, return_url: input.returnUrl });
  return session.url;
}

/** One team-hour of usage; the identifier (also the idempotency key) makes a resend count once. */
export async function sendMeterEvent(
  stripe: Stripe,
  settings: StripeSettings,
  report: { customerId: string; identifier: string; valueMicroUsd: number; hourStart: number },
): Promise<void> {
  await stripe.billing.meterEvents.create(
    {
      event_name: settings.meterEventName,
      identifier: report.identifier,
      timestamp: Math.floor(report.hourStart / 1000),
      payload: { stripe_customer_id: report.customerId, value: String(report.valueMicroUsd) },
    },
    { idempotencyKey: report.identifier },
  );
}
