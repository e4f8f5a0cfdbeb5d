/// <reference types="vite/client" />
/**
 * What each role receives from the overview and the usage chart (SPEC §5): costs only for owner, admin and billing,
 * left out of the answer itself for members; webhook health only for the roles that manage webhooks. Through the
 * real procedures and convex/ functions, with calls recorded and rolled up as the request path does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { can, ROLES, type Role } from "../../../convex/lib/permissions";
import { recordCalls } from "../../../convex/test.helpers";
import { createCaller } from "./root";
import { sessionFor, TRPC_TEST_SECRET as SECRET, useTrpcHarness } from "./test.helpers";

const harness = useTrpcHarness();

const previousWebhookKey = process.env.WEBHOOK_ENCRYPTION_KEY;
beforeAll(() => {
  process.env.WEBHOOK_ENCRYPTION_KEY = Buffer.alloc(32, 5).toString("base64");
});
afterAll(() => {
  if (previousWebhookKey === undefined) delete process.env.WEBHOOK_ENCRYPTION_KEY;
  else process.env.WEBHOOK_ENCRYPTION_KEY = previousWebhookKey;
});

/** Team "Acme" (startup) with a user per role, a live key that made 3 calls (2 billable), and a failing and a healthy endpoint. */
async function seed() {
  const t = harness.t();
  const { teamId } = await t.mutation(api.teams.create, { name: "Acme", ownerEmail: "owner@acme.test", serverSecret: SECRET });
  const users = await t.run(async (ctx) => {
    const ids = {} as Record<Role, Id<"users">>;
    for (const role of ROLES) {
      const existing = await ctx.db
        .query("users")
        .withIndex("by_email", (q) => q.eq("email", `${role}@acme.test`))
        .unique();
      ids[role] = existing?._id ?? (await ctx.db.insert("users", { email: `${role}@acme.test` }));
      if (role !== "owner") await ctx.db.insert("members", { teamId, userId: ids[role], role });
    }
    return ids;
  });
  const { keyId } = await t.mutation(api.apiKeys.create, { teamId, name: "CI", serverSecret: SECRET });
  await recordCalls(t, [
    { teamId, apiKeyId: keyId },
    { teamId, apiKeyId: keyId },
    { teamId, apiKeyId: keyId, status: 404 },
  ]);
  const caller = { kind: "user" as const, userId: users.owner };
  const create = (url: string) => t.mutation(api.webhooks.create, { teamId, caller, url, events: ["score.updated"], serverSecret: SECRET });
  const failing = (await create("https://hooks.acme.test/failing")).webhook.id;
  await create("https://hooks.acme.test/fine");
  await t.run((ctx) => ctx.db.patch(failing, { failingSince: Date.now() - 60_000 }));
  const as = (role: Role) => createCaller(harness.context(sessionFor(users[role], `${role}@acme.test`)));
  return { teamId: teamId as string, keyId: keyId as string, failing, as };
}

/** Every key, at any depth, named `costMicroUsd`. */
function costFields(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + costFields(item), 0);
  if (value === null || typeof value !== "object") return 0;
  return Object.entries(value).reduce((n, [key, inner]) => n + (key === "costMicroUsd" ? 1 : 0) + costFields(inner), 0);
}

describe("overview.get per role", () => {
  it.each(ROLES)("%s: this month's calls, limits, getting started; spend only with billing.view, webhooks only with webhooks.manage", async (role) => {
    const s = await seed();
    const overview = await s.as(role).overview.get({ teamId: s.teamId });
    expect(overview.month.calls).toBe(3);
    expect(overview.limits).toEqual({ rateLimitPerMinute: 60, activeKeys: 1, maxApiKeys: 3, seatsUsed: 4, maxMembers: 5 });
    expect(overview.gettingStarted).toMatchObject({ hasActiveKey: true, hasCalls: true });
    if (can(role, "billing.view")) {
      // Two billable verifies at 1¢, inside the startup plan's $10: the total is the $49 base fee.
      expect(overview.billing).toMatchObject({ usageMicroUsd: 20_000, totalMicroUsd: 49_000_000, includedMicroUsd: 10_000_000 });
      expect(overview.billing!.projectedTotalMicroUsd).toBeGreaterThanOrEqual(49_000_000);
    } else {
      expect(overview).not.toHaveProperty("billing");
      expect(JSON.stringify(overview)).not.toMatch(/MicroUsd/);
    }
    if (can(role, "webhooks.manage")) {
      expect(overview.webhooks?.endpoints).toBe(2);
      expect(overview.webhooks?.failing.map((e) => e.id)).toEqual([s.failing]);
    } else {
      expect(overview).not.toHaveProperty("webhooks");
    }
  });

  it("tells a new team it has no key and no calls yet, and gives an agent address to try", async () => {
    const t = harness.t();
    const { teamId } = await t.mutation(api.teams.create, { name: "Fresh", ownerEmail: "new@fresh.test", serverSecret: SECRET });
    const ownerId = await t.run(async (ctx) => (await ctx.db.query("users").first())!._id);
    const overview = await createCaller(harness.context(sessionFor(ownerId, "new@fresh.test"))).overview.get({ teamId });
    expect(overview.month.calls).toBe(0);
    expect(overview.gettingStarted.hasActiveKey).toBe(false);
    expect(overview.gettingStarted.hasCalls).toBe(false);
    expect(overview.gettingStarted.agentAddress).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    expect(overview.webhooks).toEqual({ endpoints: 0, failing: [] });
  });
});

describe("usage.chart per role", () => {
  it.each(ROLES)("%s: costs in every figure only with billing.view, by hour and by day", async (role) => {
    const s = await seed();
    const now = harness.t().now();
    for (const granularity of ["hour", "day"] as const) {
      const chart = await s.as(role).usage.chart({ teamId: s.teamId, from: now - 2 * 86_400_000, to: now + 3_600_000, granularity });
      expect(chart.total.calls).toBe(3);
      // One per bucket total, one for the endpoint cell of the bucket that had the calls, one for the range's total.
      expect(costFields(chart)).toBe(can(role, "billing.view") ? chart.buckets.length + 2 : 0);
    }
  });
});
