import fc from "fast-check";
import { compareValues } from "convex/values";
import type { Value } from "convex/values";
import { describe, expect, it } from "vitest";
import { encodeTuple, encodeValue } from "./valueKey";

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
const cmpBytes = (a: Buffer, b: Buffer) => sign(Buffer.compare(a, b));

function nanWithBits(bits: bigint): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, bits);
  return dv.getFloat64(0);
}

const bytesArb = fc.uint8Array({ maxLength: 6 }).map((u) => u.slice().buffer as ArrayBuffer);
const scalar: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(null),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.double(),
  fc.integer({ min: -3, max: 3 }),
  fc.boolean(),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.string({ unit: fc.constantFrom("a", "b", "\u0000", "\u00ff", "\ud800", "\udc00", "\u{1f600}"), maxLength: 4 }),
  bytesArb,
);
const { value: valueArb } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom("a", "b", "c", "_x", "Z"), tie("value"), { maxKeys: 3 }),
  ),
}));
const maybeUndefined = fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 12, arbitrary: valueArb });

describe("valueKey", () => {
  it("orders bytes like compareValues over random pairs", () => {
    fc.assert(
      fc.property(maybeUndefined, maybeUndefined, (a, b) => {
        expect(cmpBytes(encodeValue(a), encodeValue(b))).toBe(sign(compareValues(a, b)));
      }),
      { numRuns: 60_000 },
    );
  });

  it("orders tuples like elementwise compareValues", () => {
    fc.assert(
      fc.property(fc.array(maybeUndefined, { minLength: 2, maxLength: 2 }), fc.array(maybeUndefined, { minLength: 2, maxLength: 2 }), (a, b) => {
        const expected = sign(compareValues(a[0], b[0])) || sign(compareValues(a[1], b[1]));
        expect(cmpBytes(encodeTuple(a), encodeTuple(b))).toBe(expected);
      }),
      { numRuns: 10_000 },
    );
  });

  const edge: Array<Value | undefined> = [
    undefined,
    null,
    -(2n ** 63n),
    -1n,
    0n,
    1n,
    2n ** 63n - 1n,
    nanWithBits(0xfff8000000000000n),
    nanWithBits(0xfff0000000000001n),
    nanWithBits(0xffffffffffffffffn),
    -Infinity,
    -Number.MAX_VALUE,
    -1,
    -Number.MIN_VALUE,
    -0,
    0,
    Number.MIN_VALUE,
    1,
    Number.MAX_VALUE,
    Infinity,
    NaN,
    nanWithBits(0x7ff0000000000001n),
    nanWithBits(0x7fffffffffffffffn),
    false,
    true,
    "",
    "\u0000",
    "\u0000\u0000",
    "\u0000a",
    "a",
    "a\u0000",
    "a\u0001",
    "ab",
    "\u007f",
    "\u0080",
    "\ud7ff",
    "\ud800",
    "\udbff\udfff",
    "\ue000",
    "\uffff",
    "\u{10000}",
    "\u{10ffff}",
    new Uint8Array([]).buffer,
    new Uint8Array([0]).buffer,
    new Uint8Array([0, 0]).buffer,
    new Uint8Array([0, 255]).buffer,
    new Uint8Array([1]).buffer,
    new Uint8Array([255]).buffer,
    [],
    [undefined as unknown as Value],
    [null],
    [null, null],
    [0],
    [""],
    ["", ""],
    [[]],
    {},
    { a: null },
    { a: 1 },
    { a: 1, b: 1 },
    { b: 0 },
  ];

  it("orders hand-picked edge cases (NaN payloads, -0, int64 extremes, surrogates, escapes)", () => {
    for (const a of edge) {
      for (const b of edge) {
        expect(cmpBytes(encodeValue(a), encodeValue(b)), `${String(a)} vs ${String(b)}`).toBe(sign(compareValues(a, b)));
      }
    }
  });

  it("puts every bigint before every number, and -0 before 0", () => {
    expect(cmpBytes(encodeValue(2n ** 63n - 1n), encodeValue(-Infinity))).toBe(-1);
    expect(cmpBytes(encodeValue(-0), encodeValue(0))).toBe(-1);
    expect(compareValues(-0, 0)).toBeLessThan(0);
  });

  // Range bounds append 0xFF after an encoded value to mean "after every key
  // starting with this value"; that needs: whenever enc(a) is a proper prefix
  // of enc(b), the next byte of enc(b) is the 0xFF escape (and b > a).
  it("extends an encoding only through the 0xFF escape", () => {
    for (const a of edge) {
      for (const b of edge) {
        const ea = encodeValue(a);
        const eb = encodeValue(b);
        if (ea.length < eb.length && eb.subarray(0, ea.length).equals(ea)) {
          expect(eb[ea.length]).toBe(0xff);
          expect(compareValues(a, b)).toBeLessThan(0);
        }
      }
    }
  });
});
