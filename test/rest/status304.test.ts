/** 304: `If-None-Match` with the score's current ETag answers 304 without a body, recorded and never billed. */
import { describe, expect, it } from "vitest";
import { call, useDatabase } from "./fixtures";

const fx = useDatabase();

describe("304", () => {
  it("answers 304 to the current ETag and 200 again once the score changes", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const agent = await fx.agent();
    const url = `/api/v1/agents/${agent.address}/score`;
    const first = await call(url, { key });
    const etag = first.headers.get("etag")!;

    const cached = await call(url, { key, headers: { "If-None-Match": etag } });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe("");
    expect(cached.headers.get("etag")).toBe(etag);
    expect(cached.headers.get("cache-control")).toBe("private, max-age=300");
    expect(cached.headers.get("x-ratelimit-remaining")).toBeTruthy();

    await fx.db().run(async (ctx) => {
      const row = await ctx.db.query("agents").withIndex("by_address", (q) => q.eq("address", agent.address)).unique();
      await ctx.db.patch(row!._id, { score: agent.score - 10, scoreUpdatedAt: Date.now() });
    });
    const changed = await call(url, { key, headers: { "If-None-Match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);

    const { events } = await fx.usage(teamId);
    expect(events.map((e) => [e.status, e.billable, e.costMicroUsd])).toEqual([[200, true, 5_000], [304, false, 0], [200, true, 5_000]]);
  });
});
