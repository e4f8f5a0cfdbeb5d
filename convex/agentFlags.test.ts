import { expect, it } from "vitest";
import { api } from "./_generated/api";
import { encodeBase58 } from "./lib/solanaAddress";
import { describeConvex, expectAppError, withSecret } from "./test.helpers";
import { START_TIME } from "@/testing/backends";

const A = encodeBase58(Uint8Array.from({ length: 32 }, (_, i) => 200 - i));

describeConvex("agentFlags", (t) => {
  const agent = () => t.run(async (ctx) => (await ctx.db.query("agents").withIndex("by_address", (q) => q.eq("address", A)).unique())!);
  const trail = () => t.run(async (ctx) => ctx.db.query("agentFlagChanges").collect());
  const seedAgent = () =>
    t.mutation(
      api.signals.ingest,
      withSecret({ signals: [{ line: 1, id: "s1", type: "job" as const, agentAddress: A, at: START_TIME - 1000, success: true }] }),
    );

  it("flags and unflags an agent, leaving its score alone and a trail of each decision", async () => {
    await seedAgent();
    const scored = await agent();

    expect(await t.mutation(api.agentFlags.flag, withSecret({ address: A, reason: "  chargebacks reported  " }))).toEqual({
      address: A,
      status: "flagged",
      flaggedReason: "chargebacks reported",
    });
    expect(await agent()).toMatchObject({ status: "flagged", flaggedReason: "chargebacks reported", score: scored.score, tier: scored.tier });

    expect(await t.mutation(api.agentFlags.unflag, withSecret({ address: A }))).toEqual({ address: A, status: "active" });
    const cleared = await agent();
    expect(cleared.status).toBe("active");
    expect(cleared.flaggedReason).toBeUndefined();

    expect(await trail()).toMatchObject([
      { agentId: scored._id, action: "flag", reason: "chargebacks reported", actorKind: "operator", at: expect.any(Number) },
      { agentId: scored._id, action: "unflag", actorKind: "operator", at: expect.any(Number) },
    ]);
  });

  it("keeps a flagged agent flagged while new signals arrive", async () => {
    await seedAgent();
    await t.mutation(api.agentFlags.flag, withSecret({ address: A, reason: "under review" }));
    await t.mutation(
      api.signals.ingest,
      withSecret({ signals: [{ line: 1, id: "s2", type: "review" as const, agentAddress: A, at: START_TIME - 500, rating: 5 }] }),
    );
    expect(await agent()).toMatchObject({ status: "flagged", flaggedReason: "under review" });
  });

  it("refuses an unknown agent, an empty reason, and callers without the server secret", async () => {
    await expectAppError(t.mutation(api.agentFlags.flag, withSecret({ address: A, reason: "x" })), "NOT_FOUND");
    await seedAgent();
    await expectAppError(t.mutation(api.agentFlags.flag, withSecret({ address: A, reason: "   " })), "VALIDATION_ERROR");
    await expectAppError(t.client.mutation(api.agentFlags.unflag, { address: A, serverSecret: "nope" }), "UNAUTHORIZED");
    expect(await trail()).toEqual([]);
  });
});
