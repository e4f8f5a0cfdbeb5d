import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { api } from "./_generated/api";
import { describeConvex, withSecret } from "./test.helpers";

describeConvex("demo.seed", (t) => {
  it("creates the demo team and a live key once, then only finds it", async () => {
    const first = await t.mutation(api.demo.seed, withSecret({}));
    if (!first.created) throw new Error("expected the first seed to create");
    expect(first.key).toMatch(/^gs_live_[0-9A-Za-z]{40}$/);

    const second = await t.mutation(api.demo.seed, withSecret({}));
    expect(second).toEqual({ created: false, teamId: first.teamId });

    const state = await t.run(async (ctx) => ({
      teams: await ctx.db.query("teams").collect(),
      users: await ctx.db.query("users").collect(),
      keys: await ctx.db.query("apiKeys").collect(),
    }));
    expect(state.teams).toMatchObject([{ _id: first.teamId, name: "Demo Team", plan: "growth", status: "active" }]);
    expect(state.users.map((u) => u.email)).toEqual(["demo@ghostspeak.dev"]);
    expect(state.keys).toMatchObject([{ teamId: first.teamId, env: "live", hash: createHash("sha256").update(first.key).digest("hex") }]);
  });

  it("creates the demo team when the demo user exists without it", async () => {
    await t.mutation(api.teams.create, withSecret({ name: "Something else", ownerEmail: "demo@ghostspeak.dev" }));
    const seeded = await t.mutation(api.demo.seed, withSecret({}));
    expect(seeded.created).toBe(true);
    expect(await t.run(async (ctx) => (await ctx.db.query("users").collect()).length)).toBe(1);
  });
});
