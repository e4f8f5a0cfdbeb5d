// Validators: arguments and return values of functions, the schema on every
// write, `v.id` table checks, and normalizeId.
import { expect, it } from "vitest";
import { api } from "./fixture/_generated/api";
import { describeSample } from "./sample";

// Either Convex's wording or convex-test's ("Validator error: …"): the wording is
// an allowed difference (prisma-free-notes/testing.md), the refusal is not.
const ARGS = /ArgumentValidationError|does not match validator|Validator error/i;
const RETURNS = /ReturnsValidationError|Return value validation failed|does not match validator/i;
const SCHEMA = /does not match the schema|Validator error/i;

describeSample("validation", (t) => {
  const newItem = async () => (await t.mutation(api.items.insertMany, { items: [{ group: "g", rank: 1, done: false }] }))[0];
  const newCounterId = () => t.run((ctx) => ctx.db.insert("counters", { name: "c", value: 0 }));

  it("accepts valid arguments and checks the return value", async () => {
    expect(await t.mutation(api.checks.strictArgs, { n: 21, s: "x" })).toBe(42);
    expect(await t.mutation(api.checks.strictArgs, { n: 1, s: "x", flag: true })).toBe(2);
  });

  it.each([
    ["a missing field", { n: 1 }],
    ["a wrong type", { n: "1", s: "x" }],
    ["an extra field", { n: 1, s: "x", extra: true }],
    ["int64 for float64", { n: 1n, s: "x" }],
    ["null for optional", { n: 1, s: "x", flag: null }],
  ])("rejects %s in arguments", async (_name, args) => {
    await expect(t.mutation(api.checks.strictArgs, args as never)).rejects.toThrow(ARGS);
  });

  it("rejects a return value that breaks `returns`", async () => {
    await expect(t.query(api.checks.badReturn, {})).rejects.toThrow(RETURNS);
  });

  it.each(["wrongType", "extraField", "missingField"] as const)("rejects an insert with %s against the schema", async (kind) => {
    await expect(t.mutation(api.checks.insertBadDoc, { kind })).rejects.toThrow(SCHEMA);
    expect(await t.query(api.items.all, {})).toEqual([]);
  });

  it("rejects a patch that breaks the schema and keeps the document", async () => {
    const id = await newItem();
    await expect(t.mutation(api.checks.patchBadDoc, { id })).rejects.toThrow(SCHEMA);
    expect(await t.run((ctx) => ctx.db.get(id))).toMatchObject({ rank: 1 });
  });

  it("v.id accepts an id of its table and rejects other tables' ids and garbage", async () => {
    const item = await newItem();
    await t.mutation(api.checks.addRef, { item });
    const counter = await newCounterId();
    await expect(t.mutation(api.checks.addRef, { item: counter as never })).rejects.toThrow(ARGS);
    await expect(t.mutation(api.checks.addRef, { item: "not-an-id" as never })).rejects.toThrow(ARGS);
  });

  it("the schema's v.id rejects an id of another table", async () => {
    const counter = await newCounterId();
    await expect(t.mutation(api.checks.addRefUnchecked, { item: counter })).rejects.toThrow(SCHEMA);
  });

  it("normalizeId recovers the table from an id, or returns null", async () => {
    const item = await newItem();
    expect(await t.query(api.checks.normalize, { table: "items", id: item })).toBe(item);
    expect(await t.query(api.checks.normalize, { table: "counters", id: item })).toBeNull();
    expect(await t.query(api.checks.normalize, { table: "items", id: "garbage" })).toBeNull();
    expect(await t.query(api.checks.normalize, { table: "items", id: "" })).toBeNull();
  });

  it("ids are opaque strings, distinct per document", async () => {
    const ids = await t.mutation(api.items.insertMany, { items: [1, 2, 3].map((rank) => ({ group: "g", rank, done: false })) });
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(typeof id).toBe("string");
  });
});
