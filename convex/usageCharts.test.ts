import { expect, it } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { describeConvex, expectAppError, recordCalls, withSecret } from "./test.helpers";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describeConvex("usage charts", (t) => {
  async function seed() {
    const { teamId } = await t.mutation(api.teams.create, withSecret({ name: "Acme", ownerEmail: "owner@acme.test", plan: "growth" as const }));
    const { keyId: ci } = await t.mutation(api.apiKeys.create, withSecret({ teamId, name: "CI" }));
    const { keyId: prod } = await t.mutation(api.apiKeys.create, withSecret({ teamId, name: "Prod" }));
    const other = await t.mutation(api.teams.create, withSecret({ name: "Other", ownerEmail: "other@else.test" }));
    const { keyId: otherKey } = await t.mutation(api.apiKeys.create, withSecret({ teamId: other.teamId, name: "Theirs" }));
    return t.run(async (ctx) => {
      const billing = await ctx.db.insert("users", { email: "billing@acme.test" });
      await ctx.db.insert("members", { teamId, userId: billing, role: "billing" });
      const outsider = (await ctx.db.query("users").collect()).find((u) => u.email === "other@else.test")!._id;
      return { teamId, ci, prod, otherKey, billing, outsider };
    });
  }
  /** `calls` verify calls of the key in the hour starting at `hourStart`, the first answered 404, the rest 200 (1¢). */
  const calls = (teamId: Id<"teams">, apiKeyId: Id<"apiKeys">, hourStart: number, count: number) =>
    recordCalls(t, Array.from({ length: count }, (_, i) => ({ teamId, apiKeyId, timestamp: hourStart, status: i === 0 ? 404 : 200 })));

  it("charts the team's usage by day, or one key's, for any member, with the team's keys for the filter", async () => {
    const s = await seed();
    const start = t.now();
    await calls(s.teamId, s.ci, start + HOUR, 5);
    await calls(s.teamId, s.prod, start + 2 * HOUR, 7);
    await calls(s.teamId, s.prod, start + DAY + HOUR, 1);
    const range = { from: start, to: start + 2 * DAY, granularity: "day" as const };
    const all = await t.query(api.usageCharts.chart, withSecret({ teamId: s.teamId, actingUserId: s.billing, ...range }));
    expect(all.buckets.map((b) => [b.start, b.total.calls, b.total.clientErrors])).toEqual([
      [start, 12, 2],
      [start + DAY, 1, 1],
    ]);
    expect(all.total).toEqual({ calls: 13, clientErrors: 3, serverErrors: 0, costMicroUsd: 100_000, p50Ms: 25, p95Ms: 25 });
    expect(all.keys.map((k) => k.name)).toEqual(["CI", "Prod"]);
    const prodOnly = await t.query(api.usageCharts.chart, withSecret({ teamId: s.teamId, actingUserId: s.billing, ...range, apiKeyId: s.prod }));
    expect(prodOnly.total.calls).toBe(8);
  });

  it("sums days from the roll-ups over exactly the range: partial first and last days count only their hours, totals equal the range by hour", async () => {
    const s = await seed();
    const midnight = Math.ceil(t.now() / DAY) * DAY;
    // Outside the range (before it starts), inside its partial first day, on a whole day, inside its partial last day.
    await calls(s.teamId, s.ci, midnight + 2 * HOUR, 4);
    await calls(s.teamId, s.ci, midnight + 20 * HOUR, 3);
    await calls(s.teamId, s.prod, midnight + DAY + 12 * HOUR, 5);
    await calls(s.teamId, s.prod, midnight + 2 * DAY + HOUR, 2);
    const range = { from: midnight + 18 * HOUR, to: midnight + 2 * DAY + 6 * HOUR };
    const byDay = await t.query(api.usageCharts.chart, withSecret({ teamId: s.teamId, actingUserId: s.billing, ...range, granularity: "day" as const }));
    const byHour = await t.query(api.usageCharts.chart, withSecret({ teamId: s.teamId, actingUserId: s.billing, ...range, granularity: "hour" as const }));
    expect(byDay.buckets.map((b) => [b.start, b.total.calls])).toEqual([
      [midnight, 3],
      [midnight + DAY, 5],
      [midnight + 2 * DAY, 2],
    ]);
    expect(byHour.buckets).toHaveLength(36);
    expect(byDay.total).toEqual(byHour.total);
  });

  it("refuses another team's key, a non-member, a reversed or too long range", async () => {
    const s = await seed();
    const range = { from: t.now(), to: t.now() + DAY, granularity: "hour" as const };
    await expectAppError(t.query(api.usageCharts.chart, withSecret({ teamId: s.teamId, actingUserId: s.billing, ...range, apiKeyId: s.otherKey })), "NOT_FOUND");
    await expectAppError(t.query(api.usageCharts.chart, withSecret({ teamId: s.teamId, actingUserId: s.billing, ...range, apiKeyId: "nope" })), "NOT_FOUND");
    await expectAppError(t.query(api.usageCharts.chart, withSecret({ teamId: s.teamId, actingUserId: s.outsider, ...range })), "NOT_FOUND");
    await expectAppError(t.query(api.usageCharts.chart, withSecret({ teamId: s.teamId, actingUserId: s.billing, ...range, to: range.from })), "VALIDATION_ERROR");
    await expectAppError(
      t.query(api.usageCharts.chart, withSecret({ teamId: s.teamId, actingUserId: s.billing, ...range, to: range.from + 32 * DAY })),
      "VALIDATION_ERROR",
    );
    const quarter = await t.query(api.usageCharts.chart, withSecret({ teamId: s.teamId, actingUserId: s.billing, from: range.from, to: range.from + 90 * DAY, granularity: "day" as const }));
    expect(quarter.buckets).toHaveLength(90);
  });
});
