import { afterEach, beforeEach, expect, it } from "vitest";
import { api, internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import { ANALYTICS_RETENTION_MS, MAX_CLAIM } from "./analyticsOutbox";
import { sha256Hex } from "./lib/hashing";
import { recordAnalyticsEvent } from "./model/analytics";
import { createTeam } from "./model/teams";
import { describeConvex, expectAppError, recordCalls, withSecret } from "./test.helpers";
import { useWebhookEnv } from "./webhooks.helpers";
import { JOURNEY_EVENTS } from "@/testing/funnelJourney";

/** Analytics is on while POSTHOG_KEY is set where the functions run; each test says which it wants. */
function usePosthogKey(): { set(on: boolean): void } {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.POSTHOG_KEY;
    process.env.POSTHOG_KEY = "phc_test";
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.POSTHOG_KEY;
    else process.env.POSTHOG_KEY = saved;
  });
  return { set: (on) => (on ? (process.env.POSTHOG_KEY = "phc_test") : delete process.env.POSTHOG_KEY) };
}

describeConvex("product analytics outbox", (t) => {
  useWebhookEnv();
  const posthog = usePosthogKey();
  const rows = () => t.run((ctx) => ctx.db.query("analyticsEvents").collect()) as Promise<Doc<"analyticsEvents">[]>;
  const tokenHash = (token: string) => sha256Hex(token);

  /** The portal's journey through the same functions the portal calls, as two people. */
  async function journey() {
    const owner = await t.mutation(api.auth.createUser, withSecret({ email: "Owner@Acme.test", emailVerified: t.now() }));
    const { teamId } = await t.mutation(api.teams.createForUser, withSecret({ userId: owner.id, name: "Acme" }));
    await t.mutation(api.invites.create, withSecret({ teamId, actingUserId: owner.id, email: "dev@acme.test", role: "member" as const, tokenHash: await tokenHash("invite-1") }));
    // The invitee signs in by magic link for the first time: next-auth finds no user and creates one.
    const dev = await t.mutation(api.auth.createUser, withSecret({ email: "dev@acme.test", emailVerified: t.now() }));
    await t.mutation(api.invites.accept, withSecret({ tokenHash: await tokenHash("invite-1"), userId: dev.id }));
    const { keyId, key } = await t.mutation(api.apiKeys.create, withSecret({ teamId, createdByUserId: dev.id }));
    const { secret } = await t.mutation(
      api.webhooks.create,
      withSecret({ teamId, caller: { kind: "user" as const, userId: dev.id }, url: "https://hooks.acme.test/in", events: ["score.updated" as const] }),
    );
    await t.mutation(api.billing.changePlan, withSecret({ teamId, actingUserId: owner.id, plan: "growth" as const }));
    await t.mutation(api.billing.setSpendCap, withSecret({ teamId, actingUserId: owner.id, spendCapMicroUsd: 900_000_000 }));
    await recordCalls(t, [{ teamId, apiKeyId: keyId }]);
    await recordCalls(t, [{ teamId, apiKeyId: keyId }]);
    return { owner: owner.id, dev: dev.id, teamId, key, secret };
  }

  it("writes nothing while analytics is off", async () => {
    posthog.set(false);
    await journey();
    expect(await rows()).toEqual([]);
    // The once-only markers are facts about the user and team, kept either way.
    const team = await t.run(async (ctx) => (await ctx.db.query("teams").collect())[0]!);
    expect(team.firstApiCallAt).toBeTypeOf("number");
  });

  it("records each funnel event once, in order, under a hashed user id and the team's group, with no address or secret", async () => {
    const s = await journey();
    const events = (await rows()).sort((a, b) => a._creationTime - b._creationTime);
    expect(events.map((row) => row.event)).toEqual(JOURNEY_EVENTS);
    const ownerId = await sha256Hex(s.owner);
    const devId = await sha256Hex(s.dev);
    const teamActor = await sha256Hex(`team:${s.teamId}`);
    expect(events.map((row) => row.distinctId)).toEqual([ownerId, ownerId, ownerId, devId, devId, devId, devId, ownerId, ownerId, teamActor]);
    expect(events.filter((row) => row.event !== "signed_up").every((row) => row.teamId === s.teamId)).toBe(true);
    expect(events.find((row) => row.event === "plan_changed")?.properties).toEqual({ from: "startup", to: "growth", source: "local" });
    expect(events.find((row) => row.event === "first_api_call")?.properties).toMatchObject({ endpoint: "/api/v1/verify", status: 200 });
    expect(new Set(events.map((row) => row.uuid)).size).toBe(events.length);
    const text = JSON.stringify(events);
    for (const secret of [s.owner, s.dev, "acme.test", "@", s.key, s.secret, s.secret.slice(6), "hooks.acme"]) expect(text).not.toContain(secret);
  });

  it("records nothing for a refused change, nor for one rolled back after its event was written", async () => {
    const owner = await t.mutation(api.auth.createUser, withSecret({ email: "owner@acme.test", emailVerified: t.now() }));
    const { teamId } = await t.mutation(api.teams.createForUser, withSecret({ userId: owner.id, name: "Acme" }));
    const before = (await rows()).length;
    await expectAppError(t.mutation(api.billing.changePlan, withSecret({ teamId, actingUserId: owner.id, plan: "startup" as const })), "CONFLICT");
    await expectAppError(t.mutation(api.billing.setSpendCap, withSecret({ teamId, actingUserId: owner.id, spendCapMicroUsd: 1 })), "VALIDATION_ERROR");
    // A change and its event in one transaction that fails afterwards: both are gone.
    await expect(
      t.run(async (untyped) => {
        const ctx = untyped as unknown as MutationCtx;
        await createTeam(ctx, { name: "Ghost", ownerEmail: "owner@acme.test", plan: "startup", actor: { kind: "user", userId: owner.id } });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect((await rows()).length).toBe(before);
    expect(await t.run(async (ctx) => (await ctx.db.query("teams").collect()).map((team) => team.name))).toEqual(["Acme"]);
  });

  it("records the first API call of a team exactly once, however many first calls arrive together and in later months", async () => {
    const owner = await t.mutation(api.auth.createUser, withSecret({ email: "owner@acme.test", emailVerified: t.now() }));
    const { teamId } = await t.mutation(api.teams.createForUser, withSecret({ userId: owner.id, name: "Acme" }));
    const { keyId } = await t.mutation(api.apiKeys.create, withSecret({ teamId, createdByUserId: owner.id }));
    const { keyId: secondKey } = await t.mutation(api.apiKeys.create, withSecret({ teamId, createdByUserId: owner.id }));
    const firstAt = t.now();
    // Concurrent first calls, on two keys: all land before the roll-up sees any of them.
    await recordCalls(t, [{ teamId, apiKeyId: keyId, status: 404, costMicroUsd: 0 }, { teamId, apiKeyId: secondKey }, { teamId, apiKeyId: keyId }], false);
    await recordCalls(t, [{ teamId, apiKeyId: secondKey }]);
    await recordCalls(t, [{ teamId, apiKeyId: keyId }]);
    // A new month opens a new period: the team's marker keeps it from being a "first" again.
    await t.skip(40 * 24 * 60 * 60_000);
    await recordCalls(t, [{ teamId, apiKeyId: keyId }]);
    const firsts = (await rows()).filter((row) => row.event === "first_api_call");
    expect(firsts).toHaveLength(1);
    // The first call's own time (the backends may nudge a transaction's clock by a millisecond).
    expect(firsts[0]).toMatchObject({ teamId, properties: { status: 404 } });
    expect(firsts[0]!.at - firstAt).toBeLessThan(50);
    expect((await t.run((ctx) => ctx.db.get(teamId)))?.firstApiCallAt).toBe(firsts[0]!.at);
  });

  it("claims bounded batches under a lease, deletes what was acknowledged and retries what was released", async () => {
    const owner = await t.mutation(api.auth.createUser, withSecret({ email: "owner@acme.test", emailVerified: t.now() }));
    await t.run(async (untyped) => {
      const ctx = untyped as unknown as MutationCtx;
      for (let i = 0; i < MAX_CLAIM + 20; i++) await recordAnalyticsEvent(ctx, { event: "signed_up", actor: { kind: "user", userId: owner.id } });
    });
    const claim = () => t.mutation(api.analyticsOutbox.claim, withSecret({ limit: 1_000, leaseMs: 30_000 }));
    const first = await claim();
    expect(first.events).toHaveLength(MAX_CLAIM);
    const second = await claim();
    expect(second.events).toHaveLength(21); // the rest, the journey's own signed_up included
    expect((await claim()).events).toHaveLength(0);
    expect(new Set([...first.events, ...second.events].map((e) => e.id)).size).toBe(MAX_CLAIM + 21);

    expect(await t.mutation(api.analyticsOutbox.acknowledge, withSecret({ ids: first.events.map((e) => e.id) }))).toEqual({ deleted: MAX_CLAIM });
    const failed = second.events.slice(0, 5).map((e) => e.id);
    // A release with another claim's token changes nothing.
    await t.mutation(api.analyticsOutbox.release, withSecret({ ids: failed, leaseUntil: second.leaseUntil + 1, retryAfterMs: 0 }));
    expect((await claim()).events).toHaveLength(0);
    await t.mutation(api.analyticsOutbox.release, withSecret({ ids: failed, leaseUntil: second.leaseUntil, retryAfterMs: 5_000 }));
    expect((await claim()).events).toHaveLength(0);
    await t.skip(5_050); // a transaction's clock may run a millisecond ahead (testing.md)
    const retried = await claim();
    expect(retried.events.map((e) => e.id).sort()).toEqual([...failed].sort());
    expect(retried.events.every((e) => e.attempts === 1)).toBe(true);
    // A drain that died holds its rows until the lease runs out; then they are due again, same uuids.
    await t.skip(30_050);
    const reclaimed = await claim();
    expect(reclaimed.events).toHaveLength(21);
    expect(reclaimed.events.map((e) => e.uuid).sort()).toEqual(second.events.map((e) => e.uuid).sort());
    expect((await rows()).length).toBe(21);
  });

  it("purges rows PostHog never took after the retention, oldest first", async () => {
    const owner = await t.mutation(api.auth.createUser, withSecret({ email: "owner@acme.test", emailVerified: t.now() }));
    await t.skip(ANALYTICS_RETENTION_MS - 60_000);
    await t.mutation(api.auth.createUser, withSecret({ email: "later@acme.test", emailVerified: t.now() }));
    await t.skip(60_001);
    expect(await t.mutation(internal.analyticsOutbox.purgeStale, {})).toEqual({ deleted: 1, continued: false });
    const left = await rows();
    expect(left.map((row) => row.distinctId)).not.toContain(await sha256Hex(owner.id));
    expect(left).toHaveLength(1);
  });

  it("counts a user's first sign-in once: a user made by an invite signs up when the magic link verifies them", async () => {
    const owner = await t.mutation(api.auth.createUser, withSecret({ email: "owner@acme.test", emailVerified: t.now() }));
    const { teamId } = await t.mutation(api.teams.createForUser, withSecret({ userId: owner.id, name: "Acme" }));
    const stub = await t.run(async (ctx) => ctx.db.insert("users", { email: "dev@acme.test" }) as Promise<Id<"users">>);
    await t.mutation(api.auth.updateUser, withSecret({ id: stub, emailVerified: t.now() }));
    await t.mutation(api.auth.updateUser, withSecret({ id: stub, emailVerified: t.now() }));
    await t.mutation(api.auth.updateUser, withSecret({ id: owner.id, emailVerified: t.now() }));
    const signUps = (await rows()).filter((row) => row.event === "signed_up").map((row) => row.distinctId);
    expect(signUps.sort()).toEqual([await sha256Hex(owner.id), await sha256Hex(stub)].sort());
    expect(teamId).toBeTruthy();
  });
});
