import { expect, it } from "vitest";
import { internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { PURGE_PAGE_SIZE } from "./idempotency";
import { describeConvex } from "./test.helpers";

describeConvex("idempotency.purgeExpired", (t) => {
  it("deletes expired records page by page and keeps live ones", async () => {
    await t.run(async (ctx) => {
      const teamId = await ctx.db.insert("teams", { name: "A", plan: "startup", status: "active" });
      const apiKeyId = await ctx.db.insert("apiKeys", { teamId, hash: "h", prefix: "gs_live_abcd", last4: "wxyz", env: "live", name: "k", createdAt: 0 });
      const record = (key: string, expiresAt: number) => ({
        teamId: teamId as Id<"teams">,
        apiKeyId,
        key,
        method: "POST",
        endpoint: "/api/v1/verify",
        requestHash: "x",
        responseStatus: 200,
        responseBody: "{}",
        createdAt: expiresAt - 86_400_000,
        expiresAt,
      });
      for (let i = 0; i < PURGE_PAGE_SIZE + 3; i++) await ctx.db.insert("idempotencyRecords", record(`old-${i}`, Date.now() - 1));
      await ctx.db.insert("idempotencyRecords", record("live", Date.now() + 60_000));
    });
    expect(await t.mutation(internal.idempotency.purgeExpired, {})).toEqual({ deleted: PURGE_PAGE_SIZE });
    // The next page was scheduled at once.
    await t.advance(1);
    const left = await t.run((ctx) => ctx.db.query("idempotencyRecords").collect());
    expect(left.map((r) => r.key)).toEqual(["live"]);
  });
});
