/** The audit log through the portal's procedure: readable sentences naming people and keys, never raw ids. */
import { describe, expect, it } from "vitest";
import { api } from "../../../convex/_generated/api";
import { createCaller } from "./root";
import { codeOf, sessionFor, TRPC_TEST_SECRET, useTrpcHarness } from "./test.helpers";

const harness = useTrpcHarness();

describe("audit.list", () => {
  it("returns each entry's sentence beside its fields, with the key and the person named", async () => {
    const t = harness.t();
    const { teamId } = await t.mutation(api.teams.create, { name: "Acme", ownerEmail: "owner@acme.test", serverSecret: TRPC_TEST_SECRET });
    const ownerId = await t.run(async (ctx) => (await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", "owner@acme.test")).unique())!._id);
    const owner = createCaller(harness.context(sessionFor(ownerId, "owner@acme.test")));
    const created = await owner.apiKeys.create({ teamId, name: "Production", env: "live" });
    const rotated = await owner.apiKeys.rotate({ teamId, keyId: created.keyId, gracePeriod: "1h" });

    const { entries } = await owner.audit.list({ teamId, action: "key.rotate" });
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    const display = (key: string) => `${key.slice(0, 12)}…${key.slice(-4)}`;
    expect(entry!.sentence).toMatch(
      new RegExp(`^owner@acme\\.test rotated key Production \\(${display(created.key)}\\) with a 1-hour grace period .*; its successor is Production \\(${display(rotated.key)}\\)\\.$`),
    );
    expect(entry!.sentence).not.toContain(created.keyId);
    expect(entry).toMatchObject({ action: "key.rotate", actorEmail: "owner@acme.test", targetId: created.keyId });
  });

  it("refuses an action that is not one the log records", async () => {
    const t = harness.t();
    const { teamId } = await t.mutation(api.teams.create, { name: "Acme", ownerEmail: "owner@acme.test", serverSecret: TRPC_TEST_SECRET });
    const ownerId = await t.run(async (ctx) => (await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", "owner@acme.test")).unique())!._id);
    const owner = createCaller(harness.context(sessionFor(ownerId, "owner@acme.test")));
    expect(await codeOf(owner.audit.list({ teamId, action: "key.explode" as never }))).toBe("BAD_REQUEST");
  });
});
