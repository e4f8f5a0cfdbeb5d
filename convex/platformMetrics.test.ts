import { expect, it } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import type { Plan } from "./lib/plans";
import { SCAN_CAP } from "./platformMetrics";
import { describeConvex, recordCalls, withSecret, type TestCall } from "./test.helpers";

const HOUR_MS = 3_600_000;

describeConvex("platformMetrics.snapshot", (t) => {
  it("adds up the last 24 h of usage by endpoint, plan and customer, and counts the webhook queue", async () => {
    const now = t.now();
    const hour = Math.floor(now / HOUR_MS) * HOUR_MS;
    const calls: TestCall[] = [];
    await t.run(async (ctx) => {
      const growth = await ctx.db.insert("teams", { name: "G", plan: "growth", status: "active" });
      const startup = await ctx.db.insert("teams", { name: "S", plan: "startup", status: "active" });
      /** `count` calls of a new key in the hour, the first `clientErrors` answered 404, the rest sharing `costMicroUsd`. */
      const usage = async (teamId: Id<"teams">, plan: Plan, endpoint: TestCall["endpoint"], timestamp: number, count: number, costMicroUsd: number, clientErrors = 0) => {
        const apiKeyId = await ctx.db.insert("apiKeys", { teamId, hash: `h${Math.random()}`, prefix: "gs_live_abcd", last4: "wxyz", env: "live", name: "k", createdAt: now });
        for (let i = 0; i < count; i++) {
          const failed = i < clientErrors;
          calls.push({ teamId, apiKeyId, plan, endpoint, timestamp, status: failed ? 404 : 200, costMicroUsd: failed ? 0 : costMicroUsd / (count - clientErrors) });
        }
      };
      await usage(growth, "growth", "/api/v1/verify", hour, 10, 80_000, 2);
      await usage(growth, "growth", "/api/v1/verify", hour - 23 * HOUR_MS, 5, 50_000);
      await usage(startup, "startup", "/api/v1/agents/{address}/score", hour - HOUR_MS, 4, 20_000);
      // 24 h ago: outside the window.
      await usage(startup, "startup", "/api/v1/verify", hour - 24 * HOUR_MS, 100, 1_000_000);

      const endpointId = await ctx.db.insert("webhookEndpoints", { teamId: growth, url: "https://hooks.test/x", events: [], status: "active", secretCiphertext: "x" });
      const eventId = await ctx.db.insert("webhookEvents", { type: "webhook.test", teamId: growth, data: {}, status: "dispatched" });
      const delivery = (status: "pending" | "delivered" | "failed") =>
        ctx.db.insert("webhookDeliveries", { teamId: growth, endpointId, eventId, eventType: "webhook.test", status, attempts: 1, updatedAt: now });
      const pending = await delivery("pending");
      await delivery("pending");
      await delivery("failed");
      await delivery("delivered");
      const attempt = (at: number, status?: number) => ctx.db.insert("webhookAttempts", { deliveryId: pending, endpointId, teamId: growth, at, status, durationMs: 5 });
      await attempt(now - 1_000, 200);
      await attempt(now - 2_000, 500);
      await attempt(now - 3_000);
      await attempt(now - 25 * HOUR_MS, 200);
    });
    await recordCalls(t, calls);

    const snapshot = await t.client.query(api.platformMetrics.snapshot, withSecret({}));
    expect(snapshot.webhooks).toEqual({
      pendingDeliveries: { count: 2, truncated: false },
      failedDeliveries: { count: 1, truncated: false },
      attempts24h: { succeeded: 1, failed: 2, truncated: false },
    });
    expect(snapshot.usage24h.byEndpoint).toEqual([
      { endpoint: "/api/v1/agents/{address}/score", calls: 4, billableCalls: 4, clientErrors: 0, serverErrors: 0, revenueMicroUsd: 20_000 },
      { endpoint: "/api/v1/verify", calls: 15, billableCalls: 13, clientErrors: 2, serverErrors: 0, revenueMicroUsd: 130_000 },
    ]);
    expect(snapshot.usage24h.byPlan).toEqual([
      { plan: "growth", calls: 15, revenueMicroUsd: 130_000 },
      { plan: "startup", calls: 4, revenueMicroUsd: 20_000 },
    ]);
    expect(snapshot.usage24h.topCustomers.map((c) => c.revenueMicroUsd)).toEqual([130_000, 20_000]);
    expect(snapshot.usage24h.activeTeams).toBe(2);
    expect(snapshot.usage24h.truncated).toBe(false);
  });

  it("refuses a caller without the server secret", async () => {
    await expect(t.client.query(api.platformMetrics.snapshot, { serverSecret: "wrong" })).rejects.toThrow();
  });

  it("reads at most SCAN_CAP rows a source and says when it cut one", async () => {
    await t.run(async (ctx) => {
      const teamId = await ctx.db.insert("teams", { name: "G", plan: "growth", status: "active" });
      const endpointId = await ctx.db.insert("webhookEndpoints", { teamId, url: "https://hooks.test/x", events: [], status: "active", secretCiphertext: "x" });
      const eventId = await ctx.db.insert("webhookEvents", { type: "webhook.test", teamId, data: {}, status: "dispatched" });
      for (let i = 0; i <= SCAN_CAP; i++) {
        await ctx.db.insert("webhookDeliveries", { teamId, endpointId, eventId, eventType: "webhook.test", status: "pending", attempts: 0, updatedAt: Date.now() });
      }
    });
    const snapshot = await t.client.query(api.platformMetrics.snapshot, withSecret({}));
    expect(snapshot.webhooks.pendingDeliveries).toEqual({ count: SCAN_CAP, truncated: true });
    expect(snapshot.webhooks.failedDeliveries).toEqual({ count: 0, truncated: false });
  });
});
