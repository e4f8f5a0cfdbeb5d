/**
 * Durability: the server is killed with SIGKILL in the middle of a load of verify calls and restarted on the same
 * data. Every call that was answered is in usage exactly once (a call whose answer was lost may or may not have
 * committed; either way it is never recorded twice), and the usage endpoint agrees with the recorded events.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { call, useDatabase } from "./fixtures";
import { startChildServer, type ChildServer } from "./server";

const dataDir = mkdtempSync(path.join(tmpdir(), "ghostspeak-durability-"));
const servers: ChildServer[] = [];
const fx = useDatabase(dataDir);
afterAll(async () => {
  for (const server of servers) await server.stop(2_000);
  rmSync(dataDir, { recursive: true, force: true });
});

describe("kill -9 under load", () => {
  it("loses no answered call and records none twice", async () => {
    const first = await startChildServer({}, { dataDir });
    servers.push(first);
    const { teamId, key } = await fx.teamWithKey("enterprise");
    const agent = await fx.agent();

    const answered: string[] = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        try {
          const response = await call("/api/v1/verify", { key, body: { agentAddress: agent.address } }, first.url);
          if (response.status === 200) answered.push(((await response.json()) as { requestId: string }).requestId);
        } catch {
          return; // the server is gone
        }
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, worker));
    while (answered.length < 200) await new Promise((resolve) => setTimeout(resolve, 10));
    first.child.kill("SIGKILL");
    await load;
    stop = true;
    expect(answered.length).toBeGreaterThanOrEqual(200);

    const second = await startChildServer({}, { dataDir });
    servers.push(second);
    const { events } = await fx.usage(teamId);
    const recorded = new Map<string, number>();
    for (const event of events) recorded.set(event.requestId, (recorded.get(event.requestId) ?? 0) + 1);
    for (const requestId of answered) expect(recorded.get(requestId), requestId).toBe(1);
    expect([...recorded.values()].every((count) => count === 1)).toBe(true);

    const usage = (await (await call("/api/v1/usage", { key }, second.url)).json()) as { totals: { calls: number; costUsd: number } };
    expect(usage.totals.calls).toBe(events.length);
    expect(Math.round(usage.totals.costUsd * 1_000_000)).toBe(events.reduce((sum, e) => sum + e.costMicroUsd, 0));
  }, 120_000);
});
