import { describe, expect, it } from "vitest";
import { evaluateFilter, passesFilters } from "./filter";

const f = (name: string) => ({ $field: name });
const lit = (v: unknown) => ({ $literal: v as never });
const doc = { a: 1, b: "x", n: { c: 2 }, big: { $integer: "AQAAAAAAAAA=" } };

describe("evaluateFilter", () => {
  it("compares with Convex's total order across types", () => {
    expect(evaluateFilter({ $lt: [f("a"), lit("0")] }, doc)).toBe(true); // number < string
    expect(evaluateFilter({ $gt: [f("missing"), lit(null)] }, doc)).toBe(false); // undefined < null
    expect(evaluateFilter({ $eq: [f("missing"), lit({ $undefined: null })] }, doc)).toBe(true);
    expect(evaluateFilter({ $eq: [f("n.c"), lit(2)] }, doc)).toBe(true);
    expect(evaluateFilter({ $neq: [f("b"), lit("x")] }, doc)).toBe(false);
  });

  it("does arithmetic on numbers, refuses mixed types", () => {
    expect(evaluateFilter({ $add: [f("a"), lit(2)] }, doc)).toBe(3);
    expect(evaluateFilter({ $mod: [lit(7), lit(4)] }, doc)).toBe(3);
    expect(evaluateFilter({ $neg: f("a") }, doc)).toBe(-1);
    expect(() => evaluateFilter({ $add: [f("a"), f("b")] }, doc)).toThrow(/two numbers or two bigints/);
  });

  it("combines with and/or/not and only passes on exactly true", () => {
    const t = { $eq: [lit(1), lit(1)] };
    const fl = { $eq: [lit(1), lit(2)] };
    expect(evaluateFilter({ $and: [t, t] }, doc)).toBe(true);
    expect(evaluateFilter({ $or: [fl, t] }, doc)).toBe(true);
    expect(evaluateFilter({ $not: t }, doc)).toBe(false);
    expect(passesFilters([t, fl], doc)).toBe(false);
    expect(passesFilters([f("a")], doc)).toBe(false); // 1 is not `true`
  });

  it("throws on unknown operators", () => {
    expect(() => evaluateFilter({ $regex: [] }, doc)).toThrow(/\$regex/);
  });
});
