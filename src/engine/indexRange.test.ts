import { compareValues, convexToJson } from "convex/values";
import type { Value } from "convex/values";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRange } from "./indexRange";
import type { RangeExpression } from "./indexRange";
import { encodeTuple } from "./valueKey";

const FIELDS = ["a", "b", "_creationTime", "_id"];
const j = (v: Value | undefined) => (v === undefined ? { $undefined: null } : convexToJson(v));
const expr = (type: RangeExpression["type"], fieldPath: string, v: Value | undefined): RangeExpression => ({ type, fieldPath, value: j(v) as never });

/** The reference semantics: every expression holds for the row. */
function holds(range: RangeExpression[], row: Record<string, Value | undefined>, values: Map<RangeExpression, Value | undefined>): boolean {
  return range.every((e) => {
    const c = compareValues(row[e.fieldPath], values.get(e));
    return e.type === "Eq" ? c === 0 : e.type === "Gt" ? c > 0 : e.type === "Gte" ? c >= 0 : e.type === "Lt" ? c < 0 : c <= 0;
  });
}

const small = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: -2, max: 2 }), fc.constantFrom("", "a", "a\u0000", "b"), fc.boolean());

describe("compileRange", () => {
  it("selects exactly the keys a range admits", () => {
    const rowArb = fc.record({ a: small, b: small, _creationTime: fc.integer({ min: 0, max: 3 }), _id: fc.constantFrom("x", "y") });
    const rangeArb = fc.tuple(
      fc.integer({ min: 0, max: 2 }),
      fc.option(fc.tuple(fc.constantFrom("Gt" as const, "Gte" as const), small)),
      fc.option(fc.tuple(fc.constantFrom("Lt" as const, "Lte" as const), small)),
      fc.array(small, { minLength: 2, maxLength: 2 }),
    );
    fc.assert(
      fc.property(rangeArb, fc.array(rowArb, { maxLength: 20 }), ([eqCount, lo, hi, eqValues], rows) => {
        const range: RangeExpression[] = [];
        const values = new Map<RangeExpression, Value | undefined>();
        const add = (e: RangeExpression, v: Value | undefined) => (range.push(e), values.set(e, v));
        for (let i = 0; i < eqCount; i++) add(expr("Eq", FIELDS[i], eqValues[i]), eqValues[i]);
        if (lo) add(expr(lo[0], FIELDS[eqCount], lo[1]), lo[1]);
        if (hi) add(expr(hi[0], FIELDS[eqCount], hi[1]), hi[1]);
        const { lower, upper } = compileRange(range, FIELDS, "t.idx");
        for (const row of rows) {
          const key = encodeTuple(FIELDS.map((f) => row[f as keyof typeof row]));
          const inside = Buffer.compare(key, lower) >= 0 && Buffer.compare(key, upper) < 0;
          expect(inside).toBe(holds(range, row, values));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("rejects fields out of index order and repeated bounds", () => {
    expect(() => compileRange([expr("Eq", "b", 1)], FIELDS, "t.idx")).toThrow(/expected "a", got "b"/);
    expect(() => compileRange([expr("Gt", "a", 1), expr("Eq", "b", 1)], FIELDS, "t.idx")).toThrow(/cannot follow/);
    expect(() => compileRange([expr("Gt", "a", 1), expr("Gte", "a", 2)], FIELDS, "t.idx")).toThrow(/one lower/);
    expect(() => compileRange([expr("Gt", "a", 1), expr("Lt", "b", 2)], FIELDS, "t.idx")).toThrow(/expected "a", got "b"/);
  });
});
