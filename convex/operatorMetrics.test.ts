import { expect, it } from "vitest";
import { api } from "./_generated/api";
import type { Plan } from "./lib/plans";
import { OPERATOR_ATTEMPTS_READ } from "./operatorMetrics";
import { describeConvex, recordCalls, withSecret, type TestCall } from "./test.helpers";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

describeConvex("operatorMetrics", (t) => {
  async function seed() {
    const now = t.now();
    const hour = Math.floor(now / HOUR_MS) * HOUR_MS;
    const calls: TestCall[] = [];
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
      // 10 calls in 10 ms each: [team, plan, key, endpoint, time, cost of each, agents each].
      const usage = (teamId: typeof acme, plan: Plan, apiKeyId: typeof acmeKey, endpoint: TestCall["endpoint"], timestamp: number, cost: number, agents: number) =>
        calls.push(...Array.from({ length: 10 }, () => ({ teamId, plan, apiKeyId, endpoint, timestamp, costMicroUsd: cost, agentCount: agents, responseTimeMs: 10 })));
      usage(acme, "growth", acmeKey, "/api/v1/verify", hour, 10_000, 1);
      usage(tiny, "startup", tinyKey, "/api/v1/verify/batch", hour - 3 * 24 * HOUR_MS, 15_000, 3);
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
    await recordCalls(t, calls);
  }

  it("reads each panel group over the chosen window", async () => {
    await seed();
    const day = withSecret({ window: "24h" as const });
    const week = withSecret({ window: "7d" as const });

    expect(await t.client.query(api.operatorMetrics.api, day)).toMatchObject({ calls: 10, callsPerHour: 10 / 24, successRate: 1, p50Ms: 10, p99Ms: 10, truncated: false });
    expect((await t.client.query(api.operatorMetrics.api, week)).calls).toBe(20);

    expect(await t.client.query(api.operatorMetrics.webhooks, day)).toMatchObject({
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

    expect(await t.client.query(api.operatorMetrics.teams, day)).toMatchObject({
      teamsByPlan: [{ plan: "startup", teams: 1 }, { plan: "growth", teams: 1 }, { plan: "enterprise", teams: 0 }],
      invitesSent: 2,
      invitesAccepted: 1,
      membersAdded: 1,
      keys: { byKind: { live: 2, test: 1 } },
      keysCreated: 4,
      truncated: false,
    });
  });

  it("draws member growth over the window and the API keys by state, kind and plan", async () => {
    const joinAt: number[] = [];
    const { acme, tiny } = await t.run(async (ctx) => ({
      acme: await ctx.db.insert("teams", { name: "Acme", plan: "growth", status: "active" }),
      tiny: await ctx.db.insert("teams", { name: "Tiny", plan: "startup", status: "active" }),
    }));
    const join = async (count: number) => {
      joinAt.push(t.now());
      await t.run(async (ctx) => {
        for (let i = 0; i < count; i++) {
          const userId = await ctx.db.insert("users", { email: `m${Math.random()}@x.test` });
          await ctx.db.insert("members", { teamId: i % 2 === 0 ? acme : tiny, userId, role: "member" });
        }
      });
    };
    // 2 members 3 days and 2 hours ago, 1 two hours ago, 2 now.
    await join(2);
    await t.advance(3 * DAY_MS);
    await join(1);
    await t.advance(2 * HOUR_MS);
    await join(2);
    const now = t.now();

    const day = await t.client.query(api.operatorMetrics.teams, withSecret({ window: "24h" as const }));
    expect(day.memberGrowth.granularity).toBe("hour");
    expect(day.memberGrowth.before).toBe(2);
    expect(day.memberGrowth.points).toHaveLength(24);
    expect(day.memberGrowth.points.at(-1)).toEqual({ start: Math.floor(now / HOUR_MS) * HOUR_MS, added: 2, total: 5 });
    expect(day.memberGrowth.points.map((p) => p.added)).toEqual([...Array(21).fill(0), 1, 0, 2]);
    expect(day.memberGrowth.points.map((p) => p.total)).toEqual([...Array(21).fill(2), 3, 3, 5]);
    expect(day.membersAdded).toBe(3);

    const week = await t.client.query(api.operatorMetrics.teams, withSecret({ window: "7d" as const }));
    expect(week.memberGrowth.granularity).toBe("day");
    expect(week.memberGrowth.points).toHaveLength(8);
    expect(week.memberGrowth.before).toBe(0);
    const dayIndex = (time: number) => 7 - (Math.floor(now / DAY_MS) - Math.floor(time / DAY_MS));
    const added = Array(8).fill(0);
    added[dayIndex(joinAt[0])] += 2;
    added[dayIndex(joinAt[1])] += 1;
    added[dayIndex(joinAt[2])] += 2;
    expect(week.memberGrowth.points.map((p) => p.added)).toEqual(added);
    expect(week.memberGrowth.points.at(-1)?.total).toBe(5);
    expect(week.membersAdded).toBe(5);

    await t.run(async (ctx) => {
      const key = (teamId: typeof acme, env: "live" | "test", times: { expiresAt?: number; graceUntil?: number; revokedAt?: number } = {}) =>
        ctx.db.insert("apiKeys", { teamId, hash: `h${Math.random()}`, prefix: "gs_live_abcd", last4: "wxyz", env, name: "k", createdAt: now, ...times });
      await key(acme, "live");
      await key(acme, "test");
      await key(acme, "live", { expiresAt: now + 3 * DAY_MS });
      await key(tiny, "live", { expiresAt: now + 30 * DAY_MS });
      await key(tiny, "test", { graceUntil: now + HOUR_MS });
      await key(tiny, "live", { expiresAt: now - 1 });
      await key(acme, "live", { graceUntil: now - 1 });
      await key(acme, "test", { revokedAt: now - DAY_MS });
    });
    expect((await t.client.query(api.operatorMetrics.teams, withSecret({ window: "30d" as const }))).keys).toEqual({
      byState: { active: 3, expiring: 2, expired: 2, revoked: 1 },
      byKind: { live: 3, test: 2 },
      byPlan: [
        { plan: "startup", live: 1, test: 1 },
        { plan: "growth", live: 2, test: 1 },
        { plan: "enterprise", live: 0, test: 0 },
      ],
    });
  });
  it("draws calls by outcome, latency percentiles and delivery attempts per bucket from a known workload", async () => {
    // Half past midnight UTC: the current hour is the first of a UTC day.
    await t.advance(30 * 60_000);
    const now = t.now();
    const hour = Math.floor(now / HOUR_MS) * HOUR_MS;
    const { teamId, apiKeyId, endpointId, deliveryId } = await t.run(async (ctx) => {
      const teamId = await ctx.db.insert("teams", { name: "Acme", plan: "growth", status: "active" });
      const apiKeyId = await ctx.db.insert("apiKeys", { teamId, hash: "h", prefix: "gs_live_abcd", last4: "wxyz", env: "live", name: "k", createdAt: now });
      const endpointId = await ctx.db.insert("webhookEndpoints", { teamId, url: "https://hooks.test/x", events: [], status: "active", secretCiphertext: "x" });
      const eventId = await ctx.db.insert("webhookEvents", { type: "webhook.test", teamId, data: {}, status: "dispatched" });
      const deliveryId = await ctx.db.insert("webhookDeliveries", { teamId, endpointId, eventId, eventType: "webhook.test", status: "pending", attempts: 0, updatedAt: now });
      return { teamId, apiKeyId, endpointId, deliveryId };
    });
    // Calls through the recorder every API call uses: [time, status, latency ms].
    const calls: [number, number, number][] = [
      // The current hour, from its first millisecond: 4 × 2xx ≤ 5 ms, a 404 ≤ 50 ms, a 503 ≤ 1 s.
      [hour, 200, 3], [hour, 200, 3], [now, 200, 4], [now, 201, 5], [now, 404, 40], [now, 503, 700],
      // The last millisecond of the day before, and the first of its last hour: one bucket.
      [hour - 1, 200, 20], [hour - HOUR_MS, 429, 25],
      // Three hours ago.
      [hour - 3 * HOUR_MS + 59 * 60_000, 200, 90],
      // The oldest hour of the 24 h window: slower than the last bound, so no percentile.
      [hour - 23 * HOUR_MS, 500, 3_000],
      // Before the 24 h window, inside the 7 d one.
      [hour - 24 * HOUR_MS, 200, 3], [hour - 50 * HOUR_MS, 400, 3],
    ];
    await recordCalls(t, calls.map(([timestamp, status, responseTimeMs]) => ({ teamId, apiKeyId, plan: "growth", status, costMicroUsd: 0, responseTimeMs, timestamp })));

    const day = await t.client.query(api.operatorMetrics.api, withSecret({ window: "24h" as const }));
    expect(day.series.granularity).toBe("hour");
    expect(day.series.points.map((p) => p.start)).toEqual(Array.from({ length: 24 }, (_, i) => hour - (23 - i) * HOUR_MS));
    const hourly = (ago: number) => day.series.points[23 - ago];
    expect(hourly(0)).toEqual({ start: hour, success: 4, clientErrors: 1, serverErrors: 1, p50Ms: 5, p95Ms: 1_000, p99Ms: 1_000 });
    expect(hourly(1)).toEqual({ start: hour - HOUR_MS, success: 1, clientErrors: 1, serverErrors: 0, p50Ms: 25, p95Ms: 25, p99Ms: 25 });
    expect(hourly(3)).toEqual({ start: hour - 3 * HOUR_MS, success: 1, clientErrors: 0, serverErrors: 0, p50Ms: 100, p95Ms: 100, p99Ms: 100 });
    expect(hourly(23)).toEqual({ start: hour - 23 * HOUR_MS, success: 0, clientErrors: 0, serverErrors: 1, p50Ms: null, p95Ms: null, p99Ms: null });
    const quiet = day.series.points.filter((_, i) => ![0, 20, 22, 23].includes(i));
    expect(quiet.every((p) => p.success + p.clientErrors + p.serverErrors === 0 && p.p50Ms === null)).toBe(true);
    // The series adds up to the window's figures.
    expect(day.series.points.reduce((sum, p) => sum + p.success + p.clientErrors + p.serverErrors, 0)).toBe(day.calls);
    expect(day.calls).toBe(10);

    const week = await t.client.query(api.operatorMetrics.api, withSecret({ window: "7d" as const }));
    expect(week.series.granularity).toBe("day");
    expect(week.series.points.map((p) => p.start)).toEqual(Array.from({ length: 8 }, (_, i) => hour - (7 - i) * DAY_MS));
    expect(week.series.points.reduce((sum, p) => sum + p.success + p.clientErrors + p.serverErrors, 0)).toBe(week.calls);
    expect(week.series.points.map((p) => [p.success, p.clientErrors, p.serverErrors])).toEqual([
      [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0],
      [0, 1, 0], // 50 h ago: 22:00 three days back
      [0, 0, 0],
      [3, 1, 1], // yesterday: 24 h, 23 h, 3 h and 1 h ago
      [4, 1, 1],
    ]);
    // Yesterday's latencies: 3, 20, 25, 90 and 3,000 ms.
    expect(week.series.points[6]).toMatchObject({ p50Ms: 25, p95Ms: null, p99Ms: null });
    expect(week.series.points[7]).toMatchObject({ p50Ms: 5, p95Ms: 1_000 });

    await t.run(async (ctx) => {
      const attempt = (at: number, status?: number) => ctx.db.insert("webhookAttempts", { deliveryId, endpointId, teamId, at, status, durationMs: 5 });
      await attempt(now, 200);
      await attempt(hour, 500);
      await attempt(hour - 1);
      await attempt(hour - HOUR_MS, 204);
      await attempt(hour - 23 * HOUR_MS, 302);
      await attempt(hour - 23 * HOUR_MS - 1, 200);
    });
    const hooks = await t.client.query(api.operatorMetrics.webhooks, withSecret({ window: "24h" as const }));
    expect(hooks.attempts.granularity).toBe("hour");
    expect(hooks.attempts.points).toHaveLength(24);
    expect(hooks.attempts.points.map((p) => [p.succeeded, p.failed])).toEqual([[0, 1], ...Array(21).fill([0, 0]), [1, 1], [1, 1]]);
    const hooksWeek = await t.client.query(api.operatorMetrics.webhooks, withSecret({ window: "7d" as const }));
    expect(hooksWeek.attempts.points.map((p) => [p.succeeded, p.failed])).toEqual([...Array(6).fill([0, 0]), [2, 2], [1, 1]]);
    expect(hooksWeek.truncated).toBe(false);
  });

  it("reads at most OPERATOR_ATTEMPTS_READ delivery attempts (each may carry 1 KiB of an answer) and says the series is cut", async () => {
    const now = t.now();
    await t.run(async (ctx) => {
      const teamId = await ctx.db.insert("teams", { name: "G", plan: "growth", status: "active" });
      const endpointId = await ctx.db.insert("webhookEndpoints", { teamId, url: "https://hooks.test/x", events: [], status: "active", secretCiphertext: "x" });
      const eventId = await ctx.db.insert("webhookEvents", { type: "webhook.test", teamId, data: {}, status: "dispatched" });
      const deliveryId = await ctx.db.insert("webhookDeliveries", { teamId, endpointId, eventId, eventType: "webhook.test", status: "failed", attempts: 8, updatedAt: now });
      for (let i = 0; i <= OPERATOR_ATTEMPTS_READ; i++) {
        await ctx.db.insert("webhookAttempts", { deliveryId, endpointId, teamId, at: now - i * 1_000, status: 502, durationMs: 5, responseExcerpt: "x".repeat(1_024) });
      }
    });
    const hooks = await t.client.query(api.operatorMetrics.webhooks, withSecret({ window: "24h" as const }));
    expect(hooks.attempts.points.reduce((sum, p) => sum + p.failed, 0)).toBe(OPERATOR_ATTEMPTS_READ);
    expect(hooks.truncated).toBe(true);
  });
});
