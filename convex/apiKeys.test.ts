import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import type { Role } from "./lib/permissions";
import { describeConvex, expectAppError, withSecret } from "./test.helpers";

describeConvex("apiKeys.create", (t) => {
  const newTeam = async (plan: "startup" | "growth" | "enterprise" = "startup", rateLimit?: number) =>
    (await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "owner@acme.test", plan, rateLimit }))).teamId;
  const createKey = (args: { teamId: Id<"teams">; env?: "live" | "test"; name?: string; rateLimit?: number; createdByUserId?: Id<"users"> }) =>
    t.mutation(api.apiKeys.create, withSecret(args));
  let users = 0;
  const addMember = (teamId: Id<"teams">, role: Role) =>
    t.run(async (ctx) => {
      const userId = await ctx.db.insert("users", { email: `${role}-${++users}@acme.test` });
      await ctx.db.insert("members", { teamId, userId, role });
      return userId;
    });

  it("returns the key once and stores only its hash and display parts", async () => {
    const teamId = await newTeam();
    const { keyId, key } = await createKey({ teamId, name: "CI" });
    expect(key).toMatch(/^gs_live_[0-9A-Za-z]{40}$/);
    const stored = (await t.run((ctx) => ctx.db.get(keyId)))!;
    expect(stored).toMatchObject({
      teamId,
      env: "live",
      name: "CI",
      hash: createHash("sha256").update(key).digest("hex"),
      prefix: key.slice(0, 12),
      last4: key.slice(-4),
    });
    expect(JSON.stringify(stored)).not.toContain(key.slice(8));
    const audit = await t.run((ctx) => ctx.db.query("auditLog").collect());
    expect(audit.at(-1)).toMatchObject({ action: "key.create", targetId: keyId, actorKind: "operator" });
    expect(JSON.stringify(audit)).not.toContain(key.slice(8));
  });

  it("makes test keys and names keys by default", async () => {
    const teamId = await newTeam();
    const { keyId, key } = await createKey({ teamId, env: "test" });
    expect(key).toMatch(/^gs_test_/);
    expect((await t.run((ctx) => ctx.db.get(keyId)))?.name).toBe("Test key");
  });

  it("enforces the plan's active-key limit, not counting revoked, rotated or expired keys", async () => {
    const teamId = await newTeam("startup");
    const keys: { keyId: Id<"apiKeys">; key: string }[] = [];
    for (let i = 0; i < 3; i++) keys.push(await createKey({ teamId }));
    await expectAppError(createKey({ teamId }), "LIMIT_EXCEEDED");
    await t.run((ctx) => ctx.db.patch(keys[0].keyId, { revokedAt: Date.now() }));
    const fourth = await createKey({ teamId });
    await expectAppError(createKey({ teamId }), "LIMIT_EXCEEDED");
    await t.run((ctx) => ctx.db.patch(keys[1].keyId, { graceUntil: Date.now() + 60_000 }));
    await t.run((ctx) => ctx.db.patch(keys[2].keyId, { expiresAt: Date.now() - 1 }));
    await createKey({ teamId });
    await createKey({ teamId });
    await expectAppError(createKey({ teamId }), "LIMIT_EXCEEDED");
    expect(fourth.key).not.toBe(keys[0].key);
  });

  it("uses the enterprise contract's key limit", async () => {
    const teamId = await newTeam("enterprise");
    await t.run((ctx) => ctx.db.patch(teamId, { limitOverrides: { maxApiKeys: 1 } }));
    await createKey({ teamId });
    await expectAppError(createKey({ teamId }), "LIMIT_EXCEEDED");
  });

  it("never sets a key's rate limit above the plan's", async () => {
    const teamId = await newTeam("startup");
    const { keyId } = await createKey({ teamId, rateLimit: 60 });
    expect((await t.run((ctx) => ctx.db.get(keyId)))?.rateLimit).toBe(60);
    await createKey({ teamId, rateLimit: 10 });
    await expectAppError(createKey({ teamId, rateLimit: 61 }), "VALIDATION_ERROR");
    await expectAppError(createKey({ teamId, rateLimit: 0 }), "VALIDATION_ERROR");
    await expectAppError(createKey({ teamId, rateLimit: 2.5 }), "VALIDATION_ERROR");
  });

  it("measures the rate limit against an enterprise contract's own limit", async () => {
    const teamId = await newTeam("enterprise", 5_000);
    await createKey({ teamId, rateLimit: 5_000 });
    await expectAppError(createKey({ teamId, rateLimit: 5_001 }), "VALIDATION_ERROR");
  });

  it("lets members with keys.manage create keys as themselves, and no one else", async () => {
    const teamId = await newTeam();
    const member = await addMember(teamId, "member");
    const { keyId } = await createKey({ teamId, createdByUserId: member });
    expect((await t.run((ctx) => ctx.db.get(keyId)))?.createdByUserId).toBe(member);
    const audit = await t.run((ctx) => ctx.db.query("auditLog").collect());
    expect(audit.at(-1)).toMatchObject({ action: "key.create", actorKind: "user", actorUserId: member });

    await expectAppError(createKey({ teamId, createdByUserId: await addMember(teamId, "billing") }), "FORBIDDEN");
    const otherTeam = (await t.mutation(api.teams.create, withSecret({ name: "Other", ownerEmail: "x@other.test" }))).teamId;
    const outsider = await addMember(otherTeam, "owner");
    await expectAppError(createKey({ teamId, createdByUserId: outsider }), "NOT_FOUND");
  });

  it("refuses an unknown team", async () => {
    const teamId = await newTeam();
    await t.run((ctx) => ctx.db.delete(teamId));
    await expectAppError(createKey({ teamId }), "NOT_FOUND");
  });
});

describeConvex("apiKeys.get", (t) => {
  it("finds any key of the team, also one older than the list shows, and no key of another team", async () => {
    const { teamId } = await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "owner@acme.test", plan: "enterprise" as const }));
    const owner = (await t.run((ctx) => ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", "owner@acme.test")).unique()))!._id;
    const { keyId: oldest } = await t.mutation(api.apiKeys.create, withSecret({ teamId, name: "Oldest" }));
    await t.mutation(api.apiKeys.revoke, withSecret({ keyId: oldest }));
    // More revoked keys after it than the list holds: the oldest falls out of the list, not out of reach.
    await t.run(async (ctx) => {
      const template = (await ctx.db.get(oldest))!;
      const { _id, _creationTime, ...rest } = template;
      for (let i = 0; i < 201; i++) await ctx.db.insert("apiKeys", { ...rest, name: `Later ${i}`, hash: `${rest.hash}-${i}`, revokedAt: rest.revokedAt! + i + 1 });
    });
    const listed = await t.query(api.apiKeys.list, withSecret({ teamId, actingUserId: owner }));
    expect(listed.some((key) => key.keyId === oldest)).toBe(false);
    expect(await t.query(api.apiKeys.get, withSecret({ teamId, actingUserId: owner, keyId: oldest }))).toMatchObject({ keyId: oldest, name: "Oldest", usable: false });

    const other = await t.mutation(api.teams.create, withSecret({ name: "Other", ownerEmail: "x@other.test" }));
    const { keyId: foreign } = await t.mutation(api.apiKeys.create, withSecret({ teamId: other.teamId, name: "Theirs" }));
    await expectAppError(t.query(api.apiKeys.get, withSecret({ teamId, actingUserId: owner, keyId: foreign })), "NOT_FOUND");
    await expectAppError(t.query(api.apiKeys.get, withSecret({ teamId, actingUserId: owner, keyId: "not-an-id" })), "NOT_FOUND");
  });
});
