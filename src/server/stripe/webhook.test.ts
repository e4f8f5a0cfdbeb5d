/// <reference types="vite/client" />
/**
 * The Stripe webhook endpoint against the real convex/ functions (convex-test): events signed with the Stripe
 * library's own test header, a bad, missing or stale signature refused with 400, each event id applied once.
 */
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { TRPC_TEST_SECRET, useTrpcHarness } from "../trpc/test.helpers";
import { handleStripeWebhook } from "./webhook";

const SECRET = "whsec_test_5c1f9e";
const harness = useTrpcHarness();
const backend = () => harness.context(null).backend;

let sequence = 0;
function event(type: string, object: object): string {
  sequence += 1;
  return JSON.stringify({ id: `evt_${sequence}`, object: "event", type, created: Math.floor(Date.now() / 1000), data: { object } });
}

function post(payload: string, signature: string | null = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET })) {
  const headers = new Headers({ "content-type": "application/json" });
  if (signature !== null) headers.set("stripe-signature", signature);
  return handleStripeWebhook(new Request("http://local/api/stripe/webhook", { method: "POST", body: payload, headers }), backend(), SECRET);
}

async function team() {
  const { teamId } = await harness.t().mutation(api.teams.create, { name: "Acme", ownerEmail: "owner@acme.test", serverSecret: TRPC_TEST_SECRET });
  return teamId;
}
const read = (teamId: Id<"teams">) => harness.t().run((ctx) => ctx.db.get(teamId));

const checkout = (teamId: string, plan = "growth") =>
  event("checkout.session.completed", { object: "checkout.session", id: "cs_1", client_reference_id: teamId, customer: "cus_1", subscription: "sub_1", metadata: { plan } });

describe("POST /api/stripe/webhook", () => {
  it("applies a signed checkout completion: the team is linked to its customer and moves to the paid plan", async () => {
    const teamId = await team();
    const response = await post(checkout(teamId));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    expect(await read(teamId)).toMatchObject({ plan: "growth", stripeCustomerId: "cus_1", stripeSubscriptionId: "sub_1" });
    const audit = await harness.t().run((ctx) => ctx.db.query("auditLog").collect());
    expect(audit.filter((a) => a.action === "plan.change")).toMatchObject([{ actorKind: "system", details: { from: "startup", to: "growth", source: "stripe" } }]);
  });

  it("answers 400 to a missing, bad or stale signature and changes nothing", async () => {
    const teamId = await team();
    const payload = checkout(teamId);
    expect((await post(payload, null)).status).toBe(400);
    expect((await post(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_someone_else" }))).status).toBe(400);
    expect((await post(payload.replace("growth", "startup"), Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }))).status).toBe(400);
    const stale = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await post(payload, stale)).status).toBe(400);
    expect(await read(teamId)).toMatchObject({ plan: "startup" });
    expect(await harness.t().run((ctx) => ctx.db.query("stripeEvents").collect())).toEqual([]);
  });

  it("accepts a header carrying several signatures when one of them verifies (Stripe signs with each secret while one is rolled)", async () => {
    const teamId = await team();
    const payload = checkout(teamId);
    const good = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
    const old = Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_rolled_away" });
    const both = `${good},${old.split(",")[1]}`;
    expect((await post(payload, both)).status).toBe(200);
    expect((await read(teamId))?.plan).toBe("growth");
  });

  it("applies a replayed event once", async () => {
    const teamId = await team();
    const payload = checkout(teamId);
    await post(payload);
    await harness.t().run((ctx) => ctx.db.patch(teamId, { plan: "startup" }));
    const again = await post(payload);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect((await read(teamId))?.plan).toBe("startup");
  });

  it("marks the team past due on a failed payment, keeps the first date, and clears it once paid", async () => {
    const teamId = await team();
    await post(checkout(teamId));
    await post(event("invoice.payment_failed", { object: "invoice", id: "in_1", customer: "cus_1" }));
    const since = (await read(teamId))?.pastDueSince;
    expect(await read(teamId)).toMatchObject({ status: "past_due" });
    expect(since).toEqual(expect.any(Number));
    await post(event("customer.subscription.updated", { object: "subscription", id: "sub_1", customer: "cus_1", status: "past_due", metadata: { plan: "growth" } }));
    expect((await read(teamId))?.pastDueSince).toBe(since);
    await post(event("invoice.paid", { object: "invoice", id: "in_1", customer: "cus_1" }));
    const paid = await read(teamId);
    expect(paid?.status).toBe("active");
    expect(paid?.pastDueSince).toBeUndefined();
  });

  it("moves a team whose subscription is deleted back to startup, and ignores events for unknown customers or types", async () => {
    const teamId = await team();
    await post(checkout(teamId));
    await post(event("customer.subscription.deleted", { object: "subscription", id: "sub_1", customer: "cus_1", status: "canceled", metadata: {} }));
    const canceled = await read(teamId);
    expect(canceled?.plan).toBe("startup");
    expect(canceled?.stripeSubscriptionId).toBeUndefined();
    expect((await post(event("invoice.payment_failed", { object: "invoice", id: "in_9", customer: "cus_unknown" }))).status).toBe(200);
    expect((await post(event("charge.refunded", { object: "charge", id: "ch_1" }))).status).toBe(200);
    expect((await read(teamId))?.status).toBe("active");
  });

  it("refuses everything while no webhook secret is configured", async () => {
    const payload = event("invoice.paid", { object: "invoice", id: "in_1", customer: "cus_1" });
    const response = await handleStripeWebhook(
      new Request("http://local/api/stripe/webhook", { method: "POST", body: payload, headers: { "stripe-signature": "t=1,v1=00" } }),
      backend(),
      "",
    );
    expect(response.status).toBe(503);
  });
});
