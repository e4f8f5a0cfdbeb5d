/** GET /api/v1/usage adds up to exactly the calls made, to the micro-dollar (live billed, test keys free). */
import { describe, expect, it } from "vitest";
import { UsageAnswer } from "@/server/rest/api/schemas";
import { call, testAddress, useDatabase, verifyCall } from "./fixtures";

const fx = useDatabase();

describe("usage totals", () => {
  it("equal the calls made", async () => {
    const teamId = await fx.team("growth");
    const live = await fx.key(teamId);
    const test = await fx.key(teamId, { env: "test" });
    const agents = [await fx.agent(), await fx.agent(), await fx.agent()];
    const made = { verify: 7, score: 5, batch: 3, notFound: 2, test: 4 };
    for (let i = 0; i < made.verify; i++) expect((await verifyCall(live.key, agents[i % 3].address)).status).toBe(200);
    for (let i = 0; i < made.score; i++) expect((await call(`/api/v1/agents/${agents[i % 3].address}/score`, { key: live.key })).status).toBe(200);
    const batchBody = { agents: [...agents.map((a) => a.address), agents[0].address, testAddress(4_242_424), "invalid"] };
    for (let i = 0; i < made.batch; i++) expect((await call("/api/v1/verify/batch", { key: live.key, body: batchBody })).status).toBe(200);
    for (let i = 0; i < made.notFound; i++) expect((await verifyCall(live.key, testAddress(5_000_000 + i))).status).toBe(404);
    for (let i = 0; i < made.test; i++) expect((await verifyCall(test.key, agents[0].address)).status).toBe(200);

    const response = await call("/api/v1/usage?granularity=hour", { key: live.key });
    const usage = UsageAnswer.parse(await response.json());
    const costMicroUsd = made.verify * 10_000 + made.score * 5_000 + made.batch * 3 * 5_000;
    expect(usage.totals).toEqual({
      calls: made.verify + made.score + made.batch + made.notFound + made.test,
      billable: made.verify + made.score + made.batch,
      costUsd: costMicroUsd / 1_000_000,
    });
    const byEndpoint = Object.fromEntries(usage.endpoints.map((e) => [e.endpoint, e]));
    expect(byEndpoint["/api/v1/verify"]).toEqual({ endpoint: "/api/v1/verify", calls: 13, billable: 7, costUsd: 0.07 });
    expect(byEndpoint["/api/v1/verify/batch"]).toEqual({ endpoint: "/api/v1/verify/batch", calls: 3, billable: 3, costUsd: 0.045 });
    expect(usage.series.reduce((sum, s) => sum + s.calls, 0)).toBe(usage.totals.calls);

    // The same figures, to the micro-dollar, in the recorded events and the month's period.
    const { events, periods } = await fx.usage(teamId);
    expect(events.reduce((sum, e) => sum + e.costMicroUsd, 0)).toBe(costMicroUsd);
    expect(periods[0].costMicroUsd).toBe(costMicroUsd);
    expect(events.filter((e) => e.test).every((e) => e.costMicroUsd === 0)).toBe(true);
  });
});
