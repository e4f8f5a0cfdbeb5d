import { expect, it } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { describeConvex, expectAppError, withSecret } from "./test.helpers";

describeConvex("teamAdmin", (t) => {
  const team = (plan: "startup" | "enterprise") =>
    t.client.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: `o-${plan}@acme.test`, plan })).then((r) => r.teamId as Id<"teams">);
  const audit = (teamId: Id<"teams">) => t.run((ctx) => ctx.db.query("auditLog").collect()).then((rows) => rows.filter((r) => r.teamId === teamId).map((r) => [r.action, r.actorKind]));

  it("sets an enterprise team's limits, keeping those not named, and refuses other plans", async () => {
    const teamId = await team("enterprise");
    const first = await t.client.mutation(api.teamAdmin.setLimits, withSecret({ teamId, rateLimitPerMinute: 5_000, maxWebhookEndpoints: 200 }));
    expect(first.limits).toEqual({ rateLimitPerMinute: 5_000, maxMembers: 100, maxApiKeys: 50, maxWebhookEndpoints: 200 });
    const second = await t.client.mutation(api.teamAdmin.setLimits, withSecret({ teamId, maxMembers: 250 }));
    expect(second.limits).toEqual({ rateLimitPerMinute: 5_000, maxMembers: 250, maxApiKeys: 50, maxWebhookEndpoints: 200 });
    expect(await audit(teamId)).toContainEqual(["team.limits", "operator"]);

    await expectAppError(t.client.mutation(api.teamAdmin.setLimits, withSecret({ teamId: await team("startup"), maxMembers: 10 })), "VALIDATION_ERROR");
    await expectAppError(t.client.mutation(api.teamAdmin.setLimits, withSecret({ teamId })), "VALIDATION_ERROR");
    await expectAppError(t.client.mutation(api.teamAdmin.setLimits, withSecret({ teamId, maxApiKeys: 0 })), "VALIDATION_ERROR");
    await expectAppError(t.client.mutation(api.teamAdmin.setLimits, withSecret({ teamId: "not-an-id", maxApiKeys: 3 })), "NOT_FOUND");
  });

  it("disables a team with a reason and enables it again, back to past due when it was", async () => {
    const teamId = await team("startup");
    expect(await t.client.mutation(api.teamAdmin.disable, withSecret({ teamId, reason: "fraud review" }))).toEqual({ teamId, status: "disabled" });
    expect(await t.run((ctx) => ctx.db.get(teamId))).toMatchObject({ status: "disabled", disabledReason: "fraud review" });
    await expectAppError(t.client.mutation(api.teamAdmin.disable, withSecret({ teamId, reason: "again" })), "CONFLICT");
    expect(await t.client.mutation(api.teamAdmin.enable, withSecret({ teamId }))).toEqual({ teamId, status: "active" });
    await expectAppError(t.client.mutation(api.teamAdmin.enable, withSecret({ teamId })), "CONFLICT");

    await t.run((ctx) => ctx.db.patch(teamId, { status: "past_due", pastDueSince: 1 }));
    await t.client.mutation(api.teamAdmin.disable, withSecret({ teamId, reason: "abuse" }));
    expect(await t.client.mutation(api.teamAdmin.enable, withSecret({ teamId }))).toEqual({ teamId, status: "past_due" });
    expect((await audit(teamId)).filter(([action]) => action !== "team.create")).toEqual([
      ["team.disable", "operator"],
      ["team.enable", "operator"],
      ["team.disable", "operator"],
      ["team.enable", "operator"],
    ]);
  });

  it("does not bring back a team its owner deleted", async () => {
    const teamId = await team("startup");
    await t.run((ctx) => ctx.db.patch(teamId, { status: "disabled", disabledReason: "deleted by its owner" }));
    await expectAppError(t.client.mutation(api.teamAdmin.enable, withSecret({ teamId })), "CONFLICT");
  });
});
