/**
 * Invites through the portal's procedures: the token exists only in the mail (the database holds its SHA-256),
 * a resend makes the old link useless, accepting notifies the inviter, and the accept page's preview says why a
 * link no longer works.
 */
import { describe, expect, it } from "vitest";
import { api } from "../../../convex/_generated/api";
import { sha256Hex } from "../../../convex/lib/hashing";
import { createCaller } from "./root";
import { codeOf, sessionFor, TRPC_TEST_SECRET, useTrpcHarness } from "./test.helpers";

const harness = useTrpcHarness();

async function setup() {
  const t = harness.t();
  const { teamId } = await t.mutation(api.teams.create, { name: "Acme", ownerEmail: "owner@acme.test", serverSecret: TRPC_TEST_SECRET });
  const ids = await t.run(async (ctx) => ({
    owner: (await ctx.db
      .query("users")
      .withIndex("by_email", (q) => q.eq("email", "owner@acme.test"))
      .unique())!._id,
    newcomer: await ctx.db.insert("users", { email: "new@acme.test" }),
  }));
  return {
    teamId,
    owner: createCaller(harness.context(sessionFor(ids.owner, "owner@acme.test"))),
    newcomer: createCaller(harness.context(sessionFor(ids.newcomer, "new@acme.test"))),
    visitor: createCaller(harness.context(null)),
  };
}

/** The token of the last invite mail: the path segment after /invites/. */
function tokenOfLastMail(): string {
  const mail = harness.sent().at(-1)!;
  const match = /\/invites\/([A-Za-z0-9_-]{43})/.exec(mail.text);
  expect(match, mail.text).not.toBeNull();
  return match![1];
}

describe("invites through tRPC", () => {
  it("mails a 32-byte token and stores only its SHA-256", async () => {
    const s = await setup();
    await s.owner.invites.create({ teamId: s.teamId, email: " New@Acme.test ", role: "billing" });
    const mail = harness.sent().at(-1)!;
    expect(mail).toMatchObject({ to: "new@acme.test", subject: "You are invited to Acme on GhostSpeak" });
    const token = tokenOfLastMail();
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const stored = await harness.t().run((ctx) => ctx.db.query("invites").collect());
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).toBe(await sha256Hex(token));
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it("accepting joins the team with the invited role and mails the inviter", async () => {
    const s = await setup();
    await s.owner.invites.create({ teamId: s.teamId, email: "new@acme.test", role: "billing" });
    const token = tokenOfLastMail();
    expect(await s.visitor.invites.preview({ token })).toMatchObject({
      teamName: "Acme",
      email: "new@acme.test",
      role: "billing",
      status: "pending",
    });
    expect(await codeOf(s.visitor.invites.accept({ token }))).toBe("UNAUTHORIZED");

    expect(await s.newcomer.invites.accept({ token })).toEqual({ teamId: s.teamId, teamName: "Acme", role: "billing" });
    expect(harness.sent().at(-1)).toMatchObject({ to: "owner@acme.test", subject: "new@acme.test joined Acme" });
    expect(await s.newcomer.teams.get({ teamId: s.teamId })).toMatchObject({ role: "billing" });
    expect(await s.visitor.invites.preview({ token })).toMatchObject({ status: "accepted" });
  });

  it("a resend mails a new token; the old link is no invite any more", async () => {
    const s = await setup();
    const { inviteId } = await s.owner.invites.create({ teamId: s.teamId, email: "new@acme.test", role: "member" });
    const first = tokenOfLastMail();
    await s.owner.invites.resend({ teamId: s.teamId, inviteId });
    const second = tokenOfLastMail();
    expect(second).not.toBe(first);
    expect(await codeOf(s.visitor.invites.preview({ token: first }))).toBe("NOT_FOUND");
    expect(await codeOf(s.newcomer.invites.accept({ token: first }))).toBe("NOT_FOUND");
    expect(await codeOf(s.newcomer.invites.accept({ token: second }))).toBe("OK");
  });

  it("when mail fails: inviting says to resend (the invite is kept); accepting still joins", async () => {
    const s = await setup();
    const ownerId = await harness.t().run(async (ctx) => (await ctx.db.query("members").collect())[0].userId);
    const failing = async () => {
      throw new Error("SMTP down");
    };
    const ownerWithoutMail = createCaller(harness.context(sessionFor(ownerId, "owner@acme.test"), failing));
    const error = await ownerWithoutMail.invites
      .create({ teamId: s.teamId, email: "new@acme.test", role: "member" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_GATEWAY", message: expect.stringContaining("resend") });
    const [invite] = await s.owner.invites.list({ teamId: s.teamId });
    expect(invite).toMatchObject({ email: "new@acme.test" });

    await s.owner.invites.resend({ teamId: s.teamId, inviteId: invite.inviteId });
    const newcomerId = await harness.t().run(
      async (ctx) =>
        (await ctx.db
          .query("users")
          .withIndex("by_email", (q) => q.eq("email", "new@acme.test"))
          .unique())!._id,
    );
    const newcomerWithoutMail = createCaller(harness.context(sessionFor(newcomerId, "new@acme.test"), failing));
    expect(await newcomerWithoutMail.invites.accept({ token: tokenOfLastMail() })).toMatchObject({ teamId: s.teamId });
  });

  it("refuses a malformed token before any lookup, and explains a wrong address", async () => {
    const s = await setup();
    expect(await codeOf(s.visitor.invites.preview({ token: "short" }))).toBe("BAD_REQUEST");
    await s.owner.invites.create({ teamId: s.teamId, email: "someone@else.test", role: "member" });
    const error = await s.newcomer.invites.accept({ token: tokenOfLastMail() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("someone@else.test") });
  });
});
