/// <reference types="vite/client" />
/**
 * The key page's procedures: one key with the plan's limit beside it, renaming, and the per-key rate limit through
 * the same function as the CLI's, which the REST path then enforces; readable refusals that change nothing.
 */
import { createHash } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { testAddress } from "@/testing/agentRows";
import { createCaller } from "./root";
import { sessionFor, TRPC_TEST_SECRET, useTrpcHarness } from "./test.helpers";

const harness = useTrpcHarness();

/** A startup team (60 a minute) with a key, and a member of it to act in the portal. */
async function teamWithKey() {
  const t = harness.t();
  const { teamId } = await t.mutation(api.teams.create, { name: "Acme", ownerEmail: "owner@acme.test", serverSecret: TRPC_TEST_SECRET });
  const memberId = await t.run(async (ctx) => {
    const userId = await ctx.db.insert("users", { email: "member@acme.test" });
    await ctx.db.insert("members", { teamId, userId, role: "member" });
    return userId;
  });
  const { keyId, key } = await t.mutation(api.apiKeys.create, { teamId, name: "Production", serverSecret: TRPC_TEST_SECRET });
  const caller = createCaller(harness.context(sessionFor(memberId, "member@acme.test")));
  return { teamId: teamId as string, keyId: keyId as string, key, caller, memberId };
}

/** The X-RateLimit-Limit a REST call with `key` is answered with (an unknown agent: 404, still authenticated). */
async function restLimit(key: string): Promise<string | undefined> {
  const [answer] = await harness.t().mutation(api.verify.verify, {
    calls: [{ keyHash: createHash("sha256").update(key).digest("hex"), requestId: `req-${Math.random()}`, receivedAt: Date.now(), agentAddress: testAddress(7) }],
    serverSecret: TRPC_TEST_SECRET,
  });
  return answer!.headers["X-RateLimit-Limit"];
}

/** The code and the message the portal shows (a field's own message for input the zod schema refused). */
async function messageOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return `${error.code}: ${error.cause instanceof ZodError ? error.cause.issues[0]!.message : error.message}`;
  }
}

describe("apiKeys.get and apiKeys.update", () => {
  it("shows a key with the plan's limit, and a limit set in the portal is the one REST calls are held to", async () => {
    const { teamId, keyId, key, caller, memberId } = await teamWithKey();
    expect(await caller.apiKeys.get({ teamId, keyId })).toMatchObject({ key: { keyId, name: "Production", env: "live" }, plan: "startup", planRateLimit: 60 });
    expect(await restLimit(key)).toBe("60");

    await caller.apiKeys.update({ teamId, keyId, rateLimit: 7 });
    expect((await caller.apiKeys.get({ teamId, keyId })).key.rateLimit).toBe(7);
    expect(await restLimit(key)).toBe("7");

    await caller.apiKeys.update({ teamId, keyId, rateLimit: null });
    expect((await caller.apiKeys.get({ teamId, keyId })).key.rateLimit).toBeUndefined();
    expect(await restLimit(key)).toBe("60");

    const audit = await harness.t().run((ctx) => ctx.db.query("auditLog").collect());
    expect(audit.filter((row) => row.action === "key.update").map((row) => [row.actorUserId, row.targetId, row.details])).toEqual([
      [memberId, keyId, { rateLimit: 7 }],
      [memberId, keyId, { rateLimit: null }],
    ]);
  });

  it("refuses a limit above the plan's, below 1 or not whole, and an empty name, with readable messages, changing nothing", async () => {
    const { teamId, keyId, key, caller } = await teamWithKey();
    await caller.apiKeys.update({ teamId, keyId, rateLimit: 30 });
    const before = await harness.t().run(async (ctx) => ({ key: await ctx.db.get(keyId as Id<"apiKeys">), audit: await ctx.db.query("auditLog").collect() }));

    expect(await messageOf(caller.apiKeys.update({ teamId, keyId, rateLimit: 61 }))).toBe("BAD_REQUEST: A key's rate limit cannot exceed the plan's 60 per minute.");
    expect(await messageOf(caller.apiKeys.update({ teamId, keyId, rateLimit: 0 }))).toBe("BAD_REQUEST: The rate limit must be at least 1 per minute.");
    expect(await messageOf(caller.apiKeys.update({ teamId, keyId, rateLimit: 2.5 }))).toBe("BAD_REQUEST: The rate limit must be a whole number.");
    expect(await messageOf(caller.apiKeys.update({ teamId, keyId, name: "   " }))).toBe("BAD_REQUEST: Give the key a name.");

    const after = await harness.t().run(async (ctx) => ({ key: await ctx.db.get(keyId as Id<"apiKeys">), audit: await ctx.db.query("auditLog").collect() }));
    expect(after).toEqual(before);
    expect(await restLimit(key)).toBe("30");
  });

  it("renames a key, and the rename is audited", async () => {
    const { teamId, keyId, caller } = await teamWithKey();
    await caller.apiKeys.update({ teamId, keyId, name: "  Production EU " });
    expect((await caller.apiKeys.get({ teamId, keyId })).key.name).toBe("Production EU");
    const rows = await harness.t().run((ctx) => ctx.db.query("auditLog").collect());
    expect(rows.find((row) => row.action === "key.update")?.details).toEqual({ name: "Production EU" });
  });
});
