/// <reference types="vite/client" />
/**
 * The billing procedures' own contract: dollars in, micro-USD out, whether billing is local, readable refusals;
 * and with Stripe configured (a local fake Stripe, the real `stripe` library), the plan change through Checkout or a
 * price switch, applied only when the signed webhook arrives, and the customer portal.
 */
import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { useFakeStripe } from "@/testing/fakeStripe";
import { handleStripeWebhook } from "../stripe/webhook";
import { createCaller } from "./root";
import { codeOf, sessionFor, TRPC_TEST_SECRET, useTrpcHarness } from "./test.helpers";

const harness = useTrpcHarness();

async function ownerCaller() {
  const { teamId } = await harness
    .t()
    .mutation(api.teams.create, { name: "Acme", ownerEmail: "owner@acme.test", serverSecret: TRPC_TEST_SECRET });
  const ownerId = await harness.t().run(async (ctx) => (await ctx.db.query("users").first())!._id);
  return { teamId: teamId as string, caller: createCaller(harness.context(sessionFor(ownerId, "owner@acme.test"))) };
}

describe("billing procedures", () => {
  let previousStripeKey: string | undefined;
  beforeEach(() => {
    previousStripeKey = process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_SECRET_KEY;
  });
  afterEach(() => {
    if (previousStripeKey === undefined) delete process.env.STRIPE_SECRET_KEY;
    else process.env.STRIPE_SECRET_KEY = previousStripeKey;
  });

  it("says billing is local without a Stripe key, and Stripe's with one", async () => {
    const { teamId, caller } = await ownerCaller();
    expect((await caller.billing.overview({ teamId })).source).toBe("local");
    process.env.STRIPE_SECRET_KEY = "sk_test_x";
    expect((await caller.billing.overview({ teamId })).source).toBe("stripe");
  });

  it("takes the spend cap in dollars and stores micro-USD; fractions of a cent and a cap under the base fee are refused", async () => {
    const { teamId, caller } = await ownerCaller();
    await caller.billing.setSpendCap({ teamId, spendCapUsd: 120.5 });
    expect((await caller.billing.overview({ teamId })).spendCap).toBe(120_500_000);
    expect(await codeOf(caller.billing.setSpendCap({ teamId, spendCapUsd: 120.505 }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.billing.setSpendCap({ teamId, spendCapUsd: 0 }))).toBe("BAD_REQUEST");
    await expect(caller.billing.setSpendCap({ teamId, spendCapUsd: 10 })).rejects.toThrow(/at least the startup plan's base fee of \$49\.00/);
    await caller.billing.setSpendCap({ teamId, spendCapUsd: null });
    expect((await caller.billing.overview({ teamId })).spendCap).toBeNull();
  });

  it("changes the plan at once and refuses the enterprise plan at the input", async () => {
    const { teamId, caller } = await ownerCaller();
    expect(await caller.billing.changePlan({ teamId, plan: "growth" })).toEqual({ status: "applied" });
    expect((await caller.billing.overview({ teamId })).plan).toBe("growth");
    expect(await codeOf(caller.billing.changePlan({ teamId, plan: "enterprise" as "growth" }))).toBe("BAD_REQUEST");
  });

  it("shows the local statements without a Stripe key, even where Stripe statements were recorded before", async () => {
    const { teamId, caller } = await ownerCaller();
    await harness.t().run((ctx) =>
      ctx.db.insert("billingStatements", {
        teamId: teamId as Id<"teams">,
        periodStart: 0,
        periodEnd: 1,
        plan: "startup",
        baseFeeMicroUsd: 49_000_000,
        includedMicroUsd: 10_000_000,
        usageMicroUsd: 0,
        overageMicroUsd: 0,
        totalMicroUsd: 49_000_000,
        source: "stripe",
        status: "paid",
        stripeInvoiceId: "in_old",
      }),
    );
    const { statements, current } = await caller.billing.overview({ teamId });
    expect(statements).toEqual([current]);
    expect(current.invoice).toBeNull();
  });

  it("has no customer portal while billing is local", async () => {
    const { teamId, caller } = await ownerCaller();
    expect(await caller.billing.paymentPortal({ teamId })).toEqual({ url: null });
  });
});

describe("billing procedures with Stripe", () => {
  const WEBHOOK_SECRET = "whsec_billing_test";
  const stripe = useFakeStripe({ NEXTAUTH_URL: "https://portal.ghostspeak.test" });

  let sequence = 0;
  /** A Stripe event, signed as Stripe signs it, posted to the webhook handler. */
  async function deliver(type: string, object: object) {
    sequence += 1;
    const payload = JSON.stringify({ id: `evt_billing_${sequence}`, object: "event", type, created: Math.floor(Date.now() / 1000), data: { object } });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const request = new Request("http://local/api/stripe/webhook", { method: "POST", body: payload, headers: { "stripe-signature": signature } });
    const response = await handleStripeWebhook(request, harness.context(null).backend, WEBHOOK_SECRET);
    expect(response.status).toBe(200);
  }
  const teamDoc = (teamId: string) => harness.t().run((ctx) => ctx.db.get(teamId as Id<"teams">));

  it("sends the owner to Checkout and applies the plan only when Stripe's signed completion arrives", async () => {
    const { teamId, caller } = await ownerCaller();
    const answer = await caller.billing.changePlan({ teamId, plan: "growth" });
    const [session] = stripe().checkoutSessions;
    expect(answer).toEqual({ status: "checkout", url: session.url });
    expect(session).toMatchObject({
      client_reference_id: teamId,
      line_items: [{ price: "price_growth_base" }, { price: "price_growth_usage" }],
      success_url: `https://portal.ghostspeak.test/t/${teamId}/billing?checkout=success`,
    });
    expect((await caller.billing.overview({ teamId })).plan).toBe("startup");

    await deliver("checkout.session.completed", {
      object: "checkout.session",
      id: session.id,
      client_reference_id: session.client_reference_id,
      customer: session.customer,
      subscription: "sub_new",
      metadata: session.metadata,
    });
    expect((await caller.billing.overview({ teamId })).plan).toBe("growth");
    expect(await teamDoc(teamId)).toMatchObject({ stripeCustomerId: session.customer, stripeSubscriptionId: "sub_new" });
  });

  it("switches a subscribed team's prices and applies the plan when customer.subscription.updated arrives", async () => {
    const { teamId, caller } = await ownerCaller();
    await harness.t().run((ctx) => ctx.db.patch(teamId as Id<"teams">, { plan: "growth", stripeCustomerId: "cus_9", stripeSubscriptionId: "sub_9" }));
    stripe().addSubscription({ id: "sub_9", customer: "cus_9", metadata: { plan: "growth" }, items: [{ id: "si_1", price: "price_growth_base" }, { id: "si_2", price: "price_growth_usage" }] });
    expect(await caller.billing.changePlan({ teamId, plan: "startup" })).toEqual({ status: "switching" });
    expect((await teamDoc(teamId))?.plan).toBe("growth");
    await deliver("customer.subscription.updated", { object: "subscription", id: "sub_9", customer: "cus_9", status: "active", metadata: stripe().subscriptions.get("sub_9")!.metadata });
    expect((await teamDoc(teamId))?.plan).toBe("startup");
  });

  it("opens the customer portal for the owner, back to the billing page", async () => {
    const { teamId, caller } = await ownerCaller();
    const { url } = await caller.billing.paymentPortal({ teamId });
    expect(url).toBe(stripe().portalSessions[0].url);
    expect(stripe().portalSessions[0].return_url).toBe(`https://portal.ghostspeak.test/t/${teamId}/billing`);
  });

  it("answers readably when Stripe fails or does not answer, and changes nothing", async () => {
    const { teamId, caller } = await ownerCaller();
    stripe().failNext("/v1/customers");
    await expect(caller.billing.changePlan({ teamId, plan: "growth" })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: expect.stringMatching(/Stripe could not start the plan change right now; nothing was changed/),
    });
    stripe().hangNext("/v1/billing_portal/sessions");
    expect(await codeOf(caller.billing.paymentPortal({ teamId }))).toBe("SERVICE_UNAVAILABLE");
    const team = await teamDoc(teamId);
    expect(team?.plan).toBe("startup");
    expect(team?.stripeSubscriptionId).toBeUndefined();
  });

  it("lists the team's Stripe invoices as its statements, newest first, with status and hosted link, after the open month", async () => {
    const { teamId, caller } = await ownerCaller();
    await harness.t().run((ctx) => ctx.db.patch(teamId as Id<"teams">, { plan: "growth", stripeCustomerId: "cus_7", stripeSubscriptionId: "sub_7" }));
    expect((await caller.billing.overview({ teamId })).statements.map((s) => s.invoice)).toEqual([null]);
    const JAN = 1_767_225_600;
    const FEB = 1_769_904_000;
    const MAR = 1_772_323_200;
    const invoice = (id: string, start: number, end: number, totalCents: number) => ({
      object: "invoice",
      id,
      customer: "cus_7",
      currency: "usd",
      subtotal: totalCents,
      total: totalCents,
      period_start: start,
      period_end: end,
      hosted_invoice_url: `https://invoice.stripe.com/i/acct_1/${id}`,
      status_transitions: { finalized_at: end },
      parent: { subscription_details: { metadata: { plan: "growth" } } },
      lines: { data: [{ amount: totalCents, quantity: 1, period: { start, end }, pricing: { price_details: { price: "price_growth_base" } } }] },
    });
    await deliver("invoice.finalized", invoice("in_jan", JAN, FEB, 49_900));
    await deliver("invoice.paid", invoice("in_jan", JAN, FEB, 49_900));
    await deliver("invoice.payment_failed", invoice("in_feb", FEB, MAR, 52_150));

    const overview = await caller.billing.overview({ teamId });
    expect(overview.source).toBe("stripe");
    const [open, ...invoices] = overview.statements;
    expect(open).toEqual(overview.current);
    expect(open.invoice).toBeNull();
    expect(invoices).toEqual([
      {
        periodStart: FEB * 1000,
        periodEnd: MAR * 1000,
        baseFee: 521_500_000,
        included: 200_000_000,
        usage: 0,
        overage: 0,
        total: 521_500_000,
        invoice: { statementId: expect.any(String), status: "failed", plan: "growth", hostedInvoiceUrl: "https://invoice.stripe.com/i/acct_1/in_feb" },
      },
      expect.objectContaining({
        periodStart: JAN * 1000,
        total: 499_000_000,
        invoice: expect.objectContaining({ status: "paid", hostedInvoiceUrl: "https://invoice.stripe.com/i/acct_1/in_jan" }),
      }),
    ]);
  });

  it("keeps the plan rules: the owner cannot 'change' to the plan the team is on", async () => {
    const { teamId, caller } = await ownerCaller();
    expect(await codeOf(caller.billing.changePlan({ teamId, plan: "startup" }))).toBe("CONFLICT");
    expect(stripe().requests).toEqual([]);
  });
});
