/**
 * The Stripe side of billing against a local fake Stripe (src/testing/fakeStripe.ts) with the real `stripe`
 * library pointed at it: one customer per team, Checkout with the plan's prices, the price switch of a subscribed
 * team, the customer portal, and hourly meter events sent exactly once per team-hour whatever fails or repeats.
 */
import { expect, it } from "vitest";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { CLOSE_MARGIN_MS, HOUR_MS, meterIdentifier, SEND_DEADLINE_MS } from "./lib/meterReports";
import { describeConvex, expectAppError, recordCalls, rollUpUsage, withSecret, type TestCall } from "./test.helpers";
import { FAKE_STRIPE_ENV, useFakeStripe } from "@/testing/fakeStripe";

const RETURN_URL = "https://portal.ghostspeak.test/t/x/billing";

describeConvex("Stripe billing", (t) => {
  const stripe = useFakeStripe();

  async function team(name = "Acme") {
    const { teamId } = await t.mutation(api.teams.create, withSecret({ name, ownerEmail: `owner@${name.toLowerCase()}.test` }));
    const ownerId = await t.run(async (ctx) => (await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", `owner@${name.toLowerCase()}.test`)).unique())!._id);
    return { teamId, ownerId };
  }
  const readTeam = (teamId: Id<"teams">) => t.run((ctx) => ctx.db.get(teamId));
  const startPlanChange = (teamId: Id<"teams">, actingUserId: Id<"users">, plan: "startup" | "growth" = "growth") =>
    t.action(api.stripeBilling.startPlanChange, withSecret({ teamId, actingUserId, plan, returnUrl: RETURN_URL }));

  it("creates the team's customer once, even for two plan changes racing, and keys it by the team", async () => {
    const { teamId, ownerId } = await team();
    const [first, second] = await Promise.all([startPlanChange(teamId, ownerId), startPlanChange(teamId, ownerId)]);
    expect(first.kind).toBe("checkout");
    expect(second.kind).toBe("checkout");
    expect(stripe().customers.size).toBe(1);
    const customerId = [...stripe().customers.keys()][0];
    expect((await readTeam(teamId))?.stripeCustomerId).toBe(customerId);
    expect(new Set(stripe().requestsTo("/v1/customers").map((r) => r.idempotencyKey))).toEqual(new Set([`ghostspeak-team-customer-${teamId}`]));
    await startPlanChange(teamId, ownerId);
    expect(stripe().requestsTo("/v1/customers")).toHaveLength(2);
    expect(stripe().customers.get(customerId)).toMatchObject({ name: "Acme", metadata: { teamId } });
  });

  it("opens Checkout in subscription mode with the plan's base and metered prices and the team as client_reference_id; the plan waits for the webhook", async () => {
    const { teamId, ownerId } = await team();
    const answer = await startPlanChange(teamId, ownerId, "growth");
    const [session] = stripe().checkoutSessions;
    expect(answer).toEqual({ kind: "checkout", url: session.url });
    expect(session).toMatchObject({
      mode: "subscription",
      customer: (await readTeam(teamId))?.stripeCustomerId,
      client_reference_id: teamId,
      line_items: [{ price: "price_growth_base", quantity: "1" }, { price: "price_growth_usage" }],
      metadata: { plan: "growth", teamId },
      subscription_data: { metadata: { plan: "growth", teamId } },
      success_url: `${RETURN_URL}?checkout=success`,
      cancel_url: `${RETURN_URL}?checkout=canceled`,
    });
    expect((await readTeam(teamId))?.plan).toBe("startup");
    const audit = await t.run((ctx) => ctx.db.query("auditLog").collect());
    expect(audit.filter((a) => a.action.startsWith("plan."))).toMatchObject([
      { action: "plan.change_requested", actorKind: "user", actorUserId: ownerId, details: { from: "startup", to: "growth", via: "checkout" } },
    ]);
  });

  it("refuses what a local plan change refuses, and anyone but the owner, before calling Stripe", async () => {
    const { teamId, ownerId } = await team();
    await expectAppError(startPlanChange(teamId, ownerId, "startup"), "CONFLICT");
    const adminId = await t.run(async (ctx) => {
      const userId = await ctx.db.insert("users", { email: "admin@acme.test" });
      await ctx.db.insert("members", { teamId, userId, role: "admin" });
      return userId;
    });
    await expectAppError(startPlanChange(teamId, adminId), "FORBIDDEN");
    await expectAppError(t.action(api.stripeBilling.openPortal, withSecret({ teamId, actingUserId: adminId, returnUrl: RETURN_URL })), "FORBIDDEN");
    await t.run((ctx) => ctx.db.patch(teamId, { spendCapMicroUsd: 100_000_000 }));
    await expectAppError(startPlanChange(teamId, ownerId), "VALIDATION_ERROR");
    expect(stripe().requests).toEqual([]);
  });

  it("switches a subscribed team's prices instead of opening a second Checkout", async () => {
    const { teamId, ownerId } = await team();
    await t.run((ctx) => ctx.db.patch(teamId, { stripeCustomerId: "cus_1", stripeSubscriptionId: "sub_1" }));
    stripe().addSubscription({ id: "sub_1", customer: "cus_1", metadata: { plan: "startup" }, items: [{ id: "si_base", price: "price_startup_base" }, { id: "si_usage", price: "price_startup_usage" }] });
    expect(await startPlanChange(teamId, ownerId, "growth")).toEqual({ kind: "switching" });
    expect(stripe().subscriptions.get("sub_1")).toMatchObject({
      metadata: { plan: "growth" },
      items: [{ id: "si_base", price: "price_growth_base" }, { id: "si_usage", price: "price_growth_usage" }],
    });
    expect(stripe().checkoutSessions).toEqual([]);
    expect((await readTeam(teamId))?.plan).toBe("startup");
  });

  it("opens the customer portal for the team's customer", async () => {
    const { teamId, ownerId } = await team();
    const { url } = await t.action(api.stripeBilling.openPortal, withSecret({ teamId, actingUserId: ownerId, returnUrl: RETURN_URL }));
    const [session] = stripe().portalSessions;
    expect(url).toBe(session.url);
    expect(session).toMatchObject({ customer: (await readTeam(teamId))?.stripeCustomerId, return_url: RETURN_URL });
  });

  it("reports a readable failure when Stripe fails, and creates nothing twice on the retry", async () => {
    const { teamId, ownerId } = await team();
    stripe().failNext("/v1/checkout/sessions");
    await expect(startPlanChange(teamId, ownerId)).rejects.toThrow();
    const retried = await startPlanChange(teamId, ownerId);
    expect(retried.kind).toBe("checkout");
    expect(stripe().customers.size).toBe(1);
  });

  // ── Hourly meter events ──────────────────────────────────────────────────────────────────────────────

  /** A Stripe-linked team with one key; its usage is recorded calls, counted by the usage roll-up. */
  async function linkedTeam(name: string) {
    const { teamId } = await team(name);
    const { keyId } = await t.mutation(api.apiKeys.create, withSecret({ teamId, name: "Prod" }));
    const customerId = `cus_${name.toLowerCase()}`;
    await t.run((ctx) => ctx.db.patch(teamId, { stripeCustomerId: customerId, stripeSubscriptionId: `sub_${name.toLowerCase()}` }));
    return { teamId, keyId, customerId };
  }
  const usage = (teamId: Id<"teams">, apiKeyId: Id<"apiKeys">, hourStart: number, costMicroUsd: number, endpoint: TestCall["endpoint"] = "/api/v1/verify") =>
    recordCalls(t, [{ teamId, apiKeyId, timestamp: hourStart, costMicroUsd, endpoint }]);
  const sync = () => t.action(internal.stripeMeterSync.sync, {});
  const reports = () => t.run((ctx) => ctx.db.query("meterReports").collect());
  /**
   * Moves the clock. The engine runs due crons while it does, the hourly sync among them; the key is withheld
   * meanwhile so that only the test's own runs send, on both backends alike. The usage roll-up then catches up
   * (convex-test runs no crons), so its watermark says which hours are fully counted.
   */
  async function later(ms: number) {
    delete process.env.STRIPE_SECRET_KEY;
    await t.advance(ms);
    await rollUpUsage(t);
    process.env.STRIPE_SECRET_KEY = FAKE_STRIPE_ENV.STRIPE_SECRET_KEY;
  }
  /** Past the end (and the close margin) of `hours` more hours. */
  const closeHours = (hours: number) => later(hours * HOUR_MS + CLOSE_MARGIN_MS);

  it("sends each closed team-hour with billable usage once, summed from its buckets, identified by team + hour", async () => {
    const acme = await linkedTeam("Acme");
    const beta = await linkedTeam("Beta");
    const local = await team("Local");
    const { keyId: localKey } = await t.mutation(api.apiKeys.create, withSecret({ teamId: local.teamId, name: "k" }));
    const h0 = t.now();
    await usage(acme.teamId, acme.keyId, h0, 10_000);
    await usage(acme.teamId, acme.keyId, h0, 5_000, "/api/v1/agents/{address}/score");
    await usage(acme.teamId, acme.keyId, h0 + HOUR_MS, 0);
    await usage(beta.teamId, beta.keyId, h0 + HOUR_MS, 20_000);
    await usage(local.teamId, localKey, h0, 10_000);
    await usage(acme.teamId, acme.keyId, h0 + 2 * HOUR_MS, 99_000);
    await closeHours(2);

    expect(await sync()).toEqual({ queued: 2, sent: 2, failed: 0, expired: 0 });
    expect(stripe().meterEvents).toEqual([
      { identifier: meterIdentifier(acme.teamId, h0), eventName: "ghostspeak_usage", customer: "cus_acme", value: 15_000, timestamp: h0 / 1000 },
      { identifier: meterIdentifier(beta.teamId, h0 + HOUR_MS), eventName: "ghostspeak_usage", customer: "cus_beta", value: 20_000, timestamp: (h0 + HOUR_MS) / 1000 },
    ]);
    expect(stripe().requestsTo("/v1/billing/meter_events").map((r) => r.idempotencyKey)).toEqual(stripe().meterEvents.map((e) => e.identifier));
    expect((await reports()).map((r) => [r.status, r.attempts, r.valueMicroUsd])).toEqual([
      ["sent", 1, 15_000],
      ["sent", 1, 20_000],
    ]);

    expect(await sync()).toEqual({ queued: 0, sent: 0, failed: 0, expired: 0 });
    expect(stripe().requestsTo("/v1/billing/meter_events")).toHaveLength(2);
    await closeHours(1);
    expect(await sync()).toMatchObject({ queued: 1, sent: 1 });
    expect(stripe().meterEvents.at(-1)).toMatchObject({ customer: "cus_acme", value: 99_000 });
  });

  it("retries a failed send at the next run and counts it once", async () => {
    const acme = await linkedTeam("Acme");
    await usage(acme.teamId, acme.keyId, t.now(), 10_000);
    await closeHours(1);
    stripe().failNext("/v1/billing/meter_events");
    expect(await sync()).toMatchObject({ queued: 1, sent: 0, failed: 1 });
    const [pending] = await reports();
    expect(pending).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringContaining("told to fail") });
    expect(stripe().meterEvents).toEqual([]);
    expect(await sync()).toMatchObject({ queued: 0, sent: 1, failed: 0 });
    expect(stripe().meterEvents).toHaveLength(1);
    expect((await reports())[0]).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("sends a bucket Stripe got but never confirmed again with the same identifier, so Stripe counts it once", async () => {
    const acme = await linkedTeam("Acme");
    await usage(acme.teamId, acme.keyId, t.now(), 10_000);
    await closeHours(1);
    // Stripe records the event, but the answer never comes: the run gives up on it as if it had died there.
    stripe().hangNext("/v1/billing/meter_events");
    expect(await sync()).toMatchObject({ sent: 0, failed: 1 });
    expect(stripe().meterEvents).toHaveLength(1);
    expect((await reports())[0].status).toBe("pending");
    // Not even the idempotency key's replay is needed: the identifier alone makes Stripe count it once.
    stripe().forgetIdempotencyKeys();
    expect(await sync()).toMatchObject({ sent: 1 });
    const sends = stripe().requestsTo("/v1/billing/meter_events");
    expect(sends).toHaveLength(2);
    expect(new Set(sends.map((r) => r.params.identifier))).toEqual(new Set([meterIdentifier(acme.teamId, t.now() - HOUR_MS - CLOSE_MARGIN_MS)]));
    expect(stripe().meterEvents).toHaveLength(1);
    expect(stripe().meterEvents[0].value).toBe(10_000);
  });

  it("never queues a bucket twice when syncs overlap, and gives up a report past its deadline instead of risking a double count", async () => {
    const acme = await linkedTeam("Acme");
    await usage(acme.teamId, acme.keyId, t.now(), 10_000);
    await closeHours(1);
    await Promise.all([t.mutation(internal.stripeMeter.queueReports, {}), t.mutation(internal.stripeMeter.queueReports, {})]);
    expect(await reports()).toHaveLength(1);

    const failing = await linkedTeam("Beta");
    await usage(failing.teamId, failing.keyId, t.now() - CLOSE_MARGIN_MS, 7_000);
    await closeHours(1);
    stripe().failNext("/v1/billing/meter_events");
    stripe().failNext("/v1/billing/meter_events");
    await sync();
    await later(SEND_DEADLINE_MS);
    expect(await sync()).toMatchObject({ sent: 0, expired: 2 });
    expect((await reports()).map((r) => r.status)).toEqual(["failed", "failed"]);
    expect(stripe().meterEvents).toEqual([]);
  });

  it("does nothing without a Stripe key", async () => {
    const acme = await linkedTeam("Acme");
    await usage(acme.teamId, acme.keyId, t.now(), 10_000);
    await closeHours(1);
    delete process.env.STRIPE_SECRET_KEY;
    expect(await sync()).toEqual({ queued: 0, sent: 0, failed: 0, expired: 0 });
    expect(await reports()).toEqual([]);
    expect(stripe().requests).toEqual([]);
  });
});
