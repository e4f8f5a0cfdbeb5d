// Cross-type value ordering as observed through an index: undefined < null <
// int64 < float64 < boolean < string < bytes < array < object, and within each
// type the order of `compareValues` from convex/values (the client's own copy of
// the backend's ordering), e.g. -0 < 0, NaN above +Infinity, strings by UTF-8 bytes.
import { compareValues, type Value } from "convex/values";
import fc from "fast-check";
import { expect, it } from "vitest";
import { api } from "./fixture/_generated/api";
import { describeSample } from "./sample";

const bytes = (...b: number[]) => new Uint8Array(b).buffer;

// Hand-picked edge values of every type, listed in the order Convex sorts them.
const SORTED: [string, Value | undefined][] = [
  ["missing", undefined],
  ["null", null],
  ["int64 min", -(2n ** 63n)],
  ["int64 -5", -5n],
  ["int64 0", 0n],
  ["int64 max", 2n ** 63n - 1n],
  ["-Infinity", -Infinity],
  ["-1e300", -1e300],
  ["-1.5", -1.5],
  ["-0", -0],
  ["0", 0],
  ["min subnormal", 5e-324],
  ["1", 1],
  ["+Infinity", Infinity],
  ["NaN", NaN],
  ["false", false],
  ["true", true],
  ["empty string", ""],
  ["NUL", "\u0000"],
  ["NUL a", "\u0000a"],
  ["A", "A"],
  ["a", "a"],
  ["ab", "ab"],
  ["e acute", "é"],
  ["U+FFFF", "\uFFFF"],
  // UTF-8 order: an astral character sorts above U+FFFF (UTF-16 order would not).
  ["emoji", "😀"],
  ["empty bytes", bytes()],
  ["bytes 00", bytes(0)],
  ["bytes 00 00", bytes(0, 0)],
  ["bytes 00 01", bytes(0, 1)],
  ["bytes ff", bytes(255)],
  ["empty array", []],
  ["[null]", [null]],
  ["[1]", [1]],
  ["[1, 2]", [1, 2]],
  ["[2]", [2]],
  ["['a']", ["a"]],
  ["empty object", {}],
  ["{a: 1}", { a: 1 }],
  ["{a: 1, b: 1}", { a: 1, b: 1 }],
  ["{a: 2}", { a: 2 }],
  ["{b: 0}", { b: 0 }],
];

// A deterministic shuffle, so insertion (creation) order differs from value order.
const shuffled = <T>(xs: T[]) => xs.map((x, i) => [(i * 7919) % 101, x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);

const row = ([label, value]: [string, Value | undefined]) => (value === undefined ? { label } : { label, value });

it("the hand-picked list agrees with compareValues", () => {
  for (let i = 1; i < SORTED.length; i++) expect(Math.sign(compareValues(SORTED[i - 1][1], SORTED[i][1])), SORTED[i][0]).toBe(-1);
});

describeSample("value ordering", (t) => {
  it("sorts every type in index order, ascending and descending", async () => {
    for (const entry of shuffled(SORTED)) await t.mutation(api.vals.insert, row(entry));
    const labels = SORTED.map(([label]) => label);
    expect(await t.query(api.vals.labelsInIndexOrder, { order: "asc" })).toEqual(labels);
    expect(await t.query(api.vals.labelsInIndexOrder, { order: "desc" })).toEqual([...labels].reverse());
  });

  it("matches exactly: -0 is not 0, NaN equals NaN, 1 is not 1n, missing is undefined", async () => {
    for (const entry of SORTED) await t.mutation(api.vals.insert, row(entry));
    expect(await t.query(api.vals.labelsEqual, { value: -0 })).toEqual(["-0"]);
    expect(await t.query(api.vals.labelsEqual, { value: 0 })).toEqual(["0"]);
    expect(await t.query(api.vals.labelsEqual, { value: NaN })).toEqual(["NaN"]);
    expect(await t.query(api.vals.labelsEqual, { value: 1 })).toEqual(["1"]);
    expect(await t.query(api.vals.labelsEqual, { value: 0n })).toEqual(["int64 0"]);
    expect(await t.query(api.vals.labelsEqual, {})).toEqual(["missing"]);
    expect(await t.query(api.vals.labelsEqual, { value: "\u0000" })).toEqual(["NUL"]);
    expect(await t.query(api.vals.labelsEqual, { value: bytes(0, 0) })).toEqual(["bytes 00 00"]);
    expect(await t.query(api.vals.labelsEqual, { value: { a: 1, b: 1 } })).toEqual(["{a: 1, b: 1}"]);
  });

  it("sorts random values like compareValues, ties by creation time", async () => {
    const value: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
      v: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constant(null),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        fc.double(),
        fc.integer({ min: -3, max: 3 }),
        fc.boolean(),
        fc.string({ unit: fc.constantFrom("\u0000", "\u0001", "a", "b", "é", "日", "😀", "\uFFFF"), maxLength: 4 }),
        fc.uint8Array({ maxLength: 3 }).map((a) => bytes(...a)),
        fc.array(tie("v"), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom("a", "b", "c"), tie("v"), { maxKeys: 2 }),
      ),
    })).v;
    const values = fc.sample(value, { numRuns: 120, seed: 42 });
    for (const [i, v] of values.entries()) await t.mutation(api.vals.insert, { label: String(i), value: v });
    const expected = values
      .map((v, i) => ({ v, i }))
      .sort((a, b) => compareValues(a.v, b.v) || a.i - b.i)
      .map(({ i }) => String(i));
    expect(await t.query(api.vals.labelsInIndexOrder, { order: "asc" })).toEqual(expected);
  });
});
