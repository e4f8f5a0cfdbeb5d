import { expect, it } from "vitest";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { decryptSecret } from "./lib/secretBox";
import { ROTATION_OVERLAP_MS } from "./model/webhookEndpoints";
import { enqueueWebhookEvent, matchingEndpointsPage, type FanoutCursor } from "./model/webhookOutbox";
import { describeConvex, expectAppError, withSecret } from "./test.helpers";
import { agentAddress, TEST_ENCRYPTION_KEY, teamWithRoles, useWebhookEnv, type TeamFixture } from "./webhooks.helpers";

const URL_OK = "https://hooks.example.com/ghostspeak";

describeConvex("webhook endpoints", (t) => {
  useWebhookEnv();
  const asUser = (userId: Id<"users">) => ({ kind: "user" as const, userId });
  const create = (team: TeamFixture, input: { url?: string; events?: ("score.updated" | "tier.changed" | "usage.threshold" | "webhook.test")[]; agentAddresses?: string[]; description?: string }, userId = team.users.owner) =>
    t.mutation(
      api.webhooks.create,
      withSecret({ teamId: team.teamId, caller: asUser(userId), url: input.url ?? URL_OK, events: input.events ?? ["score.updated"], ...input }),
    );
  const subscriptions = (endpointId: Id<"webhookEndpoints">) =>
    t.run((ctx) => ctx.db.query("webhookSubscriptions").withIndex("by_endpoint", (q) => q.eq("endpointId", endpointId)).collect());

  it("returns a whsec_ secret once and keeps it only encrypted, audited, with its fan-out rows", async () => {
    const team = await teamWithRoles(t);
    const { webhook, secret } = await create(team, { events: ["score.updated", "tier.changed"], agentAddresses: [agentAddress(1), agentAddress(2)], description: " CI " });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(atob(secret.slice(6))).toHaveLength(32);
    expect(webhook).toMatchObject({ url: URL_OK, status: "active", description: "CI", events: ["score.updated", "tier.changed"] });
    expect(JSON.stringify(webhook)).not.toContain(secret.slice(6));
    const stored = (await t.run((ctx) => ctx.db.get(webhook.id)))!;
    expect(stored.secretCiphertext).not.toContain(secret.slice(6));
    expect(await decryptSecret(stored.secretCiphertext, TEST_ENCRYPTION_KEY)).toBe(secret);
    const rows = await subscriptions(webhook.id);
    expect(rows.map((row) => `${row.eventType} ${row.agentAddress}`).sort()).toEqual(
      [`score.updated ${agentAddress(1)}`, `score.updated ${agentAddress(2)}`, `tier.changed ${agentAddress(1)}`, `tier.changed ${agentAddress(2)}`].sort(),
    );
    const audit = await t.run((ctx) => ctx.db.query("auditLog").collect());
    expect(audit.at(-1)).toMatchObject({ action: "webhook.create", actorKind: "user", actorUserId: team.users.owner, targetId: webhook.id });
    expect(JSON.stringify(audit)).not.toContain(secret.slice(6));
  });

  it("refuses plain http, private, loopback and link-local literals unless private URLs are allowed", async () => {
    const team = await teamWithRoles(t);
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "false";
    for (const url of ["http://hooks.example.com/x", "https://127.0.0.1/x", "https://10.1.2.3/x", "https://169.254.169.254/latest", "https://[::1]/x", "https://user:pw@hooks.example.com/", "ftp://hooks.example.com/", "not a url"]) {
      await expectAppError(create(team, { url }), "VALIDATION_ERROR");
    }
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";
    await create(team, { url: "http://127.0.0.1:9/x" });
  });

  it("checks events and the agent filter", async () => {
    const team = await teamWithRoles(t);
    await expectAppError(create(team, { events: [] }), "VALIDATION_ERROR");
    await expectAppError(create(team, { agentAddresses: ["0xnot-solana"] }), "VALIDATION_ERROR");
    const tooMany = Array.from({ length: 1_001 }, (_, i) => agentAddress(i + 1));
    await expectAppError(create(team, { agentAddresses: tooMany }), "VALIDATION_ERROR");
    const { webhook } = await create(team, { agentAddresses: [...tooMany.slice(0, 1_000), tooMany[0]], events: ["score.updated", "score.updated"] });
    expect(webhook.agentAddresses).toHaveLength(1_000);
    expect(webhook.events).toEqual(["score.updated"]);
    expect(await subscriptions(webhook.id)).toHaveLength(1_000);
  });

  it("holds the plan's endpoint limit", async () => {
    const team = await teamWithRoles(t);
    for (let i = 0; i < 3; i++) await create(team, {});
    await expectAppError(create(team, {}), "LIMIT_EXCEEDED");
  });

  it("checks the caller inside the function: role, membership, and an API key's own team", async () => {
    const team = await teamWithRoles(t);
    const other = await teamWithRoles(t, "Other");
    await create(team, {}, team.users.member);
    await expectAppError(create(team, {}, team.users.billing), "FORBIDDEN");
    await expectAppError(create(team, {}, other.users.owner), "NOT_FOUND");
    const { keyId } = await t.mutation(api.apiKeys.create, withSecret({ teamId: other.teamId }));
    await expectAppError(
      t.mutation(api.webhooks.create, withSecret({ teamId: team.teamId, caller: { kind: "apiKey" as const, apiKeyId: keyId }, url: URL_OK, events: ["score.updated" as const] })),
      "NOT_FOUND",
    );
    const viaKey = await t.mutation(
      api.webhooks.create,
      withSecret({ teamId: other.teamId, caller: { kind: "apiKey" as const, apiKeyId: keyId }, url: URL_OK, events: ["score.updated" as const] }),
    );
    const audit = await t.run((ctx) => ctx.db.query("auditLog").withIndex("by_team_at", (q) => q.eq("teamId", other.teamId)).collect());
    expect(audit.at(-1)).toMatchObject({ action: "webhook.create", actorKind: "system", details: { viaApiKeyId: keyId } });
    await expectAppError(
      t.query(api.webhooks.get, withSecret({ teamId: team.teamId, caller: asUser(team.users.owner), endpointId: viaKey.webhook.id })),
      "NOT_FOUND",
    );
  });

  it("reveals the secret to owners and admins only, and rotates with a 24 h overlap", async () => {
    const team = await teamWithRoles(t);
    const { webhook, secret } = await create(team, {});
    const reveal = (userId: Id<"users">) =>
      t.mutation(api.webhooks.revealSecret, withSecret({ teamId: team.teamId, userId, endpointId: webhook.id }));
    expect(await reveal(team.users.admin)).toEqual({ secret });
    await expectAppError(reveal(team.users.member), "FORBIDDEN");
    const rotated = await t.mutation(api.webhooks.rotateSecret, withSecret({ teamId: team.teamId, caller: asUser(team.users.member), endpointId: webhook.id }));
    expect(rotated.secret).not.toBe(secret);
    // A transaction's clock may run a millisecond ahead of the harness's (testing.md, "Clock nudges").
    expect(rotated.previousSecretExpiresAt - (t.now() + ROTATION_OVERLAP_MS)).toBeLessThan(50);
    expect(await reveal(team.users.owner)).toEqual({ secret: rotated.secret, previousSecret: secret, previousSecretExpiresAt: rotated.previousSecretExpiresAt });
    await t.advance(ROTATION_OVERLAP_MS + 50);
    expect(await reveal(team.users.owner)).toEqual({ secret: rotated.secret });
    const actions = (await t.run((ctx) => ctx.db.query("auditLog").collect())).map((row) => row.action);
    expect(actions.filter((action) => action === "webhook.secret.reveal")).toHaveLength(3);
    expect(actions).toContain("webhook.secret.rotate");
  });

  it("updates settings and state, rewriting the fan-out rows; deletes", async () => {
    const team = await teamWithRoles(t);
    const caller = asUser(team.users.owner);
    const { webhook } = await create(team, { agentAddresses: [agentAddress(1)], description: "one" });
    const update = (changes: object) => t.mutation(api.webhooks.update, withSecret({ teamId: team.teamId, caller, endpointId: webhook.id, ...changes }));
    const updated = await update({ events: ["tier.changed"], agentAddresses: null, description: null });
    expect(updated).not.toHaveProperty("agentAddresses");
    expect(updated).not.toHaveProperty("description");
    expect((await subscriptions(webhook.id)).map((row) => [row.eventType, row.agentAddress])).toEqual([["tier.changed", null]]);
    expect(await update({ status: "disabled" })).toMatchObject({ status: "disabled", disabledReason: "manual" });
    await t.run((ctx) => ctx.db.patch(webhook.id, { failingSince: t.now() - 1000 }));
    const enabled = await update({ status: "active" });
    expect(enabled.status).toBe("active");
    expect(enabled).not.toHaveProperty("disabledReason");
    expect(enabled).not.toHaveProperty("failingSince");
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "false";
    await expectAppError(update({ url: "https://10.0.0.1/" }), "VALIDATION_ERROR");
    await t.mutation(api.webhooks.remove, withSecret({ teamId: team.teamId, caller, endpointId: webhook.id }));
    expect(await subscriptions(webhook.id)).toEqual([]);
    expect(await t.query(api.webhooks.list, withSecret({ teamId: team.teamId, caller }))).toEqual([]);
    const actions = (await t.run((ctx) => ctx.db.query("auditLog").collect())).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(["webhook.update", "webhook.disable", "webhook.enable", "webhook.delete"]));
  });

  it("fans an event out to each matching active endpoint once, score events across teams, team events to their team", async () => {
    const acme = await teamWithRoles(t);
    const other = await teamWithRoles(t, "Other");
    const [X, Y] = [agentAddress(1), agentAddress(2)];
    const filtered = (await create(acme, { agentAddresses: [X, Y], events: ["score.updated", "usage.threshold"] })).webhook.id;
    const all = (await create(other, {})).webhook.id;
    const otherAgent = (await create(other, { agentAddresses: [Y] })).webhook.id;
    await create(acme, { events: ["tier.changed"] });
    const disabled = (await create(other, {})).webhook.id;
    await t.run((ctx) => ctx.db.patch(disabled, { status: "disabled", disabledReason: "manual" }));
    await t.run(async (ctx) => {
      await enqueueWebhookEvent(ctx, { type: "score.updated", agentAddress: X, data: { agentAddress: X } });
      await enqueueWebhookEvent(ctx, { type: "usage.threshold", teamId: acme.teamId, data: { threshold: 80 } });
      await enqueueWebhookEvent(ctx, { type: "usage.threshold", teamId: other.teamId, data: { threshold: 80 } });
    });
    expect(await t.mutation(internal.webhookDispatch.dispatchPending, {})).toEqual({ events: 3, deliveries: 3 });
    const deliveries = await t.run((ctx) => ctx.db.query("webhookDeliveries").collect());
    expect(deliveries.map((d) => `${d.eventType} ${d.endpointId}`).sort()).toEqual(
      [`score.updated ${filtered}`, `score.updated ${all}`, `usage.threshold ${filtered}`].sort(),
    );
    expect(deliveries.every((d) => d.status === "pending" && d.attempts === 0 && d.nextAttemptAt! - t.now() < 50)).toBe(true);
    expect(deliveries.find((d) => d.endpointId === otherAgent)).toBeUndefined();
    const events = await t.run((ctx) => ctx.db.query("webhookEvents").collect());
    expect(events.every((event) => event.status === "dispatched")).toBe(true);
    expect(await t.mutation(internal.webhookDispatch.dispatchPending, {})).toEqual({ events: 0, deliveries: 0 });
  });

  it("pages a fan-out: every matching endpoint once, across both sources, a page at a time from where it stopped", async () => {
    const acme = await teamWithRoles(t);
    const other = await teamWithRoles(t, "Other");
    for (const team of [acme, other]) await t.run((ctx) => ctx.db.patch(team.teamId, { plan: "growth" }));
    const X = agentAddress(1);
    const expected = new Set<string>();
    for (const team of [acme, other]) {
      for (let i = 0; i < 3; i++) expected.add((await create(team, { agentAddresses: [X] })).webhook.id);
      for (let i = 0; i < 2; i++) expected.add((await create(team, {})).webhook.id);
    }
    await create(acme, { agentAddresses: [agentAddress(2)] });
    const seen: string[] = [];
    const pages = await t.run(async (ctx) => {
      const eventId = await enqueueWebhookEvent(ctx, { type: "score.updated", agentAddress: X, data: {} });
      const event = (await ctx.db.get(eventId))!;
      let cursor: FanoutCursor | undefined;
      let count = 0;
      for (;;) {
        const page = await matchingEndpointsPage(ctx, event, cursor, 3);
        expect(page.endpoints.length).toBeLessThanOrEqual(3);
        seen.push(...page.endpoints.map((e) => e._id));
        count++;
        if (!page.next) return count;
        cursor = page.next;
      }
    });
    expect(seen.sort()).toEqual([...expected].sort());
    expect(pages).toBeGreaterThanOrEqual(4);
  });

  it("keeps fan-out rows for score events only: team-scoped events reach a team's endpoints without them", async () => {
    const team = await teamWithRoles(t);
    const caller = asUser(team.users.owner);
    const agents = Array.from({ length: 1_000 }, (_, i) => agentAddress(i + 1));
    const { webhook } = await create(team, { events: ["score.updated", "tier.changed", "usage.threshold", "webhook.test"], agentAddresses: agents });
    // 2 × 1,000 rows, not 4 × 1,000: changing the filter rewrites 4,000 rows instead of 8,000 (Convex allows 8,192 writes).
    expect(await subscriptions(webhook.id)).toHaveLength(2_000);
    const moved = agents.map((_, i) => agentAddress(i + 5_001));
    await t.mutation(api.webhooks.update, withSecret({ teamId: team.teamId, caller, endpointId: webhook.id, agentAddresses: moved }));
    const rows = await subscriptions(webhook.id);
    expect(new Set(rows.map((row) => row.eventType))).toEqual(new Set(["score.updated", "tier.changed"]));
    expect(rows).toHaveLength(2_000);
    const reached = await t.run(async (ctx) => {
      const eventId = await enqueueWebhookEvent(ctx, { type: "usage.threshold", teamId: team.teamId, data: {} });
      return (await matchingEndpointsPage(ctx, (await ctx.db.get(eventId))!, undefined, 10)).endpoints.map((e) => e._id);
    });
    expect(reached).toEqual([webhook.id]);
  });
});
