/** HEAD: answered like GET without a body, recorded as HEAD and never billed (SPEC §2). */
import { describe, expect, it } from "vitest";
import { call, RATE_LIMIT_HEADERS, useDatabase } from "./fixtures";

const fx = useDatabase();

describe("HEAD", () => {
  it("answers the score's headers without a body, recorded and not billed", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const agent = await fx.agent();
    const url = `/api/v1/agents/${agent.address}/score`;
    const got = await call(url, { key });
    const head = await call(url, { key, method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    for (const header of RATE_LIMIT_HEADERS) expect(head.headers.get(header), header).not.toBeNull();
    for (const header of ["etag", "cache-control", "content-type"]) expect(head.headers.get(header), header).toBe(got.headers.get(header));
    expect((await call("/api/v1/usage", { key, method: "HEAD" })).status).toBe(200);

    const { events, periods } = await fx.usage(teamId);
    expect(events.map((e) => [e.method, e.endpoint, e.status, e.billable, e.costMicroUsd])).toEqual([
      ["GET", "/api/v1/agents/{address}/score", 200, true, 5_000],
      ["HEAD", "/api/v1/agents/{address}/score", 200, false, 0],
      ["HEAD", "/api/v1/usage", 200, false, 0],
    ]);
    expect(periods[0]).toMatchObject({ calls: 3, billableCalls: 1, costMicroUsd: 5_000 });
  });
});
