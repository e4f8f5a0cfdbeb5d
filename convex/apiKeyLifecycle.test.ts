/** apiKeys.list / revoke / rotate / update (SPEC §6) on both backends: permissions, audit, grace periods. */
import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import type { Role } from "./lib/permissions";
import { describeConvex, expectAppError, rollUpUsage, withSecret } from "./test.helpers";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describeConvex("API key lifecycle", (t) => {
  const newTeam = async (plan: "startup" | "growth" = "startup") =>
    (await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "owner@acme.test", plan }))).teamId;
  let users = 0;
  const addMember = (teamId: Id<"teams">, role: Role) =>
    t.run(async (ctx) => {
      const userId = await ctx.db.insert("users", { email: `${role}-${++users}@acme.test` });
      await ctx.db.insert("members", { teamId, userId, role });
      return userId;
    });
  const authenticates = async (key: string) =>
    (await t.mutation(api.usage.recordCall, withSecret({ keyHash: sha256(key), requestId: `r${++users}`, receivedAt: t.now() }))).status !== 401;
  const audit = () => t.run((ctx) => ctx.db.query("auditLog").collect());

  it("revokes a key for the very next call, once, with an audit row", async () => {
    const teamId = await newTeam();
    const member = await addMember(teamId, "member");
    const { keyId, key } = await t.mutation(api.apiKeys.create, withSecret({ teamId }));
    expect(await authenticates(key)).toBe(true);
    const { revokedAt } = await t.mutation(api.apiKeys.revoke, withSecret({ keyId, actingUserId: member }));
    expect(await authenticates(key)).toBe(false);
    expect(await t.mutation(api.apiKeys.revoke, withSecret({ keyId }))).toEqual({ keyId, revokedAt });
    expect((await audit()).filter((row) => row.action === "key.revoke")).toMatchObject([{ actorKind: "user", actorUserId: member, targetId: keyId }]);
  });

  it("rotates with grace 0: the old key is refused at once and the new one works", async () => {
    const teamId = await newTeam();
    const old = await t.mutation(api.apiKeys.create, withSecret({ teamId, name: "CI", rateLimit: 10 }));
    const rotated = await t.mutation(api.apiKeys.rotate, withSecret({ keyId: old.keyId, gracePeriod: "0" as const }));
    expect(rotated.oldKeyId).toBe(old.keyId);
    expect(await authenticates(old.key)).toBe(false);
    expect(await authenticates(rotated.key)).toBe(true);
    const fresh = await t.run((ctx) => ctx.db.get(rotated.keyId));
    expect(fresh).toMatchObject({ name: "CI", rateLimit: 10, env: "live" });
    expect(await t.run((ctx) => ctx.db.get(old.keyId))).toMatchObject({ replacedByKeyId: rotated.keyId });
    expect((await audit()).at(-1)).toMatchObject({ action: "key.rotate", targetId: old.keyId });
  });

  it("rotates with 15 minutes of grace, never past the old key's expiry, even on a team at its key limit", async () => {
    const teamId = await newTeam("startup");
    const keys = [];
    for (let i = 0; i < 3; i++) keys.push(await t.mutation(api.apiKeys.create, withSecret({ teamId })));
    const rotated = await t.mutation(api.apiKeys.rotate, withSecret({ keyId: keys[0].keyId, gracePeriod: "15m" as const }));
    expect(rotated.graceUntil).toBeGreaterThanOrEqual(t.now() + 15 * 60_000);
    await t.advance(14 * 60_000);
    expect(await authenticates(keys[0].key)).toBe(true);
    await t.advance(2 * 60_000);
    expect(await authenticates(keys[0].key)).toBe(false);
    await expectAppError(t.mutation(api.apiKeys.rotate, withSecret({ keyId: keys[0].keyId, gracePeriod: "0" as const })), "CONFLICT");

    const expiring = await t.mutation(api.apiKeys.create, withSecret({ teamId: await newTeam(), expiresAt: t.now() + 60_000 }));
    const short = await t.mutation(api.apiKeys.rotate, withSecret({ keyId: expiring.keyId, gracePeriod: "24h" as const }));
    expect(short.graceUntil).toBe((await t.run((ctx) => ctx.db.get(expiring.keyId)))!.expiresAt);
    expect((await t.run((ctx) => ctx.db.get(short.keyId)))!.expiresAt).toBe(short.graceUntil);
  });

  it("updates name, expiry and a lower limit; refuses a limit above the plan's or an expiry in the past", async () => {
    const teamId = await newTeam("startup");
    const { keyId, key } = await t.mutation(api.apiKeys.create, withSecret({ teamId, rateLimit: 5 }));
    await t.mutation(api.apiKeys.update, withSecret({ keyId, name: "Renamed", rateLimit: null, expiresAt: t.now() + 5_000 }));
    expect(await t.run((ctx) => ctx.db.get(keyId))).toMatchObject({ name: "Renamed", expiresAt: t.now() + 5_000 });
    expect((await t.run((ctx) => ctx.db.get(keyId)))?.rateLimit).toBeUndefined();
    await expectAppError(t.mutation(api.apiKeys.update, withSecret({ keyId, rateLimit: 61 })), "VALIDATION_ERROR");
    await expectAppError(t.mutation(api.apiKeys.update, withSecret({ keyId, expiresAt: t.now() - 1 })), "VALIDATION_ERROR");
    await t.advance(5_000);
    expect(await authenticates(key)).toBe(false);
    await t.mutation(api.apiKeys.update, withSecret({ keyId, expiresAt: null }));
    expect(await authenticates(key)).toBe(true);
  });

  it("lists keys newest first in display form to key managers only, and lets only them change keys", async () => {
    const teamId = await newTeam("growth");
    const billing = await addMember(teamId, "billing");
    const member = await addMember(teamId, "member");
    const first = await t.mutation(api.apiKeys.create, withSecret({ teamId, name: "first" }));
    const second = await t.mutation(api.apiKeys.create, withSecret({ teamId, name: "second", env: "test" as const }));
    await expectAppError(t.query(api.apiKeys.list, withSecret({ teamId, actingUserId: billing })), "FORBIDDEN");
    const listed = await t.query(api.apiKeys.list, withSecret({ teamId, actingUserId: member }));
    expect(listed.map((k) => [k.name, k.env, k.usable])).toEqual([["second", "test", true], ["first", "live", true]]);
    expect(listed[1].display).toBe(`${first.key.slice(0, 12)}…${first.key.slice(-4)}`);
    expect(JSON.stringify(listed)).not.toContain(second.key.slice(12, 40));
    await expectAppError(t.mutation(api.apiKeys.revoke, withSecret({ keyId: first.keyId, actingUserId: billing })), "FORBIDDEN");
    await expectAppError(t.mutation(api.apiKeys.rotate, withSecret({ keyId: first.keyId, gracePeriod: "1h" as const, actingUserId: billing })), "FORBIDDEN");
    const outsider = await addMember(await newTeam(), "owner");
    await expectAppError(t.query(api.apiKeys.list, withSecret({ teamId, actingUserId: outsider })), "NOT_FOUND");
    await expectAppError(t.mutation(api.apiKeys.update, withSecret({ keyId: first.keyId, name: "x", actingUserId: outsider })), "NOT_FOUND");
  });

  it("counts and lists the keys in use without reading the team's history: 17,000 rotated-away keys, more than a transaction may read", async () => {
    const teamId = await newTeam("growth");
    const owner = await addMember(teamId, "owner");
    const inUse = await t.mutation(api.apiKeys.create, withSecret({ teamId, name: "never rotated" }));
    const now = t.now();
    // Seeded 1,000 a transaction: well inside the 1 s a transaction may run, even on a loaded machine.
    for (let page = 0; page < 17; page++) {
      await t.run(async (ctx) => {
        for (let i = 0; i < 1_000; i++) {
          const n = page * 1_000 + i;
          // Rotated away long ago, or expired unrevoked: neither counts, and neither is read by the limit check.
          const gone = n % 2 === 0 ? { graceUntil: now - 1 } : { expiresAt: now - 1 };
          await ctx.db.insert("apiKeys", { teamId, hash: `history-${n}`, prefix: "gs_live_abcd", last4: "wxyz", env: "live", name: "deploy", createdAt: now, ...gone });
        }
      });
    }
    const expiring = await t.mutation(api.apiKeys.create, withSecret({ teamId, name: "expiring", expiresAt: now + 60_000, createdByUserId: owner }));
    const rotated = await t.mutation(api.apiKeys.rotate, withSecret({ keyId: expiring.keyId, gracePeriod: "1h" as const }));
    const listed = await t.query(api.apiKeys.list, withSecret({ teamId, actingUserId: owner }));
    // The key in use is listed although 17,000 newer keys exist; the listing stays at 200 keys.
    expect(listed.some((k) => k.keyId === inUse.keyId)).toBe(true);
    expect(listed.some((k) => k.keyId === rotated.keyId)).toBe(true);
    expect(listed).toHaveLength(200);
    // The limit still counts exactly the keys in use: growth allows 10, two are in use.
    for (let i = 0; i < 8; i++) await t.mutation(api.apiKeys.create, withSecret({ teamId, name: `more ${i}` }));
    await expectAppError(t.mutation(api.apiKeys.create, withSecret({ teamId })), "LIMIT_EXCEEDED");
  });
});

describeConvex("usage.recordServerError", (t) => {
  it("records a 500 for an authenticated key, never billed, and nothing for an unknown one", async () => {
    const { teamId } = await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "owner@acme.test" }));
    const { key } = await t.mutation(api.apiKeys.create, withSecret({ teamId }));
    const failure = { requestId: "r-500", receivedAt: t.now(), endpoint: "/api/v1/verify" as const, method: "POST" as const };
    expect(await t.mutation(api.usage.recordServerError, withSecret({ ...failure, keyHash: sha256(key) }))).toEqual({ recorded: true, teamId });
    expect(await t.mutation(api.usage.recordServerError, withSecret({ ...failure, keyHash: sha256("gs_live_nope") }))).toEqual({ recorded: false });
    await rollUpUsage(t);
    const state = await t.run(async (ctx) => ({
      events: await ctx.db.query("usageEvents").collect(),
      buckets: (await ctx.db.query("usageBuckets").collect()).filter((b) => b.scope === "key" && b.granularity === "hour"),
    }));
    expect(state.events).toMatchObject([{ status: 500, billable: false, costMicroUsd: 0, requestId: "r-500" }]);
    expect(state.buckets).toMatchObject([{ calls: 1, serverErrors: 1, billableCalls: 0 }]);
    expect(await t.run((ctx) => ctx.db.query("rateLimitShards").collect())).toEqual([]);
  });
});
