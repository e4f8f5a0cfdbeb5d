// Order-preserving byte encoding of Convex values, so SQLite's memcmp order on
// BLOB keys equals convex/values `compareValues` order. Tuple-layer style: a
// type tag per value, fixed-width sign-flipped numbers, 0x00-terminated
// strings/bytes with 0x00 escaped as 0x00 0xFF. Every encoding is prefix-free,
// which index range compilation relies on (see indexRange.ts).
import type { Value } from "convex/values";

// Tags follow compareValues' type order; none is 0x00 (terminator) or 0xFF
// (escape / "after everything" marker).
const TAG_UNDEFINED = 0x01;
const TAG_NULL = 0x02;
const TAG_BIGINT = 0x03;
const TAG_NUMBER = 0x04;
const TAG_BOOLEAN = 0x05;
const TAG_STRING = 0x06;
const TAG_BYTES = 0x07;
const TAG_ARRAY = 0x08;
const TAG_OBJECT = 0x0a;

/** A byte greater than the first byte of any encoded value. */
export const AFTER_ANY_VALUE = 0xff;

class Writer {
  buf: Buffer;
  len = 0;
  constructor(size = 64) {
    this.buf = Buffer.allocUnsafe(size);
  }
  ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }
  /** Appends b, escaping 0x00 as 0x00 0xFF. */
  escaped(b: number): void {
    if (b === 0) {
      this.ensure(2);
      this.buf[this.len++] = 0;
      this.buf[this.len++] = 0xff;
    } else {
      this.ensure(1);
      this.buf[this.len++] = b;
    }
  }
  result(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}

const f64 = new DataView(new ArrayBuffer(8));
const NEG_NAN_MIN_BITS = 0xfff0000000000001n;

function writeNumber(w: Writer, n: number): void {
  f64.setFloat64(0, n);
  let bits = f64.getBigUint64(0);
  if (Number.isNaN(n)) {
    // compareValues puts sign-bit NaNs below -Infinity and other NaNs above
    // +Infinity, ordering NaNs of one sign by their raw bits ascending. It
    // sees NaNs quieted (V8 sets the quiet bit when it stores them in the
    // arrays compareValues builds), so quiet them here too.
    bits = bits | 0x0008000000000000n;
    if (bits >= 0x8000000000000000n) bits = bits - NEG_NAN_MIN_BITS;
    else bits = bits | 0x8000000000000000n;
  } else if (bits >= 0x8000000000000000n) {
    bits = ~bits & 0xffffffffffffffffn; // negatives (incl. -0): reverse order
  } else {
    bits = bits | 0x8000000000000000n;
  }
  f64.setBigUint64(0, bits);
  w.ensure(8);
  for (let i = 0; i < 8; i++) w.buf[w.len++] = f64.getUint8(i);
}

function writeBigInt(w: Writer, n: bigint): void {
  f64.setBigInt64(0, BigInt.asIntN(64, n));
  f64.setUint8(0, f64.getUint8(0) ^ 0x80);
  w.ensure(8);
  for (let i = 0; i < 8; i++) w.buf[w.len++] = f64.getUint8(i);
}

// WTF-8 (UTF-8 that keeps lone surrogates as 3-byte sequences), because
// compareUTF8 orders strings by exactly those bytes, code point by code point.
function writeStringBody(w: Writer, s: string): void {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      w.escaped(c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    w.ensure(4);
    if (c < 0x800) {
      w.buf[w.len++] = 0xc0 | (c >> 6);
      w.buf[w.len++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      w.buf[w.len++] = 0xe0 | (c >> 12);
      w.buf[w.len++] = 0x80 | ((c >> 6) & 0x3f);
      w.buf[w.len++] = 0x80 | (c & 0x3f);
    } else {
      w.buf[w.len++] = 0xf0 | (c >> 18);
      w.buf[w.len++] = 0x80 | ((c >> 12) & 0x3f);
      w.buf[w.len++] = 0x80 | ((c >> 6) & 0x3f);
      w.buf[w.len++] = 0x80 | (c & 0x3f);
    }
  }
  w.byte(0);
}

function writeValue(w: Writer, v: Value | undefined): void {
  if (v === undefined) return w.byte(TAG_UNDEFINED);
  if (v === null) return w.byte(TAG_NULL);
  switch (typeof v) {
    case "bigint":
      w.byte(TAG_BIGINT);
      return writeBigInt(w, v);
    case "number":
      w.byte(TAG_NUMBER);
      return writeNumber(w, v);
    case "boolean":
      w.byte(TAG_BOOLEAN);
      return w.byte(v ? 1 : 0);
    case "string":
      w.byte(TAG_STRING);
      return writeStringBody(w, v);
  }
  if (v instanceof ArrayBuffer) {
    w.byte(TAG_BYTES);
    const bytes = new Uint8Array(v);
    for (let i = 0; i < bytes.length; i++) w.escaped(bytes[i]);
    return w.byte(0);
  }
  if (Array.isArray(v)) {
    w.byte(TAG_ARRAY);
    for (const item of v) writeValue(w, item);
    return w.byte(0);
  }
  if (typeof v === "object") {
    // compareValues compares objects as the list of [key, value] pairs sorted
    // by JS default sort; a pair is encoded as string key then value.
    w.byte(TAG_OBJECT);
    const obj = v as Record<string, Value>;
    for (const k of Object.keys(obj).sort()) {
      w.byte(TAG_STRING);
      writeStringBody(w, k);
      writeValue(w, obj[k]);
    }
    return w.byte(0);
  }
  throw new Error(`Cannot encode ${String(v)} as an index key`);
}

/** Encodes one value. */
export function encodeValue(v: Value | undefined): Buffer {
  const w = new Writer(16);
  writeValue(w, v);
  return w.result();
}

/** Encodes a tuple of values as the concatenation of their encodings. */
export function encodeTuple(values: ReadonlyArray<Value | undefined>): Buffer {
  const w = new Writer(64);
  for (const v of values) writeValue(w, v);
  return w.result();
}
