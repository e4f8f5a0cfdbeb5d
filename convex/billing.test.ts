import { expect, it } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { utcMonthPeriod } from "./lib/statement";
import { describeConvex, expectAppError, withSecret } from "./test.helpers";

const USD = 1_000_000;

describeConvex("billing", (t) => {
  /** A team with its owner and a billing viewer. */
  async function seed(plan: "startup" | "growth" | "enterprise" = "startup") {
    const { teamId } = await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "owner@acme.test", plan }));
    return t.run(async (ctx) => {
      const owner = (await ctx.db.query("members").collect())[0].userId;
      const billing = await ctx.db.insert("users", { email: "billing@acme.test" });
      await ctx.db.insert("members", { teamId, userId: billing, role: "billing" });
      return { teamId, owner, billing };
    });
  }
  const period = (teamId: Id<"teams">, periodStart: number, costMicroUsd: number) =>
    t.run((ctx) => ctx.db.insert("usagePeriods", { teamId, periodStart, calls: 1, billableCalls: 1, costMicroUsd }));

  it("shows the current period, its overage and projection, and past months as statements", async () => {
    const { teamId, billing } = await seed();
    await t.advance(10 * 86_400_000);
    const now = utcMonthPeriod(t.now());
    const previous = utcMonthPeriod(now.start - 1);
    await period(teamId, now.start, 12 * USD);
    await period(teamId, previous.start, 4 * USD);
    const overview = await t.query(api.billing.overview, withSecret({ teamId, actingUserId: billing }));
    expect(overview.plan).toBe("startup");
    expect(overview.current).toMatchObject({ periodStart: now.start, periodEnd: now.end, baseFee: 49 * USD, included: 10 * USD, usage: 12 * USD, overage: 2 * USD, total: 51 * USD });
    // 12 USD in the first ten days of a 31-day January: 37.2 USD by its end.
    expect(overview.projectedUsage).toBe(37.2 * USD);
    expect(overview.projectedTotal).toBe(49 * USD + Math.max(0, overview.projectedUsage - 10 * USD));
    expect(overview.statements.map((s) => [s.periodStart, s.total])).toEqual([
      [now.start, 51 * USD],
      [previous.start, 49 * USD],
    ]);
    expect(overview.spendCap).toBeNull();
  });

  it("lists the current month even before its first call", async () => {
    const { teamId, owner } = await seed("growth");
    const overview = await t.query(api.billing.overview, withSecret({ teamId, actingUserId: owner }));
    expect(overview.statements).toEqual([overview.current]);
    expect(overview.current).toMatchObject({ usage: 0, overage: 0, total: 499 * USD });
  });

  it("projects from at least the first day, so the first minutes of a month give no absurd figure", async () => {
    const { teamId, owner } = await seed();
    await period(teamId, utcMonthPeriod(t.now()).start, 1 * USD);
    const overview = await t.query(api.billing.overview, withSecret({ teamId, actingUserId: owner }));
    expect(overview.projectedUsage).toBe(31 * USD);
    expect(overview.projectedTotal).toBe(49 * USD + 21 * USD);
  });

  it("lets the owner set and clear a spend cap, never below the base fee, with audit rows", async () => {
    const { teamId, owner, billing } = await seed();
    await expect(t.mutation(api.billing.setSpendCap, withSecret({ teamId, actingUserId: owner, spendCapMicroUsd: 48 * USD }))).rejects.toMatchObject({
      data: { code: "VALIDATION_ERROR", message: expect.stringContaining("at least the startup plan's base fee of $49.00") },
    });
    await t.mutation(api.billing.setSpendCap, withSecret({ teamId, actingUserId: owner, spendCapMicroUsd: 100 * USD }));
    expect((await t.query(api.billing.overview, withSecret({ teamId, actingUserId: billing }))).spendCap).toBe(100 * USD);
    await expectAppError(t.mutation(api.billing.setSpendCap, withSecret({ teamId, actingUserId: billing, spendCapMicroUsd: 200 * USD })), "FORBIDDEN");
    await t.mutation(api.billing.setSpendCap, withSecret({ teamId, actingUserId: owner, spendCapMicroUsd: null }));
    const state = await t.run(async (ctx) => ({
      team: await ctx.db.get(teamId),
      audit: (await ctx.db.query("auditLog").collect()).filter((row) => row.action === "billing.spend_cap"),
    }));
    expect(state.team?.spendCapMicroUsd).toBeUndefined();
    expect(state.audit.map((a) => a.details)).toEqual([
      { from: null, to: 100 * USD },
      { from: 100 * USD, to: null },
    ]);
  });

  it("changes the plan locally for the owner only, with an audit row; enterprise is the operators'", async () => {
    const { teamId, owner, billing } = await seed();
    await expectAppError(t.mutation(api.billing.changePlan, withSecret({ teamId, actingUserId: billing, plan: "growth" as const })), "FORBIDDEN");
    await expectAppError(t.mutation(api.billing.changePlan, withSecret({ teamId, actingUserId: owner, plan: "startup" as const })), "CONFLICT");
    await t.mutation(api.billing.changePlan, withSecret({ teamId, actingUserId: owner, plan: "growth" as const }));
    const state = await t.run(async (ctx) => ({
      team: await ctx.db.get(teamId),
      audit: (await ctx.db.query("auditLog").collect()).filter((row) => row.action === "plan.change"),
    }));
    expect(state.team?.plan).toBe("growth");
    expect(state.audit).toMatchObject([{ actorUserId: owner, details: { from: "startup", to: "growth", source: "local" } }]);

    const big = await seed("enterprise");
    await expectAppError(t.mutation(api.billing.changePlan, withSecret({ teamId: big.teamId, actingUserId: big.owner, plan: "growth" as const })), "FORBIDDEN");
  });

  it("refuses an upgrade whose base fee is above the spend cap, and says what to do", async () => {
    const { teamId, owner } = await seed();
    await t.mutation(api.billing.setSpendCap, withSecret({ teamId, actingUserId: owner, spendCapMicroUsd: 100 * USD }));
    await expect(t.mutation(api.billing.changePlan, withSecret({ teamId, actingUserId: owner, plan: "growth" as const }))).rejects.toMatchObject({
      data: { code: "VALIDATION_ERROR", message: expect.stringContaining("Raise the spend cap to at least $499.00") },
    });
    expect((await t.run((ctx) => ctx.db.get(teamId)))?.plan).toBe("startup");
  });
});
