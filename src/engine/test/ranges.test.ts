// Index ranges (eq on prefixes, gt/gte/lt/lte, `undefined` on optional fields),
// order, filter expressions and the query terminals, checked against a small
// reference model built on convex/values' compareValues.
import { compareValues, type Value } from "convex/values";
import { expect, it } from "vitest";
import { api } from "./fixture/_generated/api";
import { describeSample } from "./sample";

type Item = { group: string; rank: number; tag?: string; done: boolean };
const SEED: Item[] = [
  { group: "a", rank: 3, tag: "y", done: false },
  { group: "b", rank: 2, done: true },
  { group: "a", rank: 1, tag: "x", done: true },
  { group: "a", rank: 6, tag: "z", done: true },
  { group: "a", rank: 2, done: false },
  { group: "b", rank: 1, tag: "y", done: false },
  { group: "a", rank: 5, tag: "x", done: false },
  { group: "a", rank: 4, done: true },
  { group: "b", rank: 3, tag: "x", done: true },
  { group: "a", rank: -1.5, tag: "x", done: false },
];

const INDEXES = { by_group_rank: ["group", "rank"], by_tag: ["tag"], by_group_tag_rank: ["group", "tag", "rank"] } as const;
type IndexName = keyof typeof INDEXES;
type Bound<Op> = { op: Op; field: string; value?: Value };
type Range = { index: IndexName; eq: { field: string; value?: Value }[]; lower?: Bound<"gt" | "gte">; upper?: Bound<"lt" | "lte">; order?: "asc" | "desc" };

const get = (item: Item, field: string) => (item as Record<string, Value | undefined>)[field];

// What Convex returns for a range: matching rows in index-key order, ties by creation.
function model(r: Range) {
  const fields = INDEXES[r.index];
  const ok = (item: Item) =>
    r.eq.every(({ field, value }) => compareValues(get(item, field), value) === 0) &&
    (!r.lower || Math.sign(compareValues(get(item, r.lower.field), r.lower.value)) > (r.lower.op === "gt" ? 0 : -1)) &&
    (!r.upper || Math.sign(compareValues(get(item, r.upper.field), r.upper.value)) < (r.upper.op === "lt" ? 0 : 1));
  const rows = SEED.map((item, created) => ({ item, created }))
    .filter(({ item }) => ok(item))
    .sort((a, b) => fields.reduce((c, f) => c || compareValues(get(a.item, f), get(b.item, f)), 0) || a.created - b.created)
    .map(({ item: { group, rank, tag } }) => ({ group, rank, tag }));
  return r.order === "desc" ? rows.reverse() : rows;
}

const RANGES: Range[] = [
  { index: "by_group_rank", eq: [] },
  { index: "by_group_rank", eq: [], order: "desc" },
  { index: "by_group_rank", eq: [{ field: "group", value: "a" }] },
  { index: "by_group_rank", eq: [{ field: "group", value: "a" }, { field: "rank", value: 2 }] },
  { index: "by_group_rank", eq: [{ field: "group", value: "a" }], lower: { op: "gt", field: "rank", value: 2 } },
  { index: "by_group_rank", eq: [{ field: "group", value: "a" }], lower: { op: "gte", field: "rank", value: 2 } },
  { index: "by_group_rank", eq: [{ field: "group", value: "a" }], upper: { op: "lt", field: "rank", value: 4 } },
  { index: "by_group_rank", eq: [{ field: "group", value: "a" }], upper: { op: "lte", field: "rank", value: 4 }, order: "desc" },
  { index: "by_group_rank", eq: [{ field: "group", value: "a" }], lower: { op: "gt", field: "rank", value: 1 }, upper: { op: "lt", field: "rank", value: 5 } },
  { index: "by_group_rank", eq: [{ field: "group", value: "a" }], lower: { op: "gte", field: "rank", value: 5 }, upper: { op: "lte", field: "rank", value: 2 } },
  // A bound on the first field of a multi-field index.
  { index: "by_group_rank", eq: [], lower: { op: "gt", field: "group", value: "a" } },
  { index: "by_group_rank", eq: [], upper: { op: "lt", field: "group", value: "b" }, order: "desc" },
  // A bound of another type: every number sorts below every string.
  { index: "by_group_rank", eq: [], upper: { op: "lt", field: "group", value: 0 } },
  { index: "by_group_rank", eq: [{ field: "group", value: "a" }], lower: { op: "gt", field: "rank", value: "0" } },
  { index: "by_group_rank", eq: [{ field: "group", value: "a" }], lower: { op: "gte", field: "rank", value: 5n } },
  // Optional fields: undefined is a value that sorts first.
  { index: "by_tag", eq: [{ field: "tag" }] },
  { index: "by_tag", eq: [], lower: { op: "gt", field: "tag" } },
  { index: "by_tag", eq: [], upper: { op: "lte", field: "tag" }, order: "desc" },
  { index: "by_tag", eq: [], upper: { op: "lt", field: "tag", value: "y" } },
  { index: "by_tag", eq: [], lower: { op: "gte", field: "tag", value: null } },
  { index: "by_group_tag_rank", eq: [{ field: "group", value: "a" }, { field: "tag" }] },
  { index: "by_group_tag_rank", eq: [{ field: "group", value: "a" }, { field: "tag" }], lower: { op: "gt", field: "rank", value: 2 } },
  { index: "by_group_tag_rank", eq: [{ field: "group", value: "a" }, { field: "tag", value: "x" }], order: "desc" },
  { index: "by_group_tag_rank", eq: [{ field: "group", value: "a" }], lower: { op: "gt", field: "tag" }, upper: { op: "lt", field: "tag", value: "z" } },
  { index: "by_group_tag_rank", eq: [{ field: "group", value: "c" }] },
];

describeSample("index ranges and queries", (t) => {
  const seed = () => t.mutation(api.items.insertMany, { items: SEED });

  it.each(RANGES.map((r) => [JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)), r] as const))("range %s", async (_name, r) => {
    await seed();
    expect(await t.query(api.items.range, r)).toEqual(model(r));
  });

  it("scans the whole table in creation order without an index", async () => {
    await seed();
    expect(await t.query(api.items.all, {})).toEqual(SEED.map((i) => i.rank));
    expect(await t.query(api.items.all, { order: "desc" })).toEqual(SEED.map((i) => i.rank).reverse());
  });

  it.each([
    ["eq", (i: Item) => i.done],
    ["neq", (i: Item) => i.group !== "a"],
    ["ltAnd", (i: Item) => i.rank < 5 && i.rank >= 2],
    ["orNot", (i: Item) => i.tag === "x" || i.done],
    ["mod", (i: Item) => i.rank % 2 === 0],
    ["addMul", (i: Item) => i.rank + i.rank * 2 > 10],
    ["missing", (i: Item) => i.tag === undefined],
    ["subDiv", (i: Item) => (i.rank - 1) / 2 === 1],
    ["fieldVsField", () => true],
  ] as const)("filter %s", async (expr, predicate) => {
    await seed();
    expect(await t.query(api.items.filtered, { expr })).toEqual(SEED.filter(predicate).map((i) => i.rank));
  });

  it("first returns the lowest key, or the highest in desc order, or null", async () => {
    await seed();
    expect(await t.query(api.items.first, { group: "a" })).toMatchObject({ rank: -1.5 });
    expect(await t.query(api.items.first, { group: "a", order: "desc" })).toMatchObject({ rank: 6 });
    expect(await t.query(api.items.first, { group: "nope" })).toBeNull();
  });

  it("unique returns the one match or null, and throws on two", async () => {
    await seed();
    expect(await t.query(api.items.uniqueByTag, { tag: "z" })).toMatchObject({ rank: 6 });
    expect(await t.query(api.items.uniqueByTag, { tag: "none" })).toBeNull();
    await expect(t.query(api.items.uniqueByTag, { tag: "y" })).rejects.toThrow(/unique/i);
  });

  it("take stops after n rows, in either order", async () => {
    await seed();
    expect(await t.query(api.items.take, { group: "a", n: 3 })).toEqual([-1.5, 1, 2]);
    expect(await t.query(api.items.take, { group: "a", n: 2, order: "desc" })).toEqual([6, 5]);
    expect(await t.query(api.items.take, { group: "a", n: 0 })).toEqual([]);
    expect(await t.query(api.items.take, { group: "b", n: 10 })).toEqual([1, 2, 3]);
  });
});

// convex-test 0.0.70 does not implement `q.neg` ("not implemented: {$neg}"), so
// this one runs on the engine alone; Convex itself supports it.
describeSample(
  "filter expressions convex-test lacks",
  (t) => {
    it("filter neg", async () => {
      await t.mutation(api.items.insertMany, { items: SEED });
      expect(await t.query(api.items.filtered, { expr: "neg" })).toEqual(SEED.filter((i) => -i.rank < -3).map((i) => i.rank));
    });
  },
  ["engine"],
);
