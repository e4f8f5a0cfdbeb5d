import { expect, it } from "vitest";
import { internal } from "./_generated/api";
import { PURGE_PAGE_SIZE } from "./authCleanup";
import { describeConvex } from "./test.helpers";

describeConvex("authCleanup.purgeExpired", (t) => {
  it("deletes expired sessions and sign-in tokens page by page and keeps live ones", async () => {
    await t.run(async (ctx) => {
      const userId = await ctx.db.insert("users", { email: "a@acme.test" });
      const now = Date.now();
      for (let i = 0; i < PURGE_PAGE_SIZE + 3; i++) {
        await ctx.db.insert("sessions", { sessionTokenHash: `old-${i}`, userId, expires: now - 1 });
      }
      await ctx.db.insert("sessions", { sessionTokenHash: "live", userId, expires: now + 60_000 });
      await ctx.db.insert("verificationTokens", { identifier: "a@acme.test", tokenHash: "old", expires: now });
      await ctx.db.insert("verificationTokens", { identifier: "a@acme.test", tokenHash: "live", expires: now + 60_000 });
    });
    expect(await t.mutation(internal.authCleanup.purgeExpired, {})).toEqual({ sessions: PURGE_PAGE_SIZE, verificationTokens: 1 });
    // The next page was scheduled at once.
    await t.advance(1);
    const left = await t.run(async (ctx) => ({
      sessions: (await ctx.db.query("sessions").collect()).map((s) => s.sessionTokenHash),
      tokens: (await ctx.db.query("verificationTokens").collect()).map((s) => s.tokenHash),
    }));
    expect(left).toEqual({ sessions: ["live"], tokens: ["live"] });
  });
});
