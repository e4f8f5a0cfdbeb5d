import { expect, it } from "vitest";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import { UsageRecorder } from "./model/usageRecording";
import { describeConvex, withSecret } from "./test.helpers";
import { teamWithRoles, useWebhookEnv } from "./webhooks.helpers";

describeConvex("usage.threshold events", (t) => {
  useWebhookEnv();

  /** Records one live call costing `costMicroUsd` through the recorder every API call uses. */
  const spend = (teamId: Id<"teams">, apiKeyId: Id<"apiKeys">, costMicroUsd: number) =>
    t.run(async (untyped) => {
      const recorder = new UsageRecorder(untyped as unknown as MutationCtx);
      const timestamp = Date.now();
      await recorder.record({
        teamId,
        apiKeyId,
        endpoint: "/api/v1/verify",
        method: "POST",
        status: 200,
        billable: true,
        costMicroUsd,
        agentCount: 1,
        responseTimeMs: 5,
        requestId: crypto.randomUUID(),
        test: false,
        timestamp,
      });
      await recorder.flush();
    });
  const events = () => t.run((ctx) => ctx.db.query("webhookEvents").collect());

  it("announces 80 % and 100 % of the plan's included usage once each, to the team's subscribed endpoints", async () => {
    const team = await teamWithRoles(t);
    const { keyId } = await t.mutation(api.apiKeys.create, withSecret({ teamId: team.teamId }));
    const { webhook } = await t.mutation(
      api.webhooks.create,
      withSecret({ teamId: team.teamId, caller: { kind: "user" as const, userId: team.users.owner }, url: "https://hooks.example.com/x", events: ["usage.threshold" as const] }),
    );
    // Startup includes $10 a month.
    await spend(team.teamId, keyId, 7_990_000);
    expect(await events()).toEqual([]);
    await spend(team.teamId, keyId, 10_000);
    expect((await events()).map((event) => event.data)).toEqual([
      { threshold: 80, plan: "startup", periodStart: "2026-01-01T00:00:00.000Z", usageMicroUsd: 8_000_000, includedMicroUsd: 10_000_000 },
    ]);
    await spend(team.teamId, keyId, 1_000_000);
    expect(await events()).toHaveLength(1);
    await spend(team.teamId, keyId, 1_500_000);
    await spend(team.teamId, keyId, 1_500_000);
    const all = await events();
    expect(all.map((event) => [event.type, event.teamId, event.data.threshold])).toEqual([
      ["usage.threshold", team.teamId, 80],
      ["usage.threshold", team.teamId, 100],
    ]);
    await t.mutation(internal.webhookDispatch.dispatchPending, {});
    const deliveries = await t.run((ctx) => ctx.db.query("webhookDeliveries").collect());
    expect(deliveries.map((delivery) => delivery.endpointId)).toEqual([webhook.id, webhook.id]);
  });

  it("has none for a plan without included usage", async () => {
    const team = await teamWithRoles(t);
    await t.run((ctx) => ctx.db.patch(team.teamId, { plan: "enterprise" }));
    const { keyId } = await t.mutation(api.apiKeys.create, withSecret({ teamId: team.teamId }));
    await spend(team.teamId, keyId, 1_000_000_000);
    expect(await events()).toEqual([]);
  });
});
