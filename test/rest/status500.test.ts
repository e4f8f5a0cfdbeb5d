/**
 * 500: a call that fails on our side answers INTERNAL_ERROR without internals, is recorded once as a 500 and never
 * billed; calls coalesced with it are unaffected. The failure is provoked with an agent row no real ingestion
 * writes (a score time that is not a time), which makes building the answer throw.
 */
import { describe, expect, it } from "vitest";
import { agentRow, testAddress } from "@/testing/agentRows";
import { useDatabase, verifyCall } from "./fixtures";
import { expectProblem } from "./problems";

const fx = useDatabase();

describe("500 INTERNAL_ERROR", () => {
  it("is recorded once, not billed, and does not fail the calls sent beside it", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const good = await fx.agent();
    const broken = agentRow(testAddress(Date.now() % 1_000_000_000), { jobs: 5, successRate: 1, responseTimeMs: 100 }, Date.now());
    await fx.db().run((ctx) => ctx.db.insert("agents", { ...broken, scoreUpdatedAt: Number.NaN }));

    const [failed, ...fine] = await Promise.all([verifyCall(key, broken.address), verifyCall(key, good.address), verifyCall(key, good.address)]);
    const problem = await expectProblem(failed, 500, "INTERNAL_ERROR");
    expect(JSON.stringify(problem)).not.toMatch(/RangeError|Invalid time/);
    expect(fine.map((r) => r.status)).toEqual([200, 200]);

    const { events } = await fx.usage(teamId);
    const byStatus = events.map((e) => [e.status, e.billable, e.costMicroUsd]).sort();
    expect(byStatus).toEqual([[200, true, 10_000], [200, true, 10_000], [500, false, 0]]);
    expect(events.find((e) => e.status === 500)?.requestId).toBe(problem.requestId);
  });
});
