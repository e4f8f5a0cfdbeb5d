import { v } from "convex/values";
import { describe, expect, it } from "vitest";
import { validateValue, ValidationError } from "./validate";
import type { ValidatorJson } from "./validate";

const tableOf = (id: string) => (id.startsWith("u_") ? "users" : null);
// `.json` is convex/values' internal serialized form, what exportArgs() emits.
const check = (validator: unknown, value: unknown) => () => validateValue((validator as { json: ValidatorJson }).json, value as never, tableOf);

describe("validateValue", () => {
  it("accepts matching values", () => {
    expect(check(v.object({ a: v.number(), b: v.optional(v.string()), c: v.array(v.union(v.literal("x"), v.null())) }), { a: 1, c: ["x", null] })).not.toThrow();
    expect(check(v.record(v.string(), v.int64()), { k: 1n })).not.toThrow();
    expect(check(v.id("users"), "u_1")).not.toThrow();
    expect(check(v.bytes(), new ArrayBuffer(2))).not.toThrow();
  });

  it("names the failing path", () => {
    expect(check(v.object({ a: v.object({ b: v.array(v.number()) }) }), { a: { b: [1, "2"] } })).toThrow(/`\.a\.b\[1\]`/);
    expect(check(v.object({ a: v.number() }), {})).toThrow(/missing the required field `a`/);
    expect(check(v.object({ a: v.number() }), { a: 1, z: 2 })).toThrow(/extra field `z`/);
  });

  it("checks id tables, int64 vs float64 and literals", () => {
    expect(check(v.id("users"), "t_1")).toThrow(/id of table "users"/);
    expect(check(v.int64(), 1)).toThrow(ValidationError);
    expect(check(v.number(), 1n)).toThrow(ValidationError);
    expect(check(v.literal(1n), 1)).toThrow(/literal/);
    expect(check(v.literal("a"), "a")).not.toThrow();
  });
});
