import { expect, it } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import type { Role } from "./lib/permissions";
import { describeConvex, expectAppError, withSecret } from "./test.helpers";

describeConvex("members", (t) => {
  async function setup() {
    const { teamId } = await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "owner@acme.test" }));
    return t.run(async (ctx) => {
      const ids = { teamId } as { teamId: Id<"teams"> } & Record<Role, Id<"users">>;
      ids.owner = (await ctx.db
        .query("users")
        .withIndex("by_email", (q) => q.eq("email", "owner@acme.test"))
        .unique())!._id;
      for (const role of ["admin", "member", "billing"] as const) {
        ids[role] = await ctx.db.insert("users", { email: `${role}@acme.test` });
        await ctx.db.insert("members", { teamId, userId: ids[role], role });
      }
      return ids;
    });
  }
  const roleOf = (teamId: Id<"teams">, userId: Id<"users">) =>
    t.run(async (ctx) => (await ctx.db.query("members").collect()).find((m) => m.teamId === teamId && m.userId === userId)?.role ?? null);

  it("lists every member with address and role, owner first, for any role", async () => {
    const s = await setup();
    const list = await t.query(api.members.list, withSecret({ teamId: s.teamId, actingUserId: s.billing }));
    expect(list.map((m) => [m.email, m.role])).toEqual([
      ["owner@acme.test", "owner"],
      ["admin@acme.test", "admin"],
      ["member@acme.test", "member"],
      ["billing@acme.test", "billing"],
    ]);
  });

  it("lets an admin change a role and remove a member, each audited", async () => {
    const s = await setup();
    await t.mutation(
      api.members.changeRole,
      withSecret({ teamId: s.teamId, actingUserId: s.admin, userId: s.member, role: "billing" as const }),
    );
    expect(await roleOf(s.teamId, s.member)).toBe("billing");
    await t.mutation(api.members.remove, withSecret({ teamId: s.teamId, actingUserId: s.admin, userId: s.billing }));
    expect(await roleOf(s.teamId, s.billing)).toBeNull();
    const audit = await t.run((ctx) => ctx.db.query("auditLog").collect());
    expect(audit.slice(1).map((row) => [row.action, row.targetId, row.details])).toEqual([
      ["member.role_change", s.member, { from: "member", to: "billing" }],
      ["member.remove", s.billing, { role: "billing" as const }],
    ]);
  });

  it("never lets an admin (or the owner) change or remove the owner", async () => {
    const s = await setup();
    for (const actingUserId of [s.admin, s.owner]) {
      await expectAppError(
        t.mutation(api.members.changeRole, withSecret({ teamId: s.teamId, actingUserId, userId: s.owner, role: "member" as const })),
        "FORBIDDEN",
      );
      await expectAppError(t.mutation(api.members.remove, withSecret({ teamId: s.teamId, actingUserId, userId: s.owner })), "FORBIDDEN");
    }
    expect(await roleOf(s.teamId, s.owner)).toBe("owner");
  });

  it("refuses members and billing viewers, and a user of another team is NOT_FOUND", async () => {
    const s = await setup();
    for (const actingUserId of [s.member, s.billing]) {
      await expectAppError(t.mutation(api.members.remove, withSecret({ teamId: s.teamId, actingUserId, userId: s.admin })), "FORBIDDEN");
    }
    const other = await t.mutation(api.teams.create, withSecret({ name: "Other", ownerEmail: "boss@other.test" }));
    const boss = await t.run(
      async (ctx) =>
        (await ctx.db
          .query("users")
          .withIndex("by_email", (q) => q.eq("email", "boss@other.test"))
          .unique())!._id,
    );
    await expectAppError(
      t.mutation(api.members.remove, withSecret({ teamId: s.teamId, actingUserId: s.owner, userId: boss })),
      "NOT_FOUND",
    );
    expect(await roleOf(other.teamId, boss)).toBe("owner");
  });
});
