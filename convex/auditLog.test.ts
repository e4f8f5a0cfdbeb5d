import { expect, it } from "vitest";
import { api } from "./_generated/api";
import type { MutationCtx } from "./_generated/server";
import { MAX_PAGE, MAX_SCANNED } from "./auditLog";
import { describeConvex, withSecret } from "./test.helpers";

describeConvex("auditLog.list", (t) => {
  async function busyTeam(rows: number) {
    const { teamId } = await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "owner@acme.test" }));
    return t.run(async (untyped) => {
      const ctx = untyped as unknown as MutationCtx;
      const owner = (await ctx.db.query("members").withIndex("by_team_role", (q) => q.eq("teamId", teamId).eq("role", "owner")).unique())!.userId;
      const admin = await ctx.db.insert("users", { email: "admin@acme.test" });
      await ctx.db.insert("members", { teamId, userId: admin, role: "admin" });
      // A rare action long ago, then a busy actor's routine.
      await ctx.db.insert("auditLog", { teamId, actorKind: "user", actorUserId: admin, action: "member.role_change", at: 1 });
      for (let i = 0; i < rows; i++) await ctx.db.insert("auditLog", { teamId, actorKind: "user", actorUserId: admin, action: "key.rotate", at: 2 + i });
      return { teamId, owner, admin };
    });
  }

  it("pages a busy actor's rare action in short pages, scanning at most MAX_SCANNED rows each", async () => {
    const { teamId, owner, admin } = await busyTeam(MAX_SCANNED * 2 + 100);
    const args = { teamId, actingUserId: owner, actorUserId: admin, action: "member.role_change" };
    const pages = [];
    let cursor: string | null = null;
    for (;;) {
      const page: { page: { action: string }[]; isDone: boolean; continueCursor: string } = await t.query(api.auditLog.list, withSecret({ ...args, paginationOpts: { numItems: 25, cursor } }));
      pages.push(page.page.length);
      if (page.isDone) break;
      cursor = page.continueCursor;
    }
    // Three scans of the actor's rows: two empty, the last one finds the old entry.
    expect(pages).toEqual([0, 0, 1]);
  });

  it("returns at most MAX_PAGE entries a page", async () => {
    const { teamId, owner } = await busyTeam(MAX_PAGE + 20);
    const page = await t.query(api.auditLog.list, withSecret({ teamId, actingUserId: owner, paginationOpts: { numItems: 1_000, cursor: null } }));
    expect(page.page).toHaveLength(MAX_PAGE);
    expect(page.isDone).toBe(false);
  });

  it("names the page's actors, targets and ids in details, and leaves out what is gone or another team's", async () => {
    const { teamId } = await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "owner@acme.test" }));
    const { teamId: otherTeam } = await t.mutation(api.teams.create, withSecret({ name: "Other", ownerEmail: "owner@other.test" }));
    const ids = await t.run(async (untyped) => {
      const ctx = untyped as unknown as MutationCtx;
      const owner = (await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", "owner@acme.test")).unique())!._id;
      const key = { hash: "h", env: "live" as const, createdAt: 0 };
      const prod = await ctx.db.insert("apiKeys", { ...key, teamId, name: "Production", prefix: "gs_live_ab12", last4: "9f3c" });
      const next = await ctx.db.insert("apiKeys", { ...key, teamId, name: "Production", prefix: "gs_live_cd34", last4: "77aa" });
      const foreign = await ctx.db.insert("apiKeys", { ...key, teamId: otherTeam, name: "Theirs", prefix: "gs_live_zz00", last4: "0000" });
      const gone = await ctx.db.insert("users", { email: "gone@acme.test" });
      await ctx.db.delete(gone);
      const rows: { action: string; targetType: string; targetId: string; details: Record<string, string | number> }[] = [
        { action: "key.rotate", targetType: "apiKey", targetId: prod, details: { newKeyId: next, gracePeriod: "1h", graceUntil: 1 } },
        { action: "member.remove", targetType: "user", targetId: gone, details: { role: "member" } },
        { action: "key.revoke", targetType: "apiKey", targetId: foreign, details: { name: "Theirs", display: "gs_live_zz00…0000" } },
      ];
      for (const [i, row] of rows.entries()) await ctx.db.insert("auditLog", { teamId, actorKind: "user", actorUserId: owner, at: 10 + i, ...row });
      return { owner, prod, next, foreign, gone };
    });
    const page = await t.query(api.auditLog.list, withSecret({ teamId, actingUserId: ids.owner, paginationOpts: { numItems: 10, cursor: null } }));
    expect(page.names).toEqual({
      [ids.owner]: "owner@acme.test",
      [ids.prod]: "Production (gs_live_ab12…9f3c)",
      [ids.next]: "Production (gs_live_cd34…77aa)",
    });
    // Newest first: the team's creation (by an operator, no address), then the rows above, newest first.
    expect(page.page.map((entry) => [entry.action, entry.actorEmail])).toEqual([
      ["team.create", null],
      ["key.revoke", "owner@acme.test"],
      ["member.remove", "owner@acme.test"],
      ["key.rotate", "owner@acme.test"],
    ]);
  });
});
