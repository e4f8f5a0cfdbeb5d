/**
 * Stripe invoices become the team's statements, on both backends, through the whole webhook path: the signed
 * request (src/server/stripe/webhook.ts), the event read into a change (events.ts), and `stripeWebhook.apply`.
 */
import Stripe from "stripe";
import { afterEach, beforeEach, expect, it } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { describeConvex, TEST_SERVER_SECRET, withSecret } from "./test.helpers";
import type { Backend } from "@/server/backend/types";
import { appBackendOver } from "@/testing/appBackend";
import { handleStripeWebhook } from "@/server/stripe/webhook";

const SECRET = "whsec_statements_7d2e";
const USAGE_PRICES = { STRIPE_PRICE_STARTUP_USAGE: "price_startup_usage", STRIPE_PRICE_GROWTH_USAGE: "price_growth_usage" };
/** 2026-01-01 and 2026-02-01 UTC, in Unix seconds as Stripe sends times. */
const JAN = 1_767_225_600;
const FEB = 1_769_904_000;
const MAR = 1_772_323_200;

describeConvex("Stripe invoices as statements", (t) => {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const [name, value] of Object.entries(USAGE_PRICES)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const backend: Backend = appBackendOver(t, TEST_SERVER_SECRET);

  let sequence = 0;
  function event(type: string, object: object, id = `evt_statement_${++sequence}`): string {
    return JSON.stringify({ id, object: "event", type, created: Math.floor(Date.now() / 1000), data: { object } });
  }
  function post(payload: string, secret = SECRET) {
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
    const request = new Request("http://local/api/stripe/webhook", { method: "POST", body: payload, headers: { "stripe-signature": signature } });
    return handleStripeWebhook(request, backend, SECRET);
  }

  /**
   * February's renewal of a growth subscription: January's usage in arrears ($230 of list-price usage, $30 over
   * the included $200) and February's $499 base fee in advance; $10 of tax.
   */
  const invoice = (overrides: object = {}) => ({
    object: "invoice",
    id: "in_feb",
    customer: "cus_acme",
    currency: "usd",
    subtotal: 52_900,
    total: 53_900,
    period_start: JAN,
    period_end: FEB,
    hosted_invoice_url: "https://invoice.stripe.com/i/acct_1/test_feb",
    status_transitions: { finalized_at: FEB + 3600 },
    parent: { type: "subscription_details", subscription_details: { subscription: "sub_acme", metadata: { plan: "growth", teamId: "x" } } },
    lines: {
      object: "list",
      has_more: false,
      data: [
        { object: "line_item", amount: 49_900, quantity: 1, period: { start: FEB, end: MAR }, pricing: { type: "price_details", price_details: { price: "price_growth_base", product: "prod_1" } } },
        { object: "line_item", amount: 3_000, quantity: 230_000_000, period: { start: JAN, end: FEB }, pricing: { type: "price_details", price_details: { price: "price_growth_usage", product: "prod_2" } } },
      ],
    },
    ...overrides,
  });

  async function linkedTeam(plan: "startup" | "growth" | "enterprise" = "growth") {
    const { teamId } = await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "owner@acme.test", plan }));
    await t.run((ctx) => ctx.db.patch(teamId, { stripeCustomerId: "cus_acme", stripeSubscriptionId: "sub_acme" }));
    return teamId;
  }
  const statements = () => t.run((ctx) => ctx.db.query("billingStatements").collect());
  const readTeam = (teamId: Id<"teams">) => t.run((ctx) => ctx.db.get(teamId));

  it("records a finalised invoice as the team's statement, in micro-USD, with its period, plan and hosted link", async () => {
    const teamId = await linkedTeam();
    const response = await post(event("invoice.finalized", invoice()));
    expect(response.status).toBe(200);
    expect(await statements()).toEqual([
      expect.objectContaining({
        teamId,
        source: "stripe",
        status: "finalized",
        stripeInvoiceId: "in_feb",
        periodStart: JAN * 1000,
        periodEnd: FEB * 1000,
        plan: "growth",
        baseFeeMicroUsd: 499_000_000,
        includedMicroUsd: 200_000_000,
        usageMicroUsd: 230_000_000,
        overageMicroUsd: 30_000_000,
        totalMicroUsd: 539_000_000,
        hostedInvoiceUrl: "https://invoice.stripe.com/i/acct_1/test_feb",
        finalizedAt: (FEB + 3600) * 1000,
      }),
    ]);
    expect((await readTeam(teamId))?.status).toBe("active");
  });

  it("changes nothing when the same event is delivered again", async () => {
    await linkedTeam();
    const payload = event("invoice.finalized", invoice(), "evt_once");
    await post(payload);
    const [before] = await statements();
    await t.run((ctx) => ctx.db.patch(before._id, { status: "void" }));
    const again = await post(payload);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(await statements()).toEqual([{ ...before, status: "void" }]);
  });

  it("keeps the furthest status whatever order the events arrive in; a failure that arrives after its invoice was paid leaves the team in good standing", async () => {
    const teamId = await linkedTeam();
    await post(event("invoice.payment_failed", invoice()));
    expect((await statements()).map((s) => s.status)).toEqual(["failed"]);
    expect((await readTeam(teamId))?.status).toBe("past_due");
    await post(event("invoice.paid", invoice()));
    await post(event("invoice.finalized", invoice()));
    await post(event("invoice.payment_failed", invoice()));
    const [statement] = await statements();
    expect(statement).toMatchObject({ status: "paid", totalMicroUsd: 539_000_000 });
    expect((await readTeam(teamId))?.status).toBe("active");
    expect(await statements()).toHaveLength(1);
    // Another invoice's failure still counts.
    await post(event("invoice.payment_failed", invoice({ id: "in_march" })));
    expect((await readTeam(teamId))?.status).toBe("past_due");
  });

  it("records a void or uncollectible invoice, one row per invoice", async () => {
    await linkedTeam();
    await post(event("invoice.finalized", invoice({ id: "in_a" })));
    await post(event("invoice.voided", invoice({ id: "in_a" })));
    await post(event("invoice.marked_uncollectible", invoice({ id: "in_b" })));
    const rows = await statements();
    expect(Object.fromEntries(rows.map((s) => [s.stripeInvoiceId, s.status]))).toEqual({ in_a: "void", in_b: "failed" });
  });

  it("spans the lines when the invoice has no period of its own (a subscription's first invoice), and takes the team's plan without metadata", async () => {
    await linkedTeam("startup");
    const first = invoice({
      period_start: FEB,
      period_end: FEB,
      subtotal: 4_900,
      total: 4_900,
      parent: null,
      lines: { data: [{ amount: 4_900, quantity: 1, period: { start: FEB, end: MAR }, pricing: { price_details: { price: "price_startup_base" } } }] },
    });
    await post(event("invoice.finalized", first));
    expect(await statements()).toMatchObject([
      { periodStart: FEB * 1000, periodEnd: MAR * 1000, plan: "startup", baseFeeMicroUsd: 49_000_000, usageMicroUsd: 0, overageMicroUsd: 0, totalMicroUsd: 49_000_000, includedMicroUsd: 10_000_000 },
    ]);
  });

  it("keeps only Stripe's https pages as the invoice link", async () => {
    await linkedTeam();
    await post(event("invoice.finalized", invoice({ id: "in_js", hosted_invoice_url: "javascript:alert(1)" })));
    await post(event("invoice.finalized", invoice({ id: "in_http", hosted_invoice_url: "http://invoice.stripe.com/i/x" })));
    await post(event("invoice.finalized", invoice({ id: "in_evil", hosted_invoice_url: "https://invoice.stripe.com.evil.test/i/x" })));
    const rows = await statements();
    expect(rows).toHaveLength(3);
    expect(rows.map((s) => s.hostedInvoiceUrl)).toEqual([undefined, undefined, undefined]);
  });

  it("ignores invoices of unknown customers, in another currency or malformed, but still applies a payment's standing", async () => {
    const teamId = await linkedTeam();
    expect((await post(event("invoice.finalized", invoice({ customer: "cus_unknown" })))).status).toBe(200);
    expect((await post(event("invoice.finalized", invoice({ id: "in_eur", currency: "eur" })))).status).toBe(200);
    expect((await post(event("invoice.finalized", invoice({ id: "in_frac", total: 10.5 })))).status).toBe(200);
    expect(await statements()).toEqual([]);
    await post(event("invoice.payment_failed", invoice({ id: "in_bad", lines: "nope" })));
    expect(await statements()).toEqual([]);
    expect((await readTeam(teamId))?.status).toBe("past_due");
    expect((await t.run((ctx) => ctx.db.query("stripeEvents").collect())).length).toBe(4);
  });

  it("shows the Stripe statements on the billing overview with Stripe, newest first after the open month, and the local ones without", async () => {
    const teamId = await linkedTeam();
    const owner = await t.run(async (ctx) => (await ctx.db.query("members").first())!.userId);
    await post(event("invoice.paid", invoice({ id: "in_jan", period_start: JAN - 31 * 86_400, period_end: JAN })));
    await post(event("invoice.finalized", invoice()));
    const withStripe = await t.query(api.billing.overview, withSecret({ teamId, actingUserId: owner, withStripe: true }));
    expect(withStripe.statements[0]).toEqual(withStripe.current);
    expect(withStripe.statements.slice(1).map((s) => [s.periodStart, s.total, s.invoice?.status, s.invoice?.hostedInvoiceUrl])).toEqual([
      [JAN * 1000, 539_000_000, "finalized", "https://invoice.stripe.com/i/acct_1/test_feb"],
      [(JAN - 31 * 86_400) * 1000, 539_000_000, "paid", "https://invoice.stripe.com/i/acct_1/test_feb"],
    ]);
    const local = await t.query(api.billing.overview, withSecret({ teamId, actingUserId: owner }));
    expect(local.statements).toEqual([local.current]);
  });

  it("answers 400 to a bad signature and writes nothing", async () => {
    await linkedTeam();
    const response = await post(event("invoice.paid", invoice()), "whsec_someone_else");
    expect(response.status).toBe(400);
    expect(await statements()).toEqual([]);
    expect(await t.run((ctx) => ctx.db.query("stripeEvents").collect())).toEqual([]);
  });
});
