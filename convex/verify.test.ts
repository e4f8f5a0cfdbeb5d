/**
 * The public API's functions (one per REST call) on both backends: key authentication, the rate limit counted
 * in the call's transaction, team standing, spend cap, idempotency, and usage recorded exactly once.
 */
import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { agentRow, testAddress, type AgentProfile } from "@/testing/agentRows";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { PAST_DUE_GRACE_MS } from "./lib/teamStanding";
import { describeConvex, expectAppError, rollUpUsage, withSecret } from "./test.helpers";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const GOOD: AgentProfile = { jobs: 40, successRate: 1, responseTimeMs: 500, reviews: [5, 5, 4] };

describeConvex("public API functions", (t) => {
  let requests = 0;
  const request = (key: string, extra: { idempotency?: { key: string; requestHash: string } } = {}) => ({
    keyHash: sha256(key),
    requestId: `req-${++requests}`,
    receivedAt: t.now(),
    ...extra,
  });
  const newTeam = async (plan: "startup" | "growth" | "enterprise" = "startup") =>
    (await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "owner@acme.test", plan }))).teamId;
  const newKey = (teamId: Id<"teams">, options: { env?: "live" | "test"; rateLimit?: number; expiresAt?: number } = {}) =>
    t.mutation(api.apiKeys.create, withSecret({ teamId, ...options }));
  const addAgent = (seed: number, profile: AgentProfile = GOOD) =>
    t.run(async (ctx) => {
      const row = agentRow(testAddress(seed), profile, Date.now());
      await ctx.db.insert("agents", row);
      return row;
    });
  type VerifyCall = { keyHash: string; requestId: string; receivedAt: number; agentAddress: string; idempotency?: { key: string; requestHash: string }; requiredScore?: number; returnMetrics?: boolean; rateLimitedUntil?: number };
  type ScoreCall = { keyHash: string; requestId: string; receivedAt: number; agentAddress: string; ifNoneMatch?: string };
  const verifyOne = async (call: VerifyCall) => (await t.mutation(api.verify.verify, withSecret({ calls: [call] })))[0];
  const scoreOne = async (call: ScoreCall) => (await t.mutation(api.verify.score, withSecret({ calls: [call] })))[0];
  const verify = (key: string, agentAddress: string, extra: { requiredScore?: number; returnMetrics?: boolean } = {}) =>
    verifyOne({ ...request(key), agentAddress, ...extra });
  /** What the calls so far left, once the usage roll-up counted them: events, the keys' hourly buckets, periods. */
  const usageState = async () => {
    await rollUpUsage(t);
    return t.run(async (ctx) => ({
      events: await ctx.db.query("usageEvents").collect(),
      rollups: (await ctx.db.query("usageBuckets").collect())
        .filter((b) => b.scope === "key" && b.granularity === "hour")
        .map((b) => ({ ...b, apiKeyId: b.subject })),
      periods: await ctx.db.query("usagePeriods").collect(),
    }));
  };

  it("verifies a known agent, bills 1¢ and records the call once, with its bucket and period", async () => {
    const teamId = await newTeam();
    const { key, keyId } = await newKey(teamId);
    const agent = await addAgent(1);
    const calledAt = t.now();
    const outcome = await verify(key, agent.address, { requiredScore: 500, returnMetrics: true });
    expect(outcome.status).toBe(200);
    expect(outcome.body).toMatchObject({
      agentAddress: agent.address,
      verified: true,
      ghostScore: agent.score,
      tier: agent.tier,
      meetsRequirement: true,
      confidence: agent.confidence,
      requestId: `req-${requests}`,
      metrics: { totalJobs: 40, successRate: 1, avgResponseTimeMs: 500, reviews: 3, components: agent.components },
    });
    expect(outcome.headers).toMatchObject({ "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "59" });

    const { events, rollups, periods } = await usageState();
    expect(events).toMatchObject([
      { teamId, apiKeyId: keyId, endpoint: "/api/v1/verify", method: "POST", status: 200, billable: true, costMicroUsd: 10_000, agentCount: 1, test: false },
    ]);
    expect(rollups).toMatchObject([{ apiKeyId: keyId, endpoint: "/api/v1/verify", calls: 1, billableCalls: 1, costMicroUsd: 10_000, clientErrors: 0 }]);
    expect(rollups[0].latencyBuckets.reduce((a: number, b: number) => a + b, 0)).toBe(1);
    expect(periods).toMatchObject([{ teamId, calls: 1, billableCalls: 1, costMicroUsd: 10_000 }]);
    // Kept apart from the key (which every call reads), by the roll-up.
    const activity = await t.run((ctx) => ctx.db.query("apiKeyActivity").collect());
    expect(activity).toMatchObject([{ apiKeyId: keyId }]);
    expect(activity[0].lastUsedAt).toBeGreaterThanOrEqual(calledAt);
  });

  it("never verifies a flagged agent or one below the required score", async () => {
    const { key } = await newKey(await newTeam());
    const flagged = await addAgent(2, { ...GOOD, flagged: true });
    const weak = await addAgent(3, { jobs: 10, successRate: 0.2, responseTimeMs: 9_000 });
    expect((await verify(key, flagged.address)).body).toMatchObject({ verified: false, meetsRequirement: true });
    const below = await verify(key, weak.address, { requiredScore: weak.score + 1 });
    expect(below.body).toMatchObject({ verified: false, meetsRequirement: false });
    expect(below.body).not.toHaveProperty("metrics");
  });

  it("answers the same 401 for unknown, revoked, expired and rotated-out keys and writes nothing", async () => {
    const teamId = await newTeam("growth");
    const agent = await addAgent(4);
    const revoked = await newKey(teamId);
    await t.mutation(api.apiKeys.revoke, withSecret({ keyId: revoked.keyId }));
    const expiring = await newKey(teamId, { expiresAt: t.now() + 1_000 });
    const rotated = await newKey(teamId);
    await t.mutation(api.apiKeys.rotate, withSecret({ keyId: rotated.keyId, gracePeriod: "0" as const }));
    await t.advance(1_000);
    const answers = await Promise.all(
      ["gs_live_" + "x".repeat(40), revoked.key, expiring.key, rotated.key].map((key) => verify(key, agent.address)),
    );
    for (const answer of answers) {
      expect(answer).toEqual({ status: 401, problem: answers[0].problem, headers: {} });
    }
    const { events, periods } = await usageState();
    expect(events).toEqual([]);
    expect(periods).toEqual([]);
    expect(await t.run((ctx) => ctx.db.query("rateLimitShards").collect())).toEqual([]);
  });

  it("records a 404 for an unknown agent without billing it", async () => {
    const { key } = await newKey(await newTeam());
    const outcome = await verify(key, testAddress(999));
    expect(outcome).toMatchObject({ status: 404, problem: { code: "AGENT_NOT_FOUND" } });
    expect(outcome.headers["X-RateLimit-Remaining"]).toBe("59");
    const { events, rollups } = await usageState();
    expect(events).toMatchObject([{ status: 404, billable: false, costMicroUsd: 0 }]);
    expect(rollups).toMatchObject([{ calls: 1, billableCalls: 0, clientErrors: 1 }]);
  });

  it("lets exactly the key's limit through in a minute, then refuses with Retry-After, recording each call", async () => {
    const { key } = await newKey(await newTeam(), { rateLimit: 3 });
    const agent = await addAgent(5);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await verify(key, agent.address));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
    expect(answers[3].problem?.code).toBe("RATE_LIMITED");
    expect(answers[3].headers).toMatchObject({ "X-RateLimit-Limit": "3", "X-RateLimit-Remaining": "0" });
    expect(Number(answers[3].headers["Retry-After"])).toBeGreaterThan(0);
    const { events, periods } = await usageState();
    expect(events.map((e) => [e.status, e.billable])).toEqual([[200, true], [200, true], [200, true], [429, false], [429, false]]);
    expect(periods[0]).toMatchObject({ calls: 5, billableCalls: 3, costMicroUsd: 30_000 });
    await t.advance(120_000);
    expect((await verify(key, agent.address)).status).toBe(200);
  });

  it("spreads a high limit over shards: bursts of coalesced calls never pass it, and each shard stays within its share", async () => {
    const teamId = await newTeam("enterprise");
    const { key, keyId } = await newKey(teamId, { rateLimit: 250 });
    const agent = await addAgent(19);
    const statuses: number[] = [];
    for (let m = 0; m < 3; m++) {
      const outcomes = await t.mutation(api.verify.verify, withSecret({ calls: Array.from({ length: 128 }, () => ({ ...request(key), agentAddress: agent.address })) }));
      statuses.push(...outcomes.map((o) => o.status));
    }
    // Two shards of 125: a call refused by one tries the other, so exactly the limit gets through.
    expect(statuses.filter((s) => s === 200)).toHaveLength(250);
    const shards = await t.run((ctx) => ctx.db.query("rateLimitShards").collect());
    expect(shards.map((s) => [s.apiKeyId, s.shard, s.current]).sort()).toEqual([
      [keyId, 0, 125],
      [keyId, 1, 125],
    ]);
  });

  it("refuses a call the app server knows is rate limited without reading or writing the counter, and says until when", async () => {
    const { key } = await newKey(await newTeam(), { rateLimit: 1 });
    const agent = await addAgent(20);
    expect((await verify(key, agent.address)).status).toBe(200);
    const refused = await verify(key, agent.address);
    expect(refused).toMatchObject({ status: 429, problem: { code: "RATE_LIMITED" } });
    expect(refused.rateLimitedUntil).toBeGreaterThan(t.now());
    const before = await t.run((ctx) => ctx.db.query("rateLimitShards").collect());
    const known = await verifyOne({ ...request(key), agentAddress: agent.address, rateLimitedUntil: t.now() + 5_000 });
    expect(known).toMatchObject({ status: 429, problem: { code: "RATE_LIMITED" }, rateLimitedUntil: t.now() + 5_000 });
    expect(known.headers).toMatchObject({ "Retry-After": "5", "X-RateLimit-Limit": "1", "X-RateLimit-Remaining": "0" });
    expect(await t.run((ctx) => ctx.db.query("rateLimitShards").collect())).toEqual(before);
    // A time already past is ignored: the counter decides.
    await t.advance(120_000);
    expect((await verifyOne({ ...request(key), agentAddress: agent.address, rateLimitedUntil: t.now() - 1 })).status).toBe(200);
    expect((await usageState()).events.map((e) => e.status)).toEqual([200, 429, 429, 200]);
  });

  it("uses an enterprise contract's limit, lowered by the key's own", async () => {
    const teamId = await newTeam("enterprise");
    await t.run((ctx) => ctx.db.patch(teamId, { limitOverrides: { rateLimitPerMinute: 5_000 } }));
    const agent = await addAgent(6);
    const plain = await newKey(teamId);
    const lowered = await newKey(teamId, { rateLimit: 7 });
    expect((await verify(plain.key, agent.address)).headers["X-RateLimit-Limit"]).toBe("5000");
    expect((await verify(lowered.key, agent.address)).headers["X-RateLimit-Limit"]).toBe("7");
  });

  it("refuses a disabled team with 403 and a team past due beyond grace with 402, recording both", async () => {
    const teamId = await newTeam();
    const { key } = await newKey(teamId);
    const agent = await addAgent(7);
    await t.run((ctx) => ctx.db.patch(teamId, { status: "past_due", pastDueSince: Date.now() - PAST_DUE_GRACE_MS + 60_000 }));
    expect((await verify(key, agent.address)).status).toBe(200);
    await t.advance(61_000);
    const pastDue = await verify(key, agent.address);
    expect(pastDue).toMatchObject({ status: 402, problem: { code: "PAYMENT_REQUIRED" } });
    expect(pastDue.headers).toHaveProperty("X-RateLimit-Limit");
    await t.run((ctx) => ctx.db.patch(teamId, { status: "disabled" }));
    expect(await verify(key, agent.address)).toMatchObject({ status: 403, problem: { code: "FORBIDDEN" } });
    const { events } = await usageState();
    expect(events.map((e) => [e.status, e.costMicroUsd])).toEqual([[200, 10_000], [402, 0], [403, 0]]);
  });

  it("answers QUOTA_EXCEEDED once a billable call would pass the spend cap, and still serves test keys", async () => {
    const teamId = await newTeam("startup");
    // Base fee $49 + included $10: a cap of $49.00 + 1¢ allows one overage cent past the included usage.
    await t.run(async (ctx) => {
      await ctx.db.patch(teamId, { spendCapMicroUsd: 49_010_000 });
      await ctx.db.insert("usagePeriods", { teamId, periodStart: Date.UTC(2026, 0, 1), calls: 1_000, billableCalls: 1_000, costMicroUsd: 10_000_000 });
    });
    const live = await newKey(teamId);
    const test = await newKey(teamId, { env: "test" });
    const agent = await addAgent(8);
    // One transaction counts its own calls against the cap.
    const [first, second] = await t.mutation(api.verify.verify, withSecret({ calls: [0, 1].map(() => ({ ...request(live.key), agentAddress: agent.address })) }));
    expect(first.status).toBe(200);
    expect(second).toMatchObject({ status: 429, problem: { code: "QUOTA_EXCEEDED" } });
    expect(Number(second.headers["Retry-After"])).toBe(Math.ceil((Date.UTC(2026, 1, 1) - t.now()) / 1000));
    // Later transactions see it once the roll-up counted it (prisma-free-notes/billing.md, "Spend cap").
    await rollUpUsage(t);
    expect(await verify(live.key, agent.address)).toMatchObject({ status: 429, problem: { code: "QUOTA_EXCEEDED" } });
    expect((await verify(test.key, agent.address)).status).toBe(200);
    const { events, periods } = await usageState();
    expect(events.map((e) => [e.status, e.billable, e.test])).toEqual([[200, true, false], [429, false, false], [429, false, false], [200, false, true]]);
    expect(periods[0]).toMatchObject({ calls: 1_004, billableCalls: 1_001, costMicroUsd: 10_010_000 });
  });

  it("reads the cap from the roll-up's figure: calls of other transactions it has not counted yet can pass it", async () => {
    const teamId = await newTeam("startup");
    await t.run(async (ctx) => {
      await ctx.db.patch(teamId, { spendCapMicroUsd: 49_010_000 });
      await ctx.db.insert("usagePeriods", { teamId, periodStart: Date.UTC(2026, 0, 1), calls: 1_000, billableCalls: 1_000, costMicroUsd: 10_000_000 });
    });
    const { key } = await newKey(teamId);
    const agent = await addAgent(18);
    expect((await verify(key, agent.address)).status).toBe(200);
    // The documented overshoot: this transaction cannot see the one before until the roll-up has run.
    expect((await verify(key, agent.address)).status).toBe(200);
    await rollUpUsage(t);
    expect((await verify(key, agent.address)).status).toBe(429);
  });

  it("records test-key calls as test, at no cost", async () => {
    const { key } = await newKey(await newTeam(), { env: "test" });
    const agent = await addAgent(9);
    expect((await verify(key, agent.address)).status).toBe(200);
    expect((await usageState()).events).toMatchObject([{ status: 200, billable: false, costMicroUsd: 0, test: true }]);
  });

  it("replays an idempotent call for 24 h without billing it again, and refuses another body under the key", async () => {
    const { key } = await newKey(await newTeam());
    const agent = await addAgent(10);
    const idempotency = { key: "order-42", requestHash: sha256("body-a") };
    const first = await verifyOne({ ...request(key, { idempotency }), agentAddress: agent.address });
    const replay = await verifyOne({ ...request(key, { idempotency }), agentAddress: agent.address });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers["Idempotent-Replayed"]).toBe("true");
    expect(first.headers).not.toHaveProperty("Idempotent-Replayed");

    const conflict = await verifyOne({ ...request(key, { idempotency: { key: "order-42", requestHash: sha256("body-b") } }), agentAddress: agent.address });
    expect(conflict).toMatchObject({ status: 409, problem: { code: "IDEMPOTENCY_CONFLICT" } });
    const batchUnderSameKey = await t.mutation(api.verify.batch, withSecret({ ...request(key, { idempotency }), agents: [agent.address] }));
    expect(batchUnderSameKey.status).toBe(409);

    await t.advance(24 * 3_600_000 + 1_000);
    const afterExpiry = await verifyOne({ ...request(key, { idempotency }), agentAddress: agent.address });
    expect(afterExpiry.headers).not.toHaveProperty("Idempotent-Replayed");
    const { events } = await usageState();
    expect(events.map((e) => [e.status, e.billable])).toEqual([[200, true], [200, false], [409, false], [409, false], [200, true]]);
  });

  it("answers the score with an ETag, and 304 without billing when the client has it", async () => {
    const { key } = await newKey(await newTeam());
    const agent = await addAgent(11);
    const first = await scoreOne({ ...request(key), agentAddress: agent.address });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ agentAddress: agent.address, ghostScore: agent.score, tier: agent.tier });
    const etag = first.headers.ETag;
    expect(etag).toMatch(/^W\/"[0-9a-z-]+"$/);
    const cached = await scoreOne({ ...request(key), agentAddress: agent.address, ifNoneMatch: etag });
    expect(cached).toMatchObject({ status: 304, headers: { ETag: etag } });
    expect(cached.body).toBeUndefined();
    const { events } = await usageState();
    expect(events.map((e) => [e.endpoint, e.status, e.costMicroUsd])).toEqual([
      ["/api/v1/agents/{address}/score", 200, 5_000],
      ["/api/v1/agents/{address}/score", 304, 0],
    ]);
  });

  it("verifies a batch: deduplicated in order, per-item errors, only unique found agents billed, one rate-limit request", async () => {
    const { key } = await newKey(await newTeam(), { rateLimit: 2 });
    const a = await addAgent(12);
    const b = await addAgent(13, { ...GOOD, flagged: true });
    const unknown = testAddress(777);
    const outcome = await t.mutation(
      api.verify.batch,
      withSecret({ ...request(key), agents: [b.address, "not-an-address", a.address, b.address, unknown, a.address], requiredScore: 100 }),
    );
    expect(outcome.status).toBe(200);
    expect(outcome.body.results).toEqual([
      { agentAddress: b.address, found: true, verified: false, ghostScore: b.score, tier: b.tier, meetsRequirement: true },
      { agentAddress: "not-an-address", found: false, verified: false, error: "INVALID_ADDRESS" },
      { agentAddress: a.address, found: true, verified: true, ghostScore: a.score, tier: a.tier, meetsRequirement: true },
      { agentAddress: unknown, found: false, verified: false, error: "AGENT_NOT_FOUND" },
    ]);
    expect(outcome.body.summary).toMatchObject({ requested: 6, unique: 4, found: 2, notFound: 1, invalid: 1 });
    expect(outcome.body.cost).toEqual({ billableAgents: 2, amountUsd: 0.01 });
    expect(outcome.headers["X-RateLimit-Remaining"]).toBe("1");
    expect((await usageState()).events).toMatchObject([{ endpoint: "/api/v1/verify/batch", costMicroUsd: 10_000, agentCount: 3, billable: true }]);
  });

  it("reports the team's usage from its buckets: totals, per endpoint and a zero-filled series", async () => {
    const teamId = await newTeam();
    const one = await newKey(teamId);
    const two = await newKey(teamId, { env: "test" });
    const agent = await addAgent(14);
    await verify(one.key, agent.address);
    await verify(two.key, agent.address);
    await t.advance(3_600_000);
    await verify(one.key, testAddress(555));
    await scoreOne({ ...request(one.key), agentAddress: agent.address });
    const range = { from: Date.UTC(2026, 0, 1), to: t.now() - (t.now() % 3_600_000) + 3_600_000 };
    // Uncounted calls are in it already: the report adds what the roll-up has not reached.
    const report = await t.query(api.usage.report, withSecret({ keyHash: sha256(one.key), ...range, granularity: "hour" as const }));
    expect(report).not.toBeNull();
    expect(report!.totals).toEqual({ calls: 4, billable: 2, costUsd: 0.015 });
    expect(report!.endpoints).toEqual([
      { endpoint: "/api/v1/agents/{address}/score", calls: 1, billable: 1, costUsd: 0.005 },
      { endpoint: "/api/v1/verify", calls: 3, billable: 1, costUsd: 0.01 },
    ]);
    expect(report!.series).toEqual([
      { start: "2026-01-01T00:00:00.000Z", calls: 2, billable: 1, costUsd: 0.01 },
      { start: "2026-01-01T01:00:00.000Z", calls: 2, billable: 1, costUsd: 0.005 },
    ]);
    // The usage call itself is recorded (free); counted or not, the report is the same.
    expect((await t.mutation(api.usage.recordCall, withSecret(request(one.key)))).status).toBe(200);
    await rollUpUsage(t);
    const daily = await t.query(api.usage.report, withSecret({ keyHash: sha256(one.key), ...range, granularity: "day" as const }));
    expect(daily!.series).toEqual([{ start: "2026-01-01T00:00:00.000Z", calls: 5, billable: 2, costUsd: 0.015 }]);
    expect(await t.query(api.usage.report, withSecret({ keyHash: sha256("gs_live_" + "q".repeat(40)), ...range, granularity: "day" as const }))).toBeNull();
  });

  it("decides coalesced calls one after the other in one transaction: limits, buckets and periods as if serial", async () => {
    const teamId = await newTeam();
    const limited = await newKey(teamId, { rateLimit: 3 });
    const other = await newKey(teamId, { env: "test" });
    const agent = await addAgent(15);
    const calls = [
      ...Array.from({ length: 5 }, () => ({ ...request(limited.key), agentAddress: agent.address })),
      { ...request(other.key), agentAddress: agent.address },
      { ...request("gs_live_" + "z".repeat(40)), agentAddress: agent.address },
      { ...request(limited.key), agentAddress: testAddress(31_337) },
    ];
    const outcomes = await t.mutation(api.verify.verify, withSecret({ calls }));
    expect(outcomes.map((o) => o.status)).toEqual([200, 200, 200, 429, 429, 200, 401, 429]);
    expect(outcomes.slice(0, 3).map((o) => o.headers["X-RateLimit-Remaining"])).toEqual(["2", "1", "0"]);
    expect(outcomes[0].body.requestId).toBe(calls[0].requestId);
    const { events, rollups, periods } = await usageState();
    expect(events.map((e) => e.requestId)).toEqual([...calls.slice(0, 6), calls[7]].map((c) => c.requestId));
    expect(rollups.map((r) => [r.apiKeyId, r.calls, r.billableCalls, r.clientErrors])).toEqual([
      [limited.keyId, 6, 3, 3],
      [other.keyId, 1, 0, 0],
    ]);
    expect(periods).toMatchObject([{ calls: 7, billableCalls: 3, costMicroUsd: 30_000 }]);
    const windows = await t.run((ctx) => ctx.db.query("rateLimitShards").collect());
    expect(windows.map((w) => w.current).sort()).toEqual([1, 3]);
    await expectAppError(t.mutation(api.verify.verify, withSecret({ calls: [] })), "VALIDATION_ERROR");
  });

  it("replays within one coalesced mutation: the second call under an Idempotency-Key sees the first's answer", async () => {
    const { key } = await newKey(await newTeam());
    const agent = await addAgent(16);
    const idempotency = { key: "same-batch", requestHash: sha256("body") };
    const calls = [0, 1].map(() => ({ ...request(key, { idempotency }), agentAddress: agent.address }));
    const [first, second] = await t.mutation(api.verify.verify, withSecret({ calls }));
    expect(second.body).toEqual(first.body);
    expect(second.headers["Idempotent-Replayed"]).toBe("true");
    expect((await usageState()).periods[0]).toMatchObject({ calls: 2, billableCalls: 1, costMicroUsd: 10_000 });
  });
});
