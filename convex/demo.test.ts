import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { api } from "./_generated/api";
import { demoAgent, demoAgentAddress, demoFlagReason } from "./lib/demoPopulation";
import { TIERS } from "./lib/validators";
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

describeConvex("demo.seedAgents", (t) => {
  const population = () =>
    t.run(async (ctx) => ({
      agents: (await ctx.db.query("agents").collect()).map(({ _id, _creationTime, ...rest }) => rest),
      signals: (await ctx.db.query("signals").collect()).length,
    }));

  it("seeds every tier, some flagged agents, and nothing twice", async () => {
    const first = await t.action(api.demo.seedAgents, withSecret({ agents: 24 }));
    expect(first.agents).toBe(24);
    expect(first.signals.duplicates).toBe(0);
    expect(first.flagged).toBe(1);
    expect(first.sampleAgentAddress).toBe(demoAgentAddress(0));
    expect(Object.values(first.tiers).reduce((a, b) => a + b, 0)).toBe(24);
    for (const tier of TIERS) expect(first.tiers[tier], tier).toBeGreaterThan(0);

    const seeded = await population();
    expect(seeded.signals).toBe(first.signals.accepted);
    expect(seeded.agents.filter((a) => a.status === "flagged")).toMatchObject([
      { address: demoAgentAddress(12), flaggedReason: demoFlagReason(12) },
    ]);
    // The population is the generator's: same addresses, and each agent's tier is the one it was drawn for.
    expect(seeded.agents.map((a) => a.address).sort()).toEqual(Array.from({ length: 24 }, (_, i) => demoAgentAddress(i)).sort());
    for (const a of seeded.agents) {
      const index = Array.from({ length: 24 }, (_, i) => demoAgentAddress(i)).indexOf(a.address);
      expect(a.tier).toBe(demoAgent(index, t.now()).tier);
    }

    const again = await t.action(api.demo.seedAgents, withSecret({ agents: 24 }));
    expect(again.signals).toEqual({ accepted: 0, duplicates: first.signals.accepted });
    expect(again.tiers).toEqual(first.tiers);
    expect(await population()).toEqual(seeded);
  });
});

describeConvex("demo.showcase", (t) => {
  it("names one stored, unflagged agent per tier, best first, five at most", async () => {
    expect(await t.query(api.demo.showcase, withSecret({}))).toEqual([]);
    await t.action(api.demo.seedAgents, withSecret({ agents: 24 }));
    const showcase = await t.query(api.demo.showcase, withSecret({}));
    expect(showcase.map((a) => a.tier)).toEqual(["DIAMOND", "PLATINUM", "GOLD", "SILVER", "BRONZE"]);
    const stored = await t.run(async (ctx) => ctx.db.query("agents").collect());
    for (const { tier, address } of showcase) {
      expect(stored.find((a) => a.address === address), address).toMatchObject({ tier, status: "active" });
    }
  });

  it("reports the tier an agent has now, not the one it was drawn for", async () => {
    await t.action(api.demo.seedAgents, withSecret({ agents: 6 }));
    // Agent 5 was drawn DIAMOND; once it decays to SILVER, SILVER is named by the first SILVER agent (2) still.
    await t.run(async (ctx) => {
      const agent = (await ctx.db.query("agents").collect()).find((a) => a.address === demoAgentAddress(5))!;
      await ctx.db.patch(agent._id, { tier: "SILVER" });
    });
    const showcase = await t.query(api.demo.showcase, withSecret({}));
    expect(showcase.map((a) => a.tier)).toEqual(["PLATINUM", "GOLD", "SILVER", "BRONZE", "NEWCOMER"]);
    expect(showcase.find((a) => a.tier === "SILVER")?.address).toBe(demoAgentAddress(2));
  });
});
