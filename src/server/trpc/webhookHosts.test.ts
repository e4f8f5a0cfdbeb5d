import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { HOST_REFUSED } from "../../../convex/lib/webhookHost";
import { createCaller } from "./root";
import { sessionFor, TRPC_TEST_SECRET, useTrpcHarness } from "./test.helpers";

/** Issue 14 item 5: the portal's create and update resolve the host before the endpoint is saved. */
describe("webhook hosts in the portal", () => {
  const harness = useTrpcHarness();
  const previousKey = process.env.WEBHOOK_ENCRYPTION_KEY;
  beforeAll(() => {
    process.env.WEBHOOK_ENCRYPTION_KEY = Buffer.alloc(32, 3).toString("base64");
  });
  afterAll(() => {
    if (previousKey === undefined) delete process.env.WEBHOOK_ENCRYPTION_KEY;
    else process.env.WEBHOOK_ENCRYPTION_KEY = previousKey;
  });

  async function owner() {
    const t = harness.t();
    const { teamId } = (await t.mutation(api.teams.create, { name: "Acme", ownerEmail: "owner@acme.test", plan: "growth", serverSecret: TRPC_TEST_SECRET })) as {
      teamId: Id<"teams">;
    };
    const owner = (await t.run((ctx) => ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", "owner@acme.test")).unique()))!;
    return { caller: createCaller(harness.context(sessionFor(owner._id, "owner@acme.test"))), teamId: teamId as string };
  }

  it("refuses localhost and localhost. at create, and a URL changed to one at update", async () => {
    const { caller, teamId } = await owner();
    for (const url of ["https://localhost/", "https://localhost./"]) {
      await expect(caller.webhooks.create({ teamId, url, events: ["score.updated"] })).rejects.toMatchObject({ code: "BAD_REQUEST", message: HOST_REFUSED });
    }
    const { webhook } = await caller.webhooks.create({ teamId, url: "https://hooks.acme.test/in", events: ["score.updated"] });
    await expect(caller.webhooks.update({ teamId, endpointId: webhook.id, url: "https://localhost/" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: HOST_REFUSED });
    expect((await caller.webhooks.get({ teamId, endpointId: webhook.id })).webhook.url).toBe("https://hooks.acme.test/in");
  });
});
