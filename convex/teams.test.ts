import { expect, it } from "vitest";
import { api } from "./_generated/api";
import { describeConvex, expectAppError, withSecret } from "./test.helpers";

describeConvex("teams", (t) => {
  const create = (args: { name: string; ownerEmail: string; plan?: "startup" | "growth" | "enterprise"; rateLimit?: number }) =>
    t.mutation(api.teams.create, withSecret(args));

  it("creates a startup team by default, its owner user and membership, and an audit row", async () => {
    const { teamId } = await create({ name: "  Acme  ", ownerEmail: "Founder@Acme.test" });
    const state = await t.run(async (ctx) => ({
      team: await ctx.db.get(teamId),
      users: await ctx.db.query("users").collect(),
      members: await ctx.db.query("members").collect(),
      audit: await ctx.db.query("auditLog").collect(),
    }));
    expect(state.team).toMatchObject({ name: "Acme", plan: "startup", status: "active" });
    expect(state.team?.limitOverrides).toBeUndefined();
    expect(state.users).toHaveLength(1);
    expect(state.users[0].email).toBe("founder@acme.test");
    expect(state.members).toMatchObject([{ teamId, userId: state.users[0]._id, role: "owner" }]);
    expect(state.audit).toMatchObject([{ teamId, action: "team.create", actorKind: "operator", targetId: teamId }]);
  });

  it("reuses an existing user, whatever the email's case", async () => {
    const first = await create({ name: "One", ownerEmail: "owner@example.test" });
    const second = await create({ name: "Two", ownerEmail: "OWNER@example.test", plan: "growth" });
    const users = await t.run((ctx) => ctx.db.query("users").collect());
    expect(users).toHaveLength(1);
    const teams = await t.query(api.teams.listForUser, withSecret({ userId: users[0]._id }));
    expect(teams).toEqual([
      { teamId: first.teamId, name: "One", plan: "startup", status: "active", role: "owner" },
      { teamId: second.teamId, name: "Two", plan: "growth", status: "active", role: "owner" },
    ]);
  });

  it("takes a rate limit for enterprise teams only", async () => {
    const { teamId } = await create({ name: "Big", ownerEmail: "cto@big.test", plan: "enterprise", rateLimit: 5_000 });
    expect((await t.run((ctx) => ctx.db.get(teamId)))?.limitOverrides).toEqual({ rateLimitPerMinute: 5_000 });
    await expectAppError(create({ name: "Small", ownerEmail: "a@small.test", rateLimit: 100 }), "VALIDATION_ERROR");
    await expectAppError(create({ name: "Small", ownerEmail: "a@small.test", plan: "growth", rateLimit: 100 }), "VALIDATION_ERROR");
    await expectAppError(create({ name: "Big", ownerEmail: "a@big.test", plan: "enterprise", rateLimit: 0 }), "VALIDATION_ERROR");
    await expectAppError(create({ name: "Big", ownerEmail: "a@big.test", plan: "enterprise", rateLimit: 1.5 }), "VALIDATION_ERROR");
  });

  it("refuses a bad name or owner email and writes nothing", async () => {
    await expectAppError(create({ name: "   ", ownerEmail: "a@b.test" }), "VALIDATION_ERROR");
    await expectAppError(create({ name: "x".repeat(101), ownerEmail: "a@b.test" }), "VALIDATION_ERROR");
    await expectAppError(create({ name: "Acme", ownerEmail: "not-an-email" }), "VALIDATION_ERROR");
    const counts = await t.run(async (ctx) => [
      (await ctx.db.query("teams").collect()).length,
      (await ctx.db.query("users").collect()).length,
      (await ctx.db.query("auditLog").collect()).length,
    ]);
    expect(counts).toEqual([0, 0, 0]);
  });

  it("getMembership answers the role and team for members and null for anyone else", async () => {
    const { teamId } = await create({ name: "Acme", ownerEmail: "owner@acme.test" });
    const { teamId: otherTeam } = await create({ name: "Other", ownerEmail: "other@other.test" });
    const [owner, other] = await t.run(async (ctx) => [
      (await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", "owner@acme.test")).unique())!,
      (await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", "other@other.test")).unique())!,
    ]);
    const membership = await t.query(api.teams.getMembership, withSecret({ userId: owner._id, teamId }));
    expect(membership).toMatchObject({ role: "owner", team: { _id: teamId, name: "Acme", plan: "startup" } });
    expect(await t.query(api.teams.getMembership, withSecret({ userId: other._id, teamId }))).toBeNull();
    expect(await t.query(api.teams.getMembership, withSecret({ userId: owner._id, teamId: otherTeam }))).toBeNull();
    expect(await t.query(api.teams.getMembership, withSecret({ userId: owner._id, teamId: "not-a-team-id" }))).toBeNull();
    expect(await t.query(api.teams.listForUser, withSecret({ userId: other._id }))).toHaveLength(1);
  });

  it("getMembership returns every stored team field (enterprise contract, billing ids)", async () => {
    const { teamId } = await create({ name: "Big", ownerEmail: "cto@big.test", plan: "enterprise", rateLimit: 2_000 });
    const fields = {
      contractBaseFeeMicroUsd: 2_000_000_000,
      spendCapMicroUsd: 5_000_000_000,
      stripeCustomerId: "cus_1",
      stripeSubscriptionId: "sub_1",
      limitOverrides: { rateLimitPerMinute: 2_000, maxMembers: 500, maxApiKeys: 80 },
    };
    await t.run((ctx) => ctx.db.patch(teamId, fields));
    const owner = await t.run(async (ctx) => (await ctx.db.query("users").collect())[0]);
    expect(await t.query(api.teams.getMembership, withSecret({ userId: owner._id, teamId }))).toMatchObject({ role: "owner", team: fields });
  });
});
