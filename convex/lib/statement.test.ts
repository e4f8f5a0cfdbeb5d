import { describe, expect, it } from "vitest";
import { listPriceMicroUsd } from "./plans";
import { monthlyStatement, projectMonthEnd, spendCapReached, utcMonthPeriod } from "./statement";

const USD = 1_000_000;
const VERIFY = listPriceMicroUsd("/api/v1/verify", 1);
const SCORE = listPriceMicroUsd("/api/v1/agents/{address}/score", 1);

describe("monthlyStatement", () => {
  it("startup: $49 with $10 (1,000 verifications) included", () => {
    expect(monthlyStatement({ plan: "startup", usageMicroUsd: 0 })).toEqual({
      baseFee: 49 * USD,
      included: 10 * USD,
      usage: 0,
      overage: 0,
      total: 49 * USD,
    });
    expect(monthlyStatement({ plan: "startup", usageMicroUsd: 1_000 * VERIFY })).toMatchObject({
      overage: 0,
      total: 49 * USD,
    });
    expect(monthlyStatement({ plan: "startup", usageMicroUsd: 1_001 * VERIFY })).toMatchObject({
      overage: VERIFY,
      total: 49 * USD + 10_000,
    });
    // half a cent past the included amount is billed as half a cent
    expect(monthlyStatement({ plan: "startup", usageMicroUsd: 1_000 * VERIFY + SCORE })).toMatchObject({
      overage: 5_000,
      total: 49_005_000,
    });
  });

  it("growth: $499 with $200 (20,000 verifications) included", () => {
    expect(monthlyStatement({ plan: "growth", usageMicroUsd: 20_000 * VERIFY })).toEqual({
      baseFee: 499 * USD,
      included: 200 * USD,
      usage: 200 * USD,
      overage: 0,
      total: 499 * USD,
    });
    expect(monthlyStatement({ plan: "growth", usageMicroUsd: 25_000 * VERIFY }).total).toBe(549 * USD);
  });

  it("enterprise: the contract's fee, unlimited usage", () => {
    expect(
      monthlyStatement({ plan: "enterprise", usageMicroUsd: 1_000_000 * VERIFY, contractBaseFeeMicroUsd: 5_000 * USD }),
    ).toEqual({ baseFee: 5_000 * USD, included: null, usage: 10_000 * USD, overage: 0, total: 5_000 * USD });
    expect(monthlyStatement({ plan: "enterprise", usageMicroUsd: 7 }).total).toBe(0);
  });

  it("ignores a contract fee on list-priced plans", () => {
    expect(monthlyStatement({ plan: "startup", usageMicroUsd: 0, contractBaseFeeMicroUsd: 1 }).baseFee).toBe(49 * USD);
  });

  it("refuses negative or fractional usage", () => {
    expect(() => monthlyStatement({ plan: "startup", usageMicroUsd: -1 })).toThrow(RangeError);
    expect(() => monthlyStatement({ plan: "startup", usageMicroUsd: 0.5 })).toThrow(RangeError);
  });
});

describe("spendCapReached", () => {
  const startup = { plan: "startup" as const, spendCapMicroUsd: 59 * USD };

  it("bounds base fee + overage, usage inside the included amount never counts", () => {
    expect(spendCapReached({ ...startup, usageMicroUsd: 10 * USD })).toBe(false);
    // $20 of usage: $49 + $10 overage = $59, at the cap, not past it
    expect(spendCapReached({ ...startup, usageMicroUsd: 20 * USD })).toBe(false);
    // the next 1¢ call would take it past
    expect(spendCapReached({ ...startup, usageMicroUsd: 20 * USD }, VERIFY)).toBe(true);
    expect(spendCapReached({ ...startup, usageMicroUsd: 20 * USD - VERIFY }, VERIFY)).toBe(false);
    expect(spendCapReached({ ...startup, usageMicroUsd: 20 * USD + 1 })).toBe(true);
  });

  it("a cap at the base fee stops at the included usage", () => {
    const atBase = { plan: "growth" as const, spendCapMicroUsd: 499 * USD };
    expect(spendCapReached({ ...atBase, usageMicroUsd: 200 * USD - VERIFY }, VERIFY)).toBe(false);
    expect(spendCapReached({ ...atBase, usageMicroUsd: 200 * USD }, VERIFY)).toBe(true);
  });

  it("is never reached without a cap", () => {
    expect(spendCapReached({ plan: "startup", usageMicroUsd: 1_000 * USD }, VERIFY)).toBe(false);
    expect(spendCapReached({ plan: "startup", usageMicroUsd: 1_000 * USD, spendCapMicroUsd: null }, VERIFY)).toBe(
      false,
    );
  });

  it("enterprise usage never moves the total", () => {
    const enterprise = {
      plan: "enterprise" as const,
      contractBaseFeeMicroUsd: 1_000 * USD,
      spendCapMicroUsd: 1_000 * USD,
    };
    expect(spendCapReached({ ...enterprise, usageMicroUsd: 1_000_000 * USD }, VERIFY)).toBe(false);
  });
});

describe("utcMonthPeriod", () => {
  it("spans the UTC calendar month, across years and leap days", () => {
    expect(utcMonthPeriod(Date.UTC(2026, 10, 28, 23, 59))).toEqual({
      start: Date.UTC(2026, 10, 1),
      end: Date.UTC(2026, 11, 1),
    });
    expect(utcMonthPeriod(Date.UTC(2026, 11, 31, 23, 59, 59, 999))).toEqual({
      start: Date.UTC(2026, 11, 1),
      end: Date.UTC(2027, 0, 1),
    });
    const feb = utcMonthPeriod(Date.UTC(2028, 1, 15));
    expect((feb.end - feb.start) / 86_400_000).toBe(29);
    expect(utcMonthPeriod(Date.UTC(2026, 11, 1)).start).toBe(Date.UTC(2026, 11, 1));
  });
});

describe("projectMonthEnd", () => {
  const { start, end } = utcMonthPeriod(Date.UTC(2026, 10, 1)); // November: 30 days
  const DAY = 86_400_000;

  it("extrapolates linearly from the period so far", () => {
    expect(projectMonthEnd(10 * USD, start, start + 10 * DAY, end)).toBe(30 * USD);
    expect(projectMonthEnd(1, start, start + 7 * DAY, end)).toBe(4); // 30/7 rounded
    expect(projectMonthEnd(0, start, start + DAY, end)).toBe(0);
  });

  it("returns the usage itself before the start and after the end", () => {
    expect(projectMonthEnd(5 * USD, start, start, end)).toBe(5 * USD);
    expect(projectMonthEnd(5 * USD, start, end, end)).toBe(5 * USD);
    expect(projectMonthEnd(5 * USD, start, end + DAY, end)).toBe(5 * USD);
  });

  it("feeds the statement", () => {
    const projected = projectMonthEnd(10 * USD, start, start + 10 * DAY, end);
    expect(monthlyStatement({ plan: "startup", usageMicroUsd: projected }).total).toBe(69 * USD);
  });

  it("refuses an empty period", () => {
    expect(() => projectMonthEnd(0, end, end, start)).toThrow(RangeError);
  });
});
