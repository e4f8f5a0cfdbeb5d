import { expect, it } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { INVITE_TTL_MS } from "./invites";
import { sha256Hex } from "./lib/hashing";
import { describeConvex, expectAppError, withSecret } from "./test.helpers";

describeConvex("invites", (t) => {
  /** A startup team (5 members) owned by owner@acme.test, and a user for `invitee@acme.test`. */
  async function setup() {
    const { teamId } = await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "owner@acme.test" }));
    const ids = await t.run(async (ctx) => ({
      owner: (await ctx.db
        .query("users")
        .withIndex("by_email", (q) => q.eq("email", "owner@acme.test"))
        .unique())!._id,
      invitee: await ctx.db.insert("users", { email: "invitee@acme.test" }),
      stranger: await ctx.db.insert("users", { email: "stranger@else.test" }),
    }));
    return { teamId, ...ids };
  }
  const hash = (token: string) => sha256Hex(token);
  const invite = async (teamId: Id<"teams">, actingUserId: Id<"users">, email: string, token: string) =>
    t.mutation(api.invites.create, withSecret({ teamId, actingUserId, email, role: "member" as const, tokenHash: await hash(token) }));
  const accept = async (token: string, userId: Id<"users">) =>
    t.mutation(api.invites.accept, withSecret({ tokenHash: await hash(token), userId }));

  it("stores only the token's hash, lowercases the address, audits, and lets the invited address join once", async () => {
    const s = await setup();
    const { inviteId, expiresAt } = await invite(s.teamId, s.owner, " Invitee@ACME.test ", "token-1");
    const stored = await t.run((ctx) => ctx.db.get(inviteId));
    expect(stored).toMatchObject({ email: "invitee@acme.test", tokenHash: await hash("token-1"), status: "pending" });
    expect(expiresAt - stored!.lastSentAt).toBe(INVITE_TTL_MS);

    const joined = await accept("token-1", s.invitee);
    expect(joined).toMatchObject({ teamId: s.teamId, teamName: "Acme", role: "member", inviterEmail: "owner@acme.test" });
    const state = await t.run(async (ctx) => ({
      member: (await ctx.db.query("members").collect()).find((m) => m.teamId === s.teamId && m.userId === s.invitee),
      invite: await ctx.db.get(inviteId),
      audit: (await ctx.db.query("auditLog").collect()).map((row) => row.action),
    }));
    expect(state.member?.role).toBe("member");
    expect(state.invite).toMatchObject({ status: "accepted", acceptedByUserId: s.invitee });
    expect(state.audit).toEqual(["team.create", "invite.create", "invite.accept"]);
  });

  it("refuses a different signed-in address", async () => {
    const s = await setup();
    await invite(s.teamId, s.owner, "invitee@acme.test", "token-1");
    await expectAppError(accept("token-1", s.stranger), "FORBIDDEN");
    await expect(accept("token-1", s.invitee)).resolves.toMatchObject({ role: "member" });
  });

  it("refuses an expired invite, and resending gives a new token and seven more days", async () => {
    const s = await setup();
    const { inviteId } = await invite(s.teamId, s.owner, "invitee@acme.test", "token-1");
    await t.advance(INVITE_TTL_MS + 1_000);
    await expectAppError(accept("token-1", s.invitee), "CONFLICT");
    expect(await t.query(api.invites.preview, withSecret({ tokenHash: await hash("token-1") }))).toMatchObject({ status: "expired" });

    await t.mutation(
      api.invites.resend,
      withSecret({ teamId: s.teamId, actingUserId: s.owner, inviteId, tokenHash: await hash("token-2") }),
    );
    await expectAppError(accept("token-1", s.invitee), "NOT_FOUND");
    await expect(accept("token-2", s.invitee)).resolves.toMatchObject({ teamId: s.teamId });
  });

  it("refuses a reused token", async () => {
    const s = await setup();
    await invite(s.teamId, s.owner, "invitee@acme.test", "token-1");
    await accept("token-1", s.invitee);
    await expectAppError(accept("token-1", s.invitee), "CONFLICT");
  });

  it("refuses a revoked invite, which cannot be revoked or resent again", async () => {
    const s = await setup();
    const { inviteId } = await invite(s.teamId, s.owner, "invitee@acme.test", "token-1");
    await t.mutation(api.invites.revoke, withSecret({ teamId: s.teamId, actingUserId: s.owner, inviteId }));
    await expectAppError(accept("token-1", s.invitee), "CONFLICT");
    await expectAppError(t.mutation(api.invites.revoke, withSecret({ teamId: s.teamId, actingUserId: s.owner, inviteId })), "CONFLICT");
    await expectAppError(
      t.mutation(api.invites.resend, withSecret({ teamId: s.teamId, actingUserId: s.owner, inviteId, tokenHash: await hash("t2") })),
      "CONFLICT",
    );
    expect(await t.query(api.invites.list, withSecret({ teamId: s.teamId, actingUserId: s.owner }))).toEqual([]);
  });

  it("counts pending invites toward the member limit when inviting, and checks the limit again on accept", async () => {
    const s = await setup();
    // Startup allows 5 members: the owner and four pending invites fill it.
    for (const n of [1, 2, 3]) await invite(s.teamId, s.owner, `p${n}@acme.test`, `tok-${n}`);
    await invite(s.teamId, s.owner, "invitee@acme.test", "token-last");
    await expectAppError(invite(s.teamId, s.owner, "one-too-many@acme.test", "tok-x"), "LIMIT_EXCEEDED");

    // Members added meanwhile (e.g. by an operator) fill the team: the pending invite can no longer be accepted.
    await t.run(async (ctx) => {
      for (const n of [1, 2, 3, 4]) {
        const userId = await ctx.db.insert("users", { email: `direct${n}@acme.test` });
        await ctx.db.insert("members", { teamId: s.teamId, userId, role: "member" });
      }
    });
    await expectAppError(accept("token-last", s.invitee), "LIMIT_EXCEEDED");
  });

  it("refuses inviting an existing member, a second pending invite to one address, and a bad address", async () => {
    const s = await setup();
    await expectAppError(invite(s.teamId, s.owner, "owner@acme.test", "tok-a"), "CONFLICT");
    await invite(s.teamId, s.owner, "invitee@acme.test", "tok-b");
    await expectAppError(invite(s.teamId, s.owner, "INVITEE@acme.test", "tok-c"), "CONFLICT");
    await expectAppError(invite(s.teamId, s.owner, "not-an-address", "tok-d"), "VALIDATION_ERROR");
  });

  it("refuses a member or billing viewer inviting, and nobody invites an owner", async () => {
    const s = await setup();
    await t.run((ctx) => ctx.db.insert("members", { teamId: s.teamId, userId: s.stranger, role: "member" }));
    await expectAppError(invite(s.teamId, s.stranger, "x@acme.test", "tok-a"), "FORBIDDEN");
    // "owner" is not an invitable role: the argument validator refuses it before the handler runs.
    await expect(
      t.mutation(
        api.invites.create,
        withSecret({
          teamId: s.teamId,
          actingUserId: s.owner,
          email: "x@acme.test",
          role: "owner" as never,
          tokenHash: await hash("tok-b"),
        }),
      ),
    ).rejects.toThrow();
    expect(await t.run((ctx) => ctx.db.query("invites").collect())).toEqual([]);
  });

  it("refuses a token hash that is not a SHA-256 digest", async () => {
    const s = await setup();
    await expectAppError(
      t.mutation(
        api.invites.create,
        withSecret({ teamId: s.teamId, actingUserId: s.owner, email: "x@acme.test", role: "member" as const, tokenHash: "plain-token" }),
      ),
      "VALIDATION_ERROR",
    );
  });
});
