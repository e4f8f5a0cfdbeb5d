import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { SESSION_DELETION_PAGE } from "./auth";
import { describeConvex, expectAppError, withSecret } from "./test.helpers";

const sha = (token: string) => createHash("sha256").update(token).digest("hex");
const HOUR = 3_600_000;

describeConvex("auth adapter", (t) => {
  const newUser = (email = "ada@example.test") => t.mutation(api.auth.createUser, withSecret({ email, name: "Ada", emailVerified: null }));

  it("creates users and finds them by id and by email, case-insensitively", async () => {
    const user = await newUser("Ada@Example.test");
    expect(user).toEqual({ id: user.id, email: "ada@example.test", name: "Ada", emailVerified: null });
    expect(await t.query(api.auth.getUser, withSecret({ id: user.id }))).toEqual(user);
    expect(await t.query(api.auth.getUserByEmail, withSecret({ email: "ADA@example.test" }))).toEqual(user);
    expect(await t.query(api.auth.getUserByEmail, withSecret({ email: "nobody@example.test" }))).toBeNull();
  });

  it("answers null for ids that are not users", async () => {
    const user = await newUser();
    expect(await t.query(api.auth.getUser, withSecret({ id: "not-an-id" }))).toBeNull();
    await t.mutation(api.auth.deleteUser, withSecret({ id: user.id }));
    expect(await t.query(api.auth.getUser, withSecret({ id: user.id }))).toBeNull();
  });

  it("completes a user who already exists (an invited or operator-made owner) instead of duplicating", async () => {
    const { teamId } = await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "owner@acme.test" }));
    const user = await t.mutation(api.auth.createUser, withSecret({ email: "owner@acme.test", name: "Owner", emailVerified: 1_000 }));
    expect(user).toMatchObject({ email: "owner@acme.test", name: "Owner", emailVerified: 1_000 });
    expect(await t.query(api.teams.getMembership, withSecret({ userId: user.id, teamId }))).toMatchObject({ role: "owner" });
    expect(await t.run(async (ctx) => (await ctx.db.query("users").collect()).length)).toBe(1);
  });

  it("updates users: undefined keeps a field, null clears it, an email held by another is refused", async () => {
    const user = await newUser();
    await newUser("grace@example.test");
    const updated = await t.mutation(api.auth.updateUser, withSecret({ id: user.id, emailVerified: 5, image: "https://img.test/a.png" }));
    expect(updated).toEqual({ ...user, emailVerified: 5, image: "https://img.test/a.png" });
    expect(await t.mutation(api.auth.updateUser, withSecret({ id: user.id, name: null }))).not.toHaveProperty("name");
    await expectAppError(t.mutation(api.auth.updateUser, withSecret({ id: user.id, email: "Grace@example.test" })), "CONFLICT");
    await expectAppError(t.mutation(api.auth.updateUser, withSecret({ id: "missing", name: "x" })), "NOT_FOUND");
  });

  it("links and unlinks provider accounts", async () => {
    const user = await newUser();
    const account = { userId: user.id as Id<"users">, type: "oauth", provider: "github", providerAccountId: "42" };
    await t.mutation(api.auth.linkAccount, withSecret(account));
    await t.mutation(api.auth.linkAccount, withSecret(account));
    expect(await t.query(api.auth.getUserByAccount, withSecret({ provider: "github", providerAccountId: "42" }))).toEqual(user);
    const other = await newUser("grace@example.test");
    await expectAppError(t.mutation(api.auth.linkAccount, withSecret({ ...account, userId: other.id })), "CONFLICT");
    await t.mutation(api.auth.unlinkAccount, withSecret({ provider: "github", providerAccountId: "42" }));
    expect(await t.query(api.auth.getUserByAccount, withSecret({ provider: "github", providerAccountId: "42" }))).toBeNull();
  });

  it("stores sessions by token hash only and refuses raw tokens", async () => {
    const user = await newUser();
    const token = crypto.randomUUID();
    const hash = sha(token);
    const expires = t.now() + HOUR;
    await expectAppError(t.mutation(api.auth.createSession, withSecret({ sessionTokenHash: token, userId: user.id, expires })), "VALIDATION_ERROR");
    await expectAppError(t.mutation(api.auth.createSession, withSecret({ sessionTokenHash: hash.toUpperCase(), userId: user.id, expires })), "VALIDATION_ERROR");
    await expectAppError(t.query(api.auth.getSessionAndUser, withSecret({ sessionTokenHash: token })), "VALIDATION_ERROR");

    const session = await t.mutation(api.auth.createSession, withSecret({ sessionTokenHash: hash, userId: user.id, expires }));
    expect(session).toEqual({ sessionTokenHash: hash, userId: user.id, expires });
    const stored = await t.run((ctx) => ctx.db.query("sessions").collect());
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await t.query(api.auth.getSessionAndUser, withSecret({ sessionTokenHash: hash }))).toEqual({ session, user });
    expect(await t.query(api.auth.getSessionAndUser, withSecret({ sessionTokenHash: sha("other") }))).toBeNull();
  });

  it("extends, expires and deletes sessions", async () => {
    const user = await newUser();
    const hash = sha("session-token");
    await t.mutation(api.auth.createSession, withSecret({ sessionTokenHash: hash, userId: user.id, expires: t.now() + HOUR }));
    const extended = await t.mutation(api.auth.updateSession, withSecret({ sessionTokenHash: hash, expires: t.now() + 2 * HOUR }));
    expect(extended?.expires).toBe(t.now() + 2 * HOUR);
    expect(await t.mutation(api.auth.updateSession, withSecret({ sessionTokenHash: sha("unknown"), expires: 1 }))).toBeNull();

    await t.advance(2 * HOUR);
    expect(await t.query(api.auth.getSessionAndUser, withSecret({ sessionTokenHash: hash }))).toBeNull();

    await t.mutation(api.auth.deleteSession, withSecret({ sessionTokenHash: hash }));
    expect(await t.run(async (ctx) => (await ctx.db.query("sessions").collect()).length)).toBe(0);
  });

  it("deletes a user with accounts, sessions and memberships, but never a team owner", async () => {
    const user = await newUser();
    await t.mutation(api.auth.linkAccount, withSecret({ userId: user.id as Id<"users">, type: "oauth", provider: "github", providerAccountId: "1" }));
    await t.mutation(api.auth.createSession, withSecret({ sessionTokenHash: sha("s"), userId: user.id, expires: t.now() + HOUR }));
    const { teamId } = await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "owner@acme.test" }));
    await t.run((ctx) => ctx.db.insert("members", { teamId, userId: user.id as Id<"users">, role: "member" }));

    await t.mutation(api.auth.deleteUser, withSecret({ id: user.id }));
    const left = await t.run(async (ctx) => ({
      accounts: (await ctx.db.query("accounts").collect()).length,
      sessions: (await ctx.db.query("sessions").collect()).length,
      members: (await ctx.db.query("members").collect()).map((m) => m.role),
    }));
    expect(left).toEqual({ accounts: 0, sessions: 0, members: ["owner"] });

    const owner = await t.query(api.auth.getUserByEmail, withSecret({ email: "owner@acme.test" }));
    await expectAppError(t.mutation(api.auth.deleteUser, withSecret({ id: owner!.id })), "FORBIDDEN");
  });

  it("verification tokens are stored hashed, single use, and dead once expired", async () => {
    const identifier = "ada@example.test";
    const token = createHash("sha256").update("random").digest("hex").slice(0, 32);
    const tokenHash = sha(token);
    const expires = t.now() + HOUR;
    await expectAppError(t.mutation(api.auth.createVerificationToken, withSecret({ identifier, tokenHash: token, expires })), "VALIDATION_ERROR");

    expect(await t.mutation(api.auth.createVerificationToken, withSecret({ identifier, tokenHash, expires }))).toEqual({ identifier, tokenHash, expires });
    expect(JSON.stringify(await t.run((ctx) => ctx.db.query("verificationTokens").collect()))).not.toContain(token);
    expect(await t.mutation(api.auth.useVerificationToken, withSecret({ identifier: "eve@example.test", tokenHash }))).toBeNull();
    expect(await t.mutation(api.auth.useVerificationToken, withSecret({ identifier, tokenHash }))).toEqual({ identifier, tokenHash, expires });
    expect(await t.mutation(api.auth.useVerificationToken, withSecret({ identifier, tokenHash }))).toBeNull();

    const late = sha("late");
    await t.mutation(api.auth.createVerificationToken, withSecret({ identifier, tokenHash: late, expires: t.now() + HOUR }));
    await t.advance(HOUR);
    expect(await t.mutation(api.auth.useVerificationToken, withSecret({ identifier, tokenHash: late }))).toBeNull();
    expect(await t.run(async (ctx) => (await ctx.db.query("verificationTokens").collect()).length)).toBe(0);
  });

  it("deletes a user with thousands of sessions: the user at once, the sessions in scheduled pages", async () => {
    const user = await newUser();
    const userId = user.id as Id<"users">;
    await t.run(async (ctx) => {
      for (let i = 0; i < SESSION_DELETION_PAGE * 2 + 500; i++) {
        await ctx.db.insert("sessions", { sessionTokenHash: i.toString(16).padStart(64, "0"), userId, expires: i % 2 ? Date.now() + 86_400_000 : 0 });
      }
    });
    await t.mutation(api.auth.deleteUser, withSecret({ id: userId }));
    const sessions = () => t.run(async (ctx) => (await ctx.db.query("sessions").collect()).length);
    expect(await t.query(api.auth.getUser, withSecret({ id: userId }))).toBeNull();
    expect(await sessions()).toBe(SESSION_DELETION_PAGE + 500);
    // A session left for a later page answers nothing: its user is gone.
    expect(await t.query(api.auth.getSessionAndUser, withSecret({ sessionTokenHash: (SESSION_DELETION_PAGE * 2 + 499).toString(16).padStart(64, "0") }))).toBeNull();
    await t.advance(1_000);
    expect(await sessions()).toBe(0);
  });
});
