/**
 * The built SDK's score cache (SPEC §2: `Cache-Control: private, max-age=300`, `ETag`, `If-None-Match` → 304, not
 * billed): within max-age a second `score()` makes no request at all; past it the SDK revalidates with the ETag and
 * returns the cached body on a 304; a changed score comes back as a new answer. Requests are counted by a
 * pass-through proxy (sdkProxy.ts), which also shortens max-age so the test need not wait five minutes.
 */
import { GhostSpeak } from "@ghostspeak/sdk";
import { describe, expect, it } from "vitest";
import { baseUrl, useDatabase } from "./fixtures";
import { useProxy } from "./sdkProxy";

const fx = useDatabase();
const proxy = useProxy(() => baseUrl);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("SDK score cache", () => {
  it("reuses an answer within its max-age without any request", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const agent = await fx.agent();
    const gs = new GhostSpeak({ apiKey: key, baseUrl: proxy().url });
    const first = await gs.score(agent.address);
    const second = await gs.score(agent.address);
    expect([first.cache, second.cache]).toEqual(["miss", "hit"]);
    expect(second.data).toEqual(first.data);
    expect(second.requestId).toBe(first.requestId);
    expect(proxy().seen).toHaveLength(1);
    expect((await fx.usage(teamId)).events).toHaveLength(1);
  });

  it("past max-age sends If-None-Match, takes the 304 (not billed) with the cached body, and a changed score anew", async () => {
    // At most 100 a minute: one counter shard, so `remaining` counts down exactly.
    const { teamId, key } = await fx.teamWithKey("growth", { rateLimit: 50 });
    const agent = await fx.agent();
    proxy().script(() => ({ forward: true, answerHeaders: { "cache-control": "private, max-age=1" } }));
    const gs = new GhostSpeak({ apiKey: key, baseUrl: proxy().url });
    const first = await gs.score(agent.address);
    await pause(1_100);

    const revalidated = await gs.score(agent.address);
    expect(revalidated).toMatchObject({ cache: "revalidated", status: 304 });
    expect(revalidated.data).toEqual(first.data);
    expect(revalidated.requestId).not.toBe(first.requestId);
    expect(revalidated.rateLimit.remaining).toBe(first.rateLimit.remaining - 1);
    const etag = (await fetch(`${baseUrl}/api/v1/agents/${agent.address}/score`, { method: "HEAD", headers: { "X-API-Key": key } })).headers.get("etag");
    expect(proxy().seen.map((s) => s.headers["if-none-match"])).toEqual([undefined, etag]);
    // The 304 renewed the answer's lifetime.
    expect((await gs.score(agent.address)).cache).toBe("hit");
    expect(proxy().seen).toHaveLength(2);

    await fx.db().run(async (ctx) => {
      const row = await ctx.db.query("agents").withIndex("by_address", (q) => q.eq("address", agent.address)).unique();
      await ctx.db.patch(row!._id, { score: agent.score - 10, scoreUpdatedAt: Date.now() });
    });
    await pause(1_100);
    const changed = await gs.score(agent.address);
    expect(changed).toMatchObject({ cache: "miss", status: 200, data: { ghostScore: agent.score - 10 } });

    const { events } = await fx.usage(teamId);
    const scoreCalls = events.filter((e) => e.method === "GET");
    expect(scoreCalls.map((e) => [e.status, e.billable])).toEqual([[200, true], [304, false], [200, true]]);
  });
});
