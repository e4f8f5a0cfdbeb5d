/**
 * The billing page's reads and the owner's local billing changes (SPEC §1, §7): the current period from the
 * team's running usage period, statements computed by the pure statement module, the spend cap and a local plan
 * change between the list plans. Enterprise plans are set by operators, never here.
 */
import { v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { appError } from "./lib/errors";
import { assertMicroUsd, formatUsd } from "./lib/money";
import { PLAN_DEFINITIONS, type Plan } from "./lib/plans";
import { serverMutation, serverQuery } from "./lib/serverFunctions";
import { monthlyStatement, utcMonthPeriod } from "./lib/statement";
import { vPlan } from "./lib/validators";
import { recordAnalyticsEvent } from "./model/analytics";
import { writeAudit } from "./model/audit";
import { latestStripeStatements } from "./model/billingStatements";
import { monthToDate } from "./model/usagePeriods";
import { requirePermission } from "./model/teams";

/** Months of statements the page lists, the current one included. */
const STATEMENT_MONTHS = 12;

const vStatement = v.object({
  periodStart: v.number(),
  periodEnd: v.number(),
  baseFee: v.number(),
  included: v.union(v.number(), v.null()),
  usage: v.number(),
  overage: v.number(),
  total: v.number(),
  /** The Stripe invoice a statement records; null for a statement computed locally from usage. */
  invoice: v.union(
    v.null(),
    v.object({
      statementId: v.id("billingStatements"),
      status: v.union(v.literal("open"), v.literal("finalized"), v.literal("paid"), v.literal("failed"), v.literal("void")),
      plan: vPlan,
      hostedInvoiceUrl: v.union(v.string(), v.null()),
    }),
  ),
});

/** The base fee the team pays each month: the list price, or the enterprise contract's fee. */
function baseFeeOf(team: Doc<"teams">, plan: Plan = team.plan): number {
  return PLAN_DEFINITIONS[plan].baseFeeMicroUsd ?? team.contractBaseFeeMicroUsd ?? 0;
}

function statementOf(team: Doc<"teams">, periodStart: number, usageMicroUsd: number) {
  const statement = monthlyStatement({ plan: team.plan, usageMicroUsd, contractBaseFeeMicroUsd: team.contractBaseFeeMicroUsd });
  return { periodStart, periodEnd: utcMonthPeriod(periodStart).end, ...statement, invoice: null };
}

function stripeStatementOf(row: Doc<"billingStatements">) {
  return {
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    baseFee: row.baseFeeMicroUsd,
    included: row.includedMicroUsd,
    usage: row.usageMicroUsd,
    overage: row.overageMicroUsd,
    total: row.totalMicroUsd,
    invoice: { statementId: row._id, status: row.status, plan: row.plan, hostedInvoiceUrl: row.hostedInvoiceUrl ?? null },
  };
}

/**
 * With `withStripe` (Stripe is configured) and Stripe statements recorded, those are the statements (the latest
 * 12, newest first) after the open month computed locally; otherwise the local statements of the last 12 months.
 */
export const overview = serverQuery({
  args: { teamId: v.id("teams"), actingUserId: v.id("users"), withStripe: v.optional(v.boolean()) },
  returns: v.object({
    plan: vPlan,
    current: vStatement,
    /** Month-end usage and total projected linearly from the period so far. */
    projectedUsage: v.number(),
    projectedTotal: v.number(),
    spendCap: v.union(v.number(), v.null()),
    pastDueSince: v.union(v.number(), v.null()),
    /** Newest first, the current month included (still open). */
    statements: v.array(vStatement),
  }),
  handler: async (ctx, { teamId, actingUserId, withStripe }) => {
    const { team } = await requirePermission(ctx, teamId, actingUserId, "billing.view");
    const month = await monthToDate(ctx, teamId, Date.now());
    const period = month.period;
    const periods = await ctx.db
      .query("usagePeriods")
      .withIndex("by_team_period", (q) => q.eq("teamId", teamId).lte("periodStart", period.start))
      .order("desc")
      .take(STATEMENT_MONTHS);
    const current = statementOf(team, period.start, month.costMicroUsd);
    const projectedUsage = month.projectedCostMicroUsd;
    const stripeRows = withStripe ? await latestStripeStatements(ctx, teamId, STATEMENT_MONTHS) : [];
    const localStatements = periods[0]?.periodStart === period.start ? [] : [current];
    localStatements.push(...periods.map((p) => statementOf(team, p.periodStart, p.costMicroUsd)));
    const statements = stripeRows.length > 0 ? [current, ...stripeRows.map(stripeStatementOf)] : localStatements.slice(0, STATEMENT_MONTHS);
    return {
      plan: team.plan,
      current,
      projectedUsage,
      projectedTotal: statementOf(team, period.start, projectedUsage).total,
      spendCap: team.spendCapMicroUsd ?? null,
      pastDueSince: team.pastDueSince ?? null,
      statements,
    };
  },
});

/**
 * The owner sets or clears the monthly spend cap. The cap bounds the month's total, base fee included, so a cap
 * below the base fee would refuse every billable call from the first one: it is refused with the reason.
 */
export const setSpendCap = serverMutation({
  args: { teamId: v.id("teams"), actingUserId: v.id("users"), spendCapMicroUsd: v.union(v.number(), v.null()) },
  returns: v.null(),
  handler: async (ctx, { teamId, actingUserId, spendCapMicroUsd }) => {
    const { team } = await requirePermission(ctx, teamId, actingUserId, "billing.manage");
    if (spendCapMicroUsd !== null) {
      assertMicroUsd(spendCapMicroUsd);
      const baseFee = baseFeeOf(team);
      if (spendCapMicroUsd < baseFee) {
        throw appError(
          "VALIDATION_ERROR",
          `The spend cap must be at least the ${team.plan} plan's base fee of ${formatUsd(baseFee)}: it limits the month's total, base fee included.`,
        );
      }
    }
    await ctx.db.patch(teamId, { spendCapMicroUsd: spendCapMicroUsd ?? undefined });
    await writeAudit(ctx, {
      teamId,
      actor: { kind: "user", userId: actingUserId },
      action: "billing.spend_cap",
      targetType: "team",
      targetId: teamId,
      details: { from: team.spendCapMicroUsd ?? null, to: spendCapMicroUsd },
    });
    await recordAnalyticsEvent(ctx, {
      event: "spend_cap_set",
      actor: { kind: "user", userId: actingUserId },
      teamId,
      properties: { plan: team.plan, spendCapUsd: spendCapMicroUsd === null ? null : spendCapMicroUsd / 1_000_000 },
    });
    return null;
  },
});

/**
 * Whether the team may move to `plan`, locally or through Stripe (stripeCustomers.ts): never in or out of enterprise,
 * never to the plan it is on, never past a spend cap below the new base fee.
 */
export function assertPlanChangeAllowed(team: Doc<"teams">, plan: "startup" | "growth"): void {
  if (team.plan === "enterprise") {
    throw appError("FORBIDDEN", "Enterprise plans are changed by GhostSpeak under the contract; contact us to change it.");
  }
  if (team.plan === plan) throw appError("CONFLICT", `The team is already on the ${plan} plan.`);
  const baseFee = baseFeeOf(team, plan);
  if (team.spendCapMicroUsd !== undefined && team.spendCapMicroUsd < baseFee) {
    throw appError("VALIDATION_ERROR", `Raise the spend cap to at least ${formatUsd(baseFee)} (the ${plan} plan's base fee) before changing plan.`);
  }
}

/**
 * A local plan change between startup and growth, applied at once (billing without Stripe). Members and keys
 * beyond a smaller plan's limits stay; the limits refuse new ones until the team is back under them.
 */
export const changePlan = serverMutation({
  args: { teamId: v.id("teams"), actingUserId: v.id("users"), plan: v.union(v.literal("startup"), v.literal("growth")) },
  returns: v.null(),
  handler: async (ctx, { teamId, actingUserId, plan }) => {
    const { team } = await requirePermission(ctx, teamId, actingUserId, "billing.manage");
    assertPlanChangeAllowed(team, plan);
    await ctx.db.patch(teamId, { plan });
    await writeAudit(ctx, {
      teamId,
      actor: { kind: "user", userId: actingUserId },
      action: "plan.change",
      targetType: "team",
      targetId: teamId,
      details: { from: team.plan, to: plan, source: "local" },
    });
    await recordAnalyticsEvent(ctx, { event: "plan_changed", actor: { kind: "user", userId: actingUserId }, teamId, properties: { from: team.plan, to: plan, source: "local" } });
    return null;
  },
});
