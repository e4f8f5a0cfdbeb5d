/**
 * 400: malformed JSON and bodies, parameters or headers that fail the schema, checked once the key is known good:
 * recorded (never billed), counted against the rate limit and answered with the rate-limit headers like any call.
 */
import { describe, expect, it } from "vitest";
import { call, RATE_LIMIT_HEADERS, useDatabase, verifyCall } from "./fixtures";
import { expectProblem } from "./problems";

const fx = useDatabase();

async function invalid(response: Response) {
  for (const header of RATE_LIMIT_HEADERS) expect(response.headers.get(header), header).not.toBeNull();
  return expectProblem(response, 400, "VALIDATION_ERROR");
}

describe("400 VALIDATION_ERROR", () => {
  it("lists each invalid field, and records each call under its route, not billed", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const verify = await invalid(await call("/api/v1/verify", { key, body: { agentAddress: "0OIl-not-base58", requiredScore: 1001, returnMetrics: "yes" } }));
    expect(verify.errors?.map((e) => e.field).sort()).toEqual(["agentAddress", "requiredScore", "returnMetrics"]);

    await invalid(await call("/api/v1/verify", { key, body: '{"agentAddress": ' }));
    await invalid(await call("/api/v1/verify", { key, body: [] }));
    const batch = await invalid(await call("/api/v1/verify/batch", { key, body: { agents: [] } }));
    expect(batch.errors?.[0].field).toBe("agents");
    await invalid(await call("/api/v1/verify/batch", { key, body: { agents: new Array(101).fill("x") } }));
    await invalid(await call("/api/v1/agents/not-an-address/score", { key }));
    await invalid(await call("/api/v1/usage?granularity=week", { key }));
    await invalid(await call("/api/v1/usage?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", { key }));
    await invalid(await call("/api/v1/usage?from=2000-01-01T00:00:00Z&granularity=hour", { key }));
    await invalid(await call("/api/v1/verify", { key, body: { agentAddress: (await fx.agent()).address }, headers: { "Idempotency-Key": "has spaces" } }));
    await invalid(await call("/api/v1/webhooks", { key, body: { url: "https://example.com/hook", events: [] } }));

    const { events, periods } = await fx.usage(teamId);
    expect(events.map((e) => `${e.method} ${e.endpoint} ${e.status} ${e.billable} ${e.costMicroUsd}`)).toEqual([
      ...Array<string>(3).fill("POST /api/v1/verify 400 false 0"),
      ...Array<string>(2).fill("POST /api/v1/verify/batch 400 false 0"),
      "GET /api/v1/agents/{address}/score 400 false 0",
      ...Array<string>(3).fill("GET /api/v1/usage 400 false 0"),
      "POST /api/v1/verify 400 false 0",
      "POST /api/v1/webhooks 400 false 0",
    ]);
    expect(periods[0]).toMatchObject({ calls: 11, billableCalls: 0, costMicroUsd: 0 });
  });

  it("counts against the rate limit: past it, an invalid call answers 429 like any other", async () => {
    const { teamId, key } = await fx.teamWithKey("growth", { rateLimit: 3 });
    const agent = await fx.agent();
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) remaining.push((await call("/api/v1/verify", { key, body: { agentAddress: "nope" } })).headers.get("x-ratelimit-remaining")!);
    expect(remaining).toEqual(["2", "1", "0"]);
    await expectProblem(await call("/api/v1/verify", { key, body: { agentAddress: "nope" } }), 429, "RATE_LIMITED");
    await expectProblem(await verifyCall(key, agent.address), 429, "RATE_LIMITED");
    const { events } = await fx.usage(teamId);
    expect(events.map((e) => e.status)).toEqual([400, 400, 400, 429, 429]);
  });
});
