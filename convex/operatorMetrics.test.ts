import { expect, it } from "vitest";
import { api } from "./_generated/api";
import { emptyLatencyBuckets } from "./lib/latency";
import { HOUR_MS } from "./model/usageRecording";
import { describeConvex, withSecret } from "./test.helpers";

describeConvex("operatorMetrics", (t) => {
  async function seed() {
    const now = t.now();
    const hour = Math.floor(now / HOUR_MS) * HOUR_MS;
    await t.run(async (ctx) => {
      const acme = await ctx.db.insert("teams", { name: "Acme", plan: "growth", status: "active" });
      const tiny = await ctx.db.insert("teams", { name: "Tiny", plan: "startup", status: "active" });
      const owner = await ctx.db.insert("users", { email: "o@acme.test" });
      await ctx.db.insert("members", { teamId: acme, userId: owner, role: "owner" });
      const key = (teamId: typeof acme, env: "live" | "test", revokedAt?: number) =>
        ctx.db.insert("apiKeys", { teamId, hash: `h${Math.random()}`, prefix: "gs_live_abcd", last4: "wxyz", env, name: "k", createdAt: now, revokedAt });
      const acmeKey = await key(acme, "live");
      const tinyKey = await key(tiny, "live");
      await key(acme, "test");
      await key(tiny, "live", now);
      const buckets = emptyLatencyBuckets();
      buckets[1] = 10;
      const rollup = (teamId: typeof acme, apiKeyId: typeof acmeKey, endpoint: string, hourStart: number, calls: number, cost: number, agents: number) =>
        ctx.db.insert("usageRollups", {
          teamId, apiKeyId, endpoint, hourStart, calls, billableCalls: calls, clientErrors: 0, serverErrors: 0,
          costMicroUsd: cost, agentCount: agents, latencySumMs: 10 * calls, latencyBuckets: buckets.map((n) => (n * calls) / 10),
        });
      await rollup(acme, acmeKey, "/api/v1/verify", hour, 10, 100_000, 10);
      await rollup(tiny, tinyKey, "/api/v1/verify/batch", hour - 3 * 24 * HOUR_MS, 10, 150_000, 30);
      await ctx.db.insert("invites", { teamId: acme, email: "a@x.test", role: "member", tokenHash: "t1", invitedByUserId: owner, status: "accepted", expiresAt: now + 1, lastSentAt: now });
      await ctx.db.insert("invites", { teamId: acme, email: "b@x.test", role: "member", tokenHash: "t2", invitedByUserId: owner, status: "pending", expiresAt: now + 1, lastSentAt: now });
      const endpointId = await ctx.db.insert("webhookEndpoints", { teamId: acme, url: "https://hooks.test/x", events: [], status: "active", secretCiphertext: "x" });
      const eventId = await ctx.db.insert("webhookEvents", { type: "webhook.test", teamId: acme, data: {}, status: "dispatched" });
      const delivery = (status: "pending" | "delivered" | "failed", attempts: number, updatedAt: number) =>
        ctx.db.insert("webhookDeliveries", { teamId: acme, endpointId, eventId, eventType: "webhook.test", status, attempts, updatedAt });
      await delivery("delivered", 1, now);
      await delivery("delivered", 2, now - 2 * 24 * HOUR_MS);
      await delivery("failed", 6, now - HOUR_MS);
      await delivery("pending", 1, now);
    });
  }

  it("reads each panel group over the chosen window", async () => {
    await seed();
    const day = withSecret({ window: "24h" as const });
    const week = withSecret({ window: "7d" as const });

    expect(await t.client.query(api.operatorMetrics.api, day)).toMatchObject({ calls: 10, callsPerHour: 10 / 24, successRate: 1, p50Ms: 10, p99Ms: 10, truncated: false });
    expect((await t.client.query(api.operatorMetrics.api, week)).calls).toBe(20);

    expect(await t.client.query(api.operatorMetrics.webhooks, day)).toEqual({
      delivered: 1, failed: 1, successRate: 0.5, averageRetries: 2.5, failedLast24h: 1, queueDepth: 1, truncated: false,
    });
    expect((await t.client.query(api.operatorMetrics.webhooks, week)).delivered).toBe(2);

    const business = await t.client.query(api.operatorMetrics.business, week);
    expect(business.byPlan).toEqual([
      { plan: "growth", calls: 10, revenueMicroUsd: 100_000 },
      { plan: "startup", calls: 10, revenueMicroUsd: 150_000 },
    ]);
    expect(business.topCustomers.map((c) => c.name)).toEqual(["Tiny", "Acme"]);
    expect(business.revenueMicroUsd).toBe(250_000);
    expect(business.costPerVerificationMicroUsd).toBe(250_000 / 40);
    expect(business.activeTeams).toBe(2);

    expect(await t.client.query(api.operatorMetrics.teams, day)).toEqual({
      teamsByPlan: [{ plan: "startup", teams: 1 }, { plan: "growth", teams: 1 }, { plan: "enterprise", teams: 0 }],
      invitesSent: 2,
      invitesAccepted: 1,
      membersAdded: 1,
      activeKeys: { live: 2, test: 1 },
      keysCreated: 4,
      truncated: false,
    });
  });
});
