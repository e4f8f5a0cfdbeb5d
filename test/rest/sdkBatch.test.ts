/**
 * The built SDK's `verifyBatch` over any number of agents: duplicates dropped, requests of at most 100 with no more
 * than `batchConcurrency` in flight (seen by a proxy that holds each one a while), the answers merged in order, and a
 * caller's Idempotency-Key turned into one per request so running the same batch again bills nothing more.
 */
import { GhostSpeak, ServerError } from "@ghostspeak/sdk";
import { describe, expect, it } from "vitest";
import { baseUrl, testAddress, useDatabase } from "./fixtures";
import { useProxy } from "./sdkProxy";

const fx = useDatabase();
const proxy = useProxy(() => baseUrl);

const unknownAgents = (count: number, from: number) => Array.from({ length: count }, (_, i) => testAddress(from + i));
const sentAgents = () => proxy().seen.map((s) => (JSON.parse(s.body) as { agents: string[] }).agents);

describe("SDK verifyBatch", () => {
  it("sends 250 agents as 3 requests, at most batchConcurrency at once, and merges their answers in order", async () => {
    const { key } = await fx.teamWithKey();
    const found = [await fx.agent(), await fx.agent(), await fx.agent()];
    const addresses = unknownAgents(250, 910_000_000);
    [addresses[0], addresses[150], addresses[249]] = found.map((a) => a.address);
    // Two duplicates, one of them of an agent in another request: each agent is asked for (and billed) once.
    const agents = [...addresses, found[0].address, addresses[120]];
    proxy().script(() => ({ forward: true, delayMs: 300 }));

    const result = await new GhostSpeak({ apiKey: key, baseUrl: proxy().url, batchConcurrency: 2 }).verifyBatch({ agents });
    const sent = sentAgents().sort((a, b) => addresses.indexOf(a[0]) - addresses.indexOf(b[0]));
    expect(sent.map((chunk) => chunk.length)).toEqual([100, 100, 50]);
    expect(sent.flat()).toEqual(addresses);
    expect(proxy().maxInFlight()).toBe(2);
    expect(new Set(proxy().seen.map((s) => s.headers["idempotency-key"])).size).toBe(3);

    expect(result.data.results.map((r) => r.agentAddress)).toEqual(addresses);
    expect(result.data.results.filter((r) => r.found).map((r) => r.agentAddress)).toEqual(found.map((a) => a.address));
    expect(result.data.summary).toMatchObject({ requested: 252, unique: 250, found: 3, notFound: 247, invalid: 0 });
    expect(Object.values(result.data.summary.tierDistribution).reduce((sum, n) => sum + (n ?? 0), 0)).toBe(3);
    expect(result.data.cost).toEqual({ billableAgents: 3, amountUsd: 0.015 });
    expect(result.data.requestIds).toHaveLength(3);
    expect(result.data.requestIds).toContain(result.requestId);
    expect((await new GhostSpeak({ apiKey: key, baseUrl }).usage()).data.totals).toEqual({ calls: 3, billable: 3, costUsd: 0.015 });
  });

  it("derives one Idempotency-Key per request from the caller's, so the same batch again is replayed, not billed", async () => {
    const { key } = await fx.teamWithKey();
    const agents = [...unknownAgents(149, 920_000_000), (await fx.agent()).address];
    const gs = new GhostSpeak({ apiKey: key, baseUrl: proxy().url });
    const first = await gs.verifyBatch({ agents }, { idempotencyKey: "nightly-7" });
    const again = await gs.verifyBatch({ agents }, { idempotencyKey: "nightly-7" });
    expect(proxy().seen.map((s) => s.headers["idempotency-key"]).sort()).toEqual(["nightly-7:0", "nightly-7:0", "nightly-7:1", "nightly-7:1"]);
    expect([first.replayed, again.replayed]).toEqual([false, true]);
    expect(again.data.results).toEqual(first.data.results);
    expect((await new GhostSpeak({ apiKey: key, baseUrl }).usage()).data.totals).toMatchObject({ calls: 4, billable: 1 });
  });

  it("starts no further request once one failed", async () => {
    const { key } = await fx.teamWithKey();
    proxy().script(() => ({ status: 500 }));
    const gs = new GhostSpeak({ apiKey: key, baseUrl: proxy().url, batchConcurrency: 1, maxRetries: 0 });
    await expect(gs.verifyBatch({ agents: unknownAgents(300, 930_000_000) })).rejects.toBeInstanceOf(ServerError);
    expect(proxy().seen).toHaveLength(1);
  });
});
