/** 404 AGENT_NOT_FOUND for an unknown agent (recorded, not billed); 404 NOT_FOUND for an unknown route. */
import { describe, expect, it } from "vitest";
import { call, testAddress, useDatabase, verifyCall } from "./fixtures";
import { expectProblem } from "./problems";

const fx = useDatabase();

describe("404", () => {
  it("AGENT_NOT_FOUND on verify and score, recorded under the route template, not billed", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const unknown = testAddress(987_654_321);
    const verify = await verifyCall(key, unknown);
    await expectProblem(verify, 404, "AGENT_NOT_FOUND");
    expect(verify.headers.get("x-ratelimit-remaining")).toBeTruthy();
    await expectProblem(await call(`/api/v1/agents/${unknown}/score`, { key }), 404, "AGENT_NOT_FOUND");
    const { events, periods } = await fx.usage(teamId);
    expect(events.map((e) => [e.endpoint, e.status, e.billable])).toEqual([
      ["/api/v1/verify", 404, false],
      ["/api/v1/agents/{address}/score", 404, false],
    ]);
    expect(periods[0]).toMatchObject({ calls: 2, billableCalls: 0, costMicroUsd: 0 });
  });

  it("NOT_FOUND for a route that does not exist", async () => {
    const { key } = await fx.teamWithKey();
    await expectProblem(await call("/api/v1/agents", { key }), 404, "NOT_FOUND");
  });
});
