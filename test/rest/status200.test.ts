/** 200 on every endpoint: SPEC §2 shapes (checked against the OpenAPI schemas), headers, and what is recorded. */
import { describe, expect, it } from "vitest";
import { BatchAnswer, ScoreAnswer, UsageAnswer, Verification } from "@/server/rest/api/schemas";
import { call, RATE_LIMIT_HEADERS, useDatabase, verifyCall } from "./fixtures";

const fx = useDatabase();

function expectAuthenticatedHeaders(response: Response): void {
  for (const name of RATE_LIMIT_HEADERS) expect(response.headers.get(name), name).toBeTruthy();
  expect(response.headers.get("ratelimit-policy")).toMatch(/^"per-key";q=\d+;w=60$/);
  expect(response.headers.get("ratelimit")).toMatch(/^"per-key";r=\d+;t=\d+$/);
  expect(Number(response.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000 - 1);
}

describe("200", () => {
  it("POST /api/v1/verify answers the full verification, with X-API-Key or Bearer, billed 1¢", async () => {
    const { teamId, key } = await fx.teamWithKey("growth");
    const agent = await fx.agent();
    const response = await verifyCall(key, agent.address, { requiredScore: 600, returnMetrics: true });
    expect(response.status).toBe(200);
    expectAuthenticatedHeaders(response);
    expect(response.headers.get("x-ratelimit-limit")).toBe("300");
    const body = Verification.parse(await response.json());
    expect(body).toMatchObject({ agentAddress: agent.address, verified: true, ghostScore: agent.score, tier: agent.tier, meetsRequirement: true });
    expect(body.requestId).toBe(response.headers.get("x-request-id"));
    expect(body.metrics).toMatchObject({ totalJobs: 40, successRate: 1, avgResponseTimeMs: 400, reviews: 3 });

    const bearer = await call("/api/v1/verify", { body: { agentAddress: agent.address }, headers: { Authorization: `Bearer ${key}` } });
    expect(bearer.status).toBe(200);
    expect(await bearer.json()).not.toHaveProperty("metrics");

    const { events } = await fx.usage(teamId);
    expect(events.map((e) => [e.endpoint, e.status, e.billable, e.costMicroUsd, e.requestId])).toEqual([
      ["/api/v1/verify", 200, true, 10_000, body.requestId],
      ["/api/v1/verify", 200, true, 10_000, bearer.headers.get("x-request-id")],
    ]);
  });

  it("GET /api/v1/agents/{address}/score answers the score, cacheable privately for 5 minutes, billed 0.5¢", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const agent = await fx.agent();
    const response = await call(`/api/v1/agents/${agent.address}/score`, { key });
    expect(response.status).toBe(200);
    expectAuthenticatedHeaders(response);
    expect(response.headers.get("cache-control")).toBe("private, max-age=300");
    expect(response.headers.get("etag")).toMatch(/^W\/"[0-9a-z-]+"$/);
    expect(ScoreAnswer.parse(await response.json())).toMatchObject({ agentAddress: agent.address, ghostScore: agent.score, tier: agent.tier });
    expect((await fx.usage(teamId)).events).toMatchObject([{ endpoint: "/api/v1/agents/{address}/score", costMicroUsd: 5_000 }]);
  });

  it("POST /api/v1/verify/batch answers per item with summary, cost and timing", async () => {
    const { key } = await fx.teamWithKey();
    const agents = [await fx.agent(), await fx.agent({ jobs: 2, successRate: 1, responseTimeMs: 100 })];
    const response = await call("/api/v1/verify/batch", { key, body: { agents: agents.map((a) => a.address) } });
    expect(response.status).toBe(200);
    expectAuthenticatedHeaders(response);
    const body = BatchAnswer.parse(await response.json());
    expect(body.results.map((r) => [r.agentAddress, r.found, r.tier])).toEqual(agents.map((a) => [a.address, true, a.tier]));
    expect(body.cost).toEqual({ billableAgents: 2, amountUsd: 0.01 });
    expect(body.timing.totalMs).toBeGreaterThan(0);
    expect(body.summary.tierDistribution.NEWCOMER).toBe(1);
  });

  it("GET /api/v1/usage answers totals, endpoints and a series", async () => {
    const { key } = await fx.teamWithKey();
    const response = await call("/api/v1/usage?granularity=hour", { key });
    expect(response.status).toBe(200);
    expectAuthenticatedHeaders(response);
    const body = UsageAnswer.parse(await response.json());
    expect(body.totals).toEqual({ calls: 0, billable: 0, costUsd: 0 });
    expect(body.series.length).toBeGreaterThan(0);
  });
});
