/**
 * The built SDK (`dist/sdk/index.js`, not its sources) against the suite's server: verify, score, batch and usage,
 * each result carrying its answer's request id and rate-limit figures, and what the server recorded for them. The
 * webhook endpoints have a server of their own (sdkWebhooks.test.ts).
 */
import { pathToFileURL } from "node:url";
import { DEFAULT_BASE_URL, GhostSpeak } from "@ghostspeak/sdk";
import { describe, expect, it } from "vitest";
import { SDK_BUNDLE } from "../../scripts/build-sdk";
import { baseUrl, testAddress, useDatabase } from "./fixtures";

const fx = useDatabase();

describe("the SDK against the real server", () => {
  it("is the built bundle", async () => {
    const built = (await import(pathToFileURL(SDK_BUNDLE).href)) as typeof import("@ghostspeak/sdk");
    expect(GhostSpeak).toBe(built.GhostSpeak);
  });

  it("verifies, scores, batches and reads usage, with every answer's request id and rate-limit figures", async () => {
    // At most 100 a minute: one counter shard, so `remaining` counts down exactly.
    const { teamId, key } = await fx.teamWithKey("growth", { rateLimit: 50 });
    const agent = await fx.agent();
    const gs = new GhostSpeak({ apiKey: key, baseUrl });

    const verified = await gs.verify({ agentAddress: agent.address, requiredScore: 500, returnMetrics: true });
    expect(verified).toMatchObject({ status: 200, replayed: false, rateLimit: { limit: 50, remaining: 49 } });
    expect(verified.data).toMatchObject({ agentAddress: agent.address, verified: true, ghostScore: agent.score, tier: agent.tier, meetsRequirement: true });
    expect(verified.data.metrics?.totalJobs).toBe(40);
    expect(verified.requestId).toBe(verified.data.requestId);
    expect(verified.rateLimit.reset).toBeGreaterThan(Date.now() / 1000 - 1);

    const score = await gs.score(agent.address);
    expect(score).toMatchObject({ status: 200, cache: "miss", rateLimit: { remaining: 48 } });
    expect(score.data).toMatchObject({ agentAddress: agent.address, ghostScore: agent.score, tier: agent.tier });

    const unknown = testAddress(900_000_001);
    const batch = await gs.verifyBatch({ agents: [agent.address, unknown, "not-an-address", agent.address], requiredScore: 500 });
    expect(batch.rateLimit.remaining).toBe(47);
    expect(batch.data.results.map((r) => [r.agentAddress, r.found, r.error])).toEqual([
      [agent.address, true, undefined],
      [unknown, false, "AGENT_NOT_FOUND"],
      ["not-an-address", false, "INVALID_ADDRESS"],
    ]);
    const tiers = { NEWCOMER: 0, BRONZE: 0, SILVER: 0, GOLD: 0, PLATINUM: 0, DIAMOND: 0, [agent.tier]: 1 };
    expect(batch.data.summary).toEqual({ requested: 4, unique: 3, found: 1, notFound: 1, invalid: 1, tierDistribution: tiers });
    expect(batch.data.cost).toEqual({ billableAgents: 1, amountUsd: 0.005 });
    expect(batch.data.requestIds).toEqual([batch.requestId]);

    const usage = await gs.usage({ from: new Date(Date.now() - 3_600_000), granularity: "hour" });
    expect(usage.rateLimit.remaining).toBe(46);
    expect(usage.data.granularity).toBe("hour");
    expect(usage.data.totals).toEqual({ calls: 3, billable: 3, costUsd: 0.02 });
    expect(usage.data.endpoints.map((e) => e.endpoint).sort()).toEqual(["/api/v1/agents/{address}/score", "/api/v1/verify", "/api/v1/verify/batch"]);

    const { events } = await fx.usage(teamId);
    expect(events.map((e) => [e.method, e.endpoint, e.status, e.requestId])).toEqual([
      ["POST", "/api/v1/verify", 200, verified.requestId],
      ["GET", "/api/v1/agents/{address}/score", 200, score.requestId],
      ["POST", "/api/v1/verify/batch", 200, batch.requestId],
      ["GET", "/api/v1/usage", 200, usage.requestId],
    ]);
  });

  it("sends the key, JSON and an Idempotency-Key on POST only, to the public API unless told otherwise", async () => {
    const sent: { url: string; headers: Record<string, string> }[] = [];
    const recording = async (url: string, init: RequestInit) => {
      sent.push({ url, headers: init.headers as Record<string, string> });
      return new Response(JSON.stringify({ webhooks: [] }), { headers: { "content-type": "application/json", "x-ratelimit-limit": "60" } });
    };
    const gs = new GhostSpeak({ apiKey: "gs_test_example", fetch: recording });
    await gs.webhooks.list();
    await gs.verify({ agentAddress: "x" });
    await gs.usage({ from: new Date(Date.UTC(2026, 0, 1)), granularity: "day" });
    expect(sent.map((s) => s.url)).toEqual([
      `${DEFAULT_BASE_URL}/api/v1/webhooks`,
      `${DEFAULT_BASE_URL}/api/v1/verify`,
      `${DEFAULT_BASE_URL}/api/v1/usage?from=2026-01-01T00%3A00%3A00.000Z&granularity=day`,
    ]);
    expect(sent.map((s) => s.headers["X-API-Key"])).toEqual(["gs_test_example", "gs_test_example", "gs_test_example"]);
    expect(sent.map((s) => s.headers["Idempotency-Key"])).toEqual([undefined, expect.stringMatching(/^[0-9a-f-]{36}$/), undefined]);
    expect(sent[1].headers["Content-Type"]).toBe("application/json");
    expect(() => new GhostSpeak({ apiKey: "" })).toThrow(TypeError);
  });
});
