import { expect, it } from "vitest";
import { api } from "./_generated/api";
import { TEAM_DELETION_PAGE } from "./teams";
import { describeConvex, expectAppError, withSecret } from "./test.helpers";

describeConvex("team lifecycle (portal)", (t) => {
  async function setup() {
    const owner = await t.run((ctx) => ctx.db.insert("users", { email: "founder@acme.test" }));
    const { teamId } = await t.mutation(api.teams.createForUser, withSecret({ userId: owner, name: "  Acme  " }));
    const admin = await t.run(async (ctx) => {
      const userId = await ctx.db.insert("users", { email: "admin@acme.test" });
      await ctx.db.insert("members", { teamId, userId, role: "admin" });
      return userId;
    });
    return { owner, admin, teamId };
  }
  const actions = () =>
    t.run(async (ctx) => (await ctx.db.query("auditLog").collect()).map((row) => [row.action, row.actorUserId ?? null]));

  it("a user creates a startup team they own, audited as them", async () => {
    const { owner, teamId } = await setup();
    expect(await t.query(api.teams.getMembership, withSecret({ userId: owner, teamId }))).toMatchObject({
      role: "owner",
      team: { name: "Acme", plan: "startup", status: "active" },
    });
    expect(await actions()).toEqual([["team.create", owner]]);
  });

  it("owner and admin rename; a bad name is refused", async () => {
    const { owner, admin, teamId } = await setup();
    await t.mutation(api.teams.rename, withSecret({ teamId, actingUserId: admin, name: "Acme Robotics" }));
    expect((await t.run((ctx) => ctx.db.get(teamId)))?.name).toBe("Acme Robotics");
    await expectAppError(t.mutation(api.teams.rename, withSecret({ teamId, actingUserId: owner, name: " " })), "VALIDATION_ERROR");
    expect((await actions()).at(-1)).toEqual(["team.rename", admin]);
  });

  it("ownership moves to a member; the old owner stays as admin; only the owner may transfer", async () => {
    const { owner, admin, teamId } = await setup();
    await expectAppError(
      t.mutation(api.teams.transferOwnership, withSecret({ teamId, actingUserId: admin, newOwnerUserId: admin })),
      "FORBIDDEN",
    );
    await t.mutation(api.teams.transferOwnership, withSecret({ teamId, actingUserId: owner, newOwnerUserId: admin }));
    expect((await t.query(api.teams.getMembership, withSecret({ userId: admin, teamId })))?.role).toBe("owner");
    expect((await t.query(api.teams.getMembership, withSecret({ userId: owner, teamId })))?.role).toBe("admin");
    expect((await actions()).at(-1)).toEqual(["team.transfer_ownership", owner]);
  });

  it("deletion needs the owner and the exact name; it removes memberships, invites and keys and disables webhooks", async () => {
    const { owner, admin, teamId } = await setup();
    await t.mutation(api.apiKeys.create, withSecret({ teamId, name: "CI" }));
    const endpointId = await t.run((ctx) =>
      ctx.db.insert("webhookEndpoints", { teamId, url: "https://hooks.acme.test/gs", events: [], status: "active", secretCiphertext: "x" }),
    );
    await expectAppError(t.mutation(api.teams.remove, withSecret({ teamId, actingUserId: admin, confirmName: "Acme" })), "FORBIDDEN");
    await expectAppError(
      t.mutation(api.teams.remove, withSecret({ teamId, actingUserId: owner, confirmName: "acme" })),
      "VALIDATION_ERROR",
    );
    await t.mutation(api.teams.remove, withSecret({ teamId, actingUserId: owner, confirmName: "Acme" }));
    const state = await t.run(async (ctx) => ({
      team: await ctx.db.get(teamId),
      members: await ctx.db.query("members").collect(),
      keys: await ctx.db.query("apiKeys").collect(),
      endpoint: await ctx.db.get(endpointId),
    }));
    expect(state).toMatchObject({
      team: { status: "disabled" },
      members: [],
      keys: [],
      endpoint: { status: "disabled", disabledReason: "manual" },
    });
    expect(await t.query(api.teams.listForUser, withSecret({ userId: owner }))).toEqual([]);
    expect((await actions()).at(-1)).toEqual(["team.delete", owner]);
  });

  it("deletes a team whose history fits no transaction: memberships at once, invites and keys in scheduled pages", async () => {
    const { owner, teamId } = await setup();
    const now = t.now();
    // Years of rotated keys and old invites: more rows than one page (and, at scale, than one transaction).
    for (let page = 0; page < 3; page++) {
      await t.run(async (ctx) => {
        for (let i = 0; i < 600; i++) {
          const n = page * 600 + i;
          await ctx.db.insert("apiKeys", { teamId, hash: `old-${n}`, prefix: "gs_live_abcd", last4: "wxyz", env: "live", name: "CI", createdAt: now, graceUntil: now });
        }
      });
    }
    await t.run(async (ctx) => {
      for (let i = 0; i < 400; i++) {
        await ctx.db.insert("invites", { teamId, email: `x${i}@acme.test`, role: "member", tokenHash: `t${i}`, invitedByUserId: owner, status: "pending", expiresAt: now - 1, lastSentAt: now - 8 * 86_400_000 });
      }
    });
    const rows = () =>
      t.run(async (ctx) => ({
        members: (await ctx.db.query("members").collect()).length,
        invites: (await ctx.db.query("invites").collect()).length,
        keys: (await ctx.db.query("apiKeys").collect()).length,
      }));
    await t.mutation(api.teams.remove, withSecret({ teamId, actingUserId: owner, confirmName: "Acme" }));
    // The first page: both memberships, every invite, and keys up to the page's size; nobody reaches the team.
    expect(await rows()).toEqual({ members: 0, invites: 0, keys: 1_800 - (TEAM_DELETION_PAGE - 2 - 400) });
    expect(await t.query(api.teams.listForUser, withSecret({ userId: owner }))).toEqual([]);
    expect((await t.run((ctx) => ctx.db.get(teamId)))?.status).toBe("disabled");
    // The rest in scheduled pages.
    await t.advance(1_000);
    expect(await rows()).toEqual({ members: 0, invites: 0, keys: 0 });
    expect((await actions()).filter(([action]) => action === "team.delete")).toHaveLength(1);
  });
});
