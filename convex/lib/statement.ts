/**
 * The monthly statement of SPEC §1 and §7, in integer micro-USD:
 *
 *     total = base fee + overage,   overage = max(0, usage − included)
 *
 * where `usage` is the month's billable usage at list price (plans.ts). Calls made with test keys are never
 * billable, so they are already absent from `usage`. Enterprise teams pay their contract's base fee (an input
 * here, since it is not a list price) and have unlimited included usage, so no overage. Months are UTC
 * calendar months.
 */
import { assertMicroUsd } from "./money";
import { PLAN_DEFINITIONS, type Plan } from "./plans";

export type StatementInput = {
  plan: Plan;
  /** Billable usage of the period at list price (live keys only). */
  usageMicroUsd: number;
  /** Enterprise only: the contract's monthly fee (0 when not set). Ignored for list-priced plans. */
  contractBaseFeeMicroUsd?: number;
};

export type Statement = {
  baseFee: number;
  /** Usage included in the base fee; null = unlimited. */
  included: number | null;
  usage: number;
  overage: number;
  total: number;
};

export function monthlyStatement(input: StatementInput): Statement {
  assertMicroUsd(input.usageMicroUsd);
  if (input.usageMicroUsd < 0) throw new RangeError("usage cannot be negative");
  const definition = PLAN_DEFINITIONS[input.plan];
  const baseFee = definition.baseFeeMicroUsd ?? input.contractBaseFeeMicroUsd ?? 0;
  assertMicroUsd(baseFee);
  const included = definition.includedUsageMicroUsd;
  const overage = included === null ? 0 : Math.max(0, input.usageMicroUsd - included);
  return { baseFee, included, usage: input.usageMicroUsd, overage, total: baseFee + overage };
}

/**
 * The spend cap bounds the month's total (base fee + overage): "past it, billable calls answer 429". Pass the
 * price of the call about to be made as `nextChargeMicroUsd` to refuse the call that would take the total past the
 * cap; with 0 it tells whether the total already is past it. Usage inside the included amount never counts
 * against the cap, since it costs nothing beyond the base fee. No cap (null or undefined) is never reached.
 */
export function spendCapReached(
  input: StatementInput & { spendCapMicroUsd?: number | null },
  nextChargeMicroUsd = 0,
): boolean {
  if (input.spendCapMicroUsd === undefined || input.spendCapMicroUsd === null) return false;
  assertMicroUsd(nextChargeMicroUsd);
  const { total } = monthlyStatement({ ...input, usageMicroUsd: input.usageMicroUsd + nextChargeMicroUsd });
  return total > input.spendCapMicroUsd;
}

/** The UTC calendar month containing `now`: [start, end) in epoch ms. */
export function utcMonthPeriod(now: number): { start: number; end: number } {
  const date = new Date(now);
  return {
    start: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1),
    end: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1),
  };
}

/**
 * Month-end usage projected linearly from the period so far: usage × period length ÷ elapsed time, rounded to the
 * micro-dollar. Before the period starts nothing can be projected, and after it ends the usage is final; in both
 * cases the usage so far is returned.
 */
export function projectMonthEnd(
  usageSoFarMicroUsd: number,
  periodStart: number,
  now: number,
  periodEnd: number,
): number {
  assertMicroUsd(usageSoFarMicroUsd);
  if (!(periodEnd > periodStart)) throw new RangeError("the period must end after it starts");
  if (now <= periodStart || now >= periodEnd) return usageSoFarMicroUsd;
  return Math.round((usageSoFarMicroUsd * (periodEnd - periodStart)) / (now - periodStart));
}
