// Document ids: base32 of (varint table number, 6-byte millisecond clock, 8
// random bytes, 2-byte Fletcher-16 checksum), shaped like a Convex
// deployment's ids. Opaque to callers; the engine recovers the table number,
// and the checksum rejects strings that merely look like ids.
//
// Why a clock prefix: the implicit by_id index is keyed by the id, and base32
// of big-endian bytes sorts like the bytes. With random ids every insert
// landed on a random leaf page of the index, so a commit of n inserts wrote
// about n pages to the WAL (and the checkpoint copied them again); with
// clock-prefixed ids a table's new ids go to the right edge of its range, a
// page or two per commit. 64 random bits keep ids of the same millisecond
// apart.
import { randomFillSync } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Clock and random bytes together: the part of an id between table number and checksum. */
const BODY_BYTES = 14;
const CLOCK_BYTES = 6;
const RANDOM_BYTES = BODY_BYTES - CLOCK_BYTES;
const pool = Buffer.alloc(RANDOM_BYTES * 256);
let poolPos = pool.length;

function fletcher16(bytes: Uint8Array, len: number): number {
  let a = 0;
  let b = 0;
  for (let i = 0; i < len; i++) {
    a = (a + bytes[i]) % 255;
    b = (b + a) % 255;
  }
  return (b << 8) | a;
}

function base32(bytes: Uint8Array): string {
  let out = "";
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

function unbase32(s: string): Uint8Array | null {
  const out = new Uint8Array(Math.floor((s.length * 5) / 8));
  if (Math.ceil((out.length * 8) / 5) !== s.length) return null;
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const d = c < 128 ? DECODE[c] : -1;
    if (d < 0) return null;
    acc = ((acc << 5) | d) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[n++] = (acc >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  // Trailing padding bits must be zero, so each id has one spelling.
  if ((acc & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

export function newId(tableNumber: number): string {
  const bytes = new Uint8Array(5 + BODY_BYTES + 2);
  let n = 0;
  let t = tableNumber;
  while (t >= 0x80) {
    bytes[n++] = (t & 0x7f) | 0x80;
    t = Math.floor(t / 128);
  }
  bytes[n++] = t;
  // The real clock (Date may be pinned or injected inside a function): only the order of inserts matters here.
  let ms = Math.floor(performance.timeOrigin + performance.now());
  for (let i = CLOCK_BYTES - 1; i >= 0; i--) {
    bytes[n + i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  n += CLOCK_BYTES;
  if (poolPos + RANDOM_BYTES > pool.length) {
    randomFillSync(pool);
    poolPos = 0;
  }
  bytes.set(pool.subarray(poolPos, poolPos + RANDOM_BYTES), n);
  poolPos += RANDOM_BYTES;
  n += RANDOM_BYTES;
  const sum = fletcher16(bytes, n);
  bytes[n++] = sum >> 8;
  bytes[n++] = sum & 0xff;
  return base32(bytes.subarray(0, n));
}

/** The table number encoded in an id, or null if the string is not an id. */
export function tableNumberOfId(id: string): number | null {
  if (id.length < 26 || id.length > 34) return null;
  const bytes = unbase32(id);
  if (bytes === null) return null;
  let t = 0;
  let mul = 1;
  let n = 0;
  for (;;) {
    if (n >= 5 || n >= bytes.length) return null;
    const b = bytes[n++];
    t += (b & 0x7f) * mul;
    mul *= 128;
    if ((b & 0x80) === 0) break;
  }
  if (bytes.length !== n + BODY_BYTES + 2) return null;
  const sum = fletcher16(bytes, n + BODY_BYTES);
  if (bytes[n + BODY_BYTES] !== sum >> 8 || bytes[n + BODY_BYTES + 1] !== (sum & 0xff)) return null;
  return t;
}
