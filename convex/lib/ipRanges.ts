/**
 * SSRF guard for webhook URLs (SPEC §4): classifies an IP address literal so that deliveries only go to public
 * unicast addresses. Pure string parsing, no DNS: the caller checks the URL's host and every address it resolves
 * to, at creation and again at delivery time (DNS rebinding).
 *
 * IPv4 literals are read the way the WHATWG URL parser and `inet_aton` read them (hex `0x7f`, octal `0177`, and
 * fewer than four parts such as `127.1` or `2130706433`), so no spelling of a private address passes as a
 * hostname. IPv6 literals may be bracketed (`URL.hostname` gives `[::1]`) and carry a zone (`fe80::1%eth0`).
 * IPv6 addresses that embed an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are judged by it.
 */

export type AddressKind =
  | "public"
  | "private"
  | "loopback"
  | "link-local"
  | "unspecified"
  | "cgnat"
  | "multicast"
  | "broadcast"
  | "documentation"
  | "benchmarking"
  | "reserved";

type Range = readonly [prefix: bigint, bits: number, kind: AddressKind];

/** IPv4 special-purpose ranges (IANA registry, RFC 6890 and successors), as [address, prefix length, kind]. */
const IPV4_RANGES: ReadonlyArray<readonly [string, number, AddressKind]> = [
  ["0.0.0.0", 8, "unspecified"], // "this network"
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "cgnat"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"], // IETF protocol assignments
  ["192.0.2.0", 24, "documentation"],
  ["192.31.196.0", 24, "reserved"], // AS112
  ["192.52.193.0", 24, "reserved"], // AMT
  ["192.88.99.0", 24, "reserved"], // deprecated 6to4 relay anycast
  ["192.168.0.0", 16, "private"],
  ["192.175.48.0", 24, "reserved"], // direct delegation AS112
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["255.255.255.255", 32, "broadcast"], // before 240/4, which contains it
  ["240.0.0.0", 4, "reserved"],
];

/** IPv6 ranges that are not judged by an embedded IPv4 address; checked in order, first match wins. */
const IPV6_RANGES: ReadonlyArray<readonly [string, number, AddressKind]> = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["64:ff9b:1::", 48, "private"], // local-use NAT64
  ["100::", 64, "reserved"], // discard-only
  ["2001:db8::", 32, "documentation"],
  ["2001::", 23, "reserved"], // IETF protocol assignments, Teredo included
  ["3fff::", 20, "documentation"],
  ["fc00::", 7, "private"], // unique local
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "private"], // deprecated site-local
  ["ff00::", 8, "multicast"],
];

/** IPv6 prefixes whose low bits carry an IPv4 address, with where it sits (bit offset from the top). */
const IPV6_EMBEDDING: ReadonlyArray<readonly [string, number, number]> = [
  ["::ffff:0:0", 96, 96], // IPv4-mapped
  ["::", 96, 96], // IPv4-compatible (deprecated)
  ["64:ff9b::", 96, 96], // NAT64 well-known prefix
  ["2002::", 16, 16], // 6to4
];

/** Reads one IPv4 part as inet_aton does: 0x hex, leading-0 octal, else decimal. */
function parseIpv4Part(part: string): number | null {
  if (/^0[xX][0-9a-fA-F]*$/.test(part)) return part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
  if (/^0[0-7]+$/.test(part)) return Number.parseInt(part, 8);
  if (/^(0|[1-9][0-9]*)$/.test(part)) return Number(part);
  return null;
}

/** IPv4 address as a 32-bit number, or null if `text` is not an IPv4 literal in any inet_aton form. */
function parseIpv4(text: string): number | null {
  const parts = text.endsWith(".") ? text.slice(0, -1).split(".") : text.split(".");
  if (parts.length < 1 || parts.length > 4) return null;
  const values = parts.map(parseIpv4Part);
  if (values.some((v) => v === null)) return null;
  const numbers = values as number[];
  const last = numbers[numbers.length - 1];
  if (numbers.slice(0, -1).some((v) => v > 255) || last >= 256 ** (5 - numbers.length)) return null;
  let address = last;
  numbers.slice(0, -1).forEach((v, i) => {
    address += v * 256 ** (3 - i);
  });
  return address;
}

const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function hexGroups(text: string): number[] | null {
  if (text === "") return [];
  const groups = text.split(":");
  return groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? groups.map((g) => Number.parseInt(g, 16)) : null;
}

/** IPv6 address as a 128-bit bigint, or null. Accepts `::` compression and a trailing dotted IPv4. */
function parseIpv6(text: string): bigint | null {
  const lastColon = text.lastIndexOf(":");
  if (lastColon === -1) return null;
  let head = text;
  let tail: number[] = [];
  const last = text.slice(lastColon + 1);
  if (last.includes(".")) {
    if (!DOTTED_QUAD.test(last)) return null;
    const v4 = parseIpv4(last)!;
    tail = [v4 >>> 16, v4 & 0xffff];
    // Keep a "::" before the dotted quad, drop a single separating ":".
    head = text.slice(0, lastColon + 1);
    if (!head.endsWith("::")) head = head.slice(0, -1);
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  let groups: number[];
  if (halves.length === 2) {
    const before = hexGroups(halves[0]);
    const after = hexGroups(halves[1]);
    if (before === null || after === null) return null;
    const missing = 8 - before.length - after.length - tail.length;
    if (missing < 1) return null;
    groups = [...before, ...Array<number>(missing).fill(0), ...after, ...tail];
  } else {
    const all = hexGroups(head);
    if (all === null) return null;
    groups = [...all, ...tail];
    if (groups.length !== 8) return null;
  }
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

function toRanges(list: ReadonlyArray<readonly [string, number, AddressKind]>, width: 32 | 128): Range[] {
  return list.map(([address, bits, kind]) => [
    width === 32 ? BigInt(parseIpv4(address)!) : parseIpv6(address)!,
    bits,
    kind,
  ]);
}

const V4 = toRanges(IPV4_RANGES, 32);
const V6 = toRanges(IPV6_RANGES, 128);
const V6_EMBEDDING = IPV6_EMBEDDING.map(([address, bits, offset]) => [parseIpv6(address)!, bits, offset] as const);

const inRange = (value: bigint, prefix: bigint, bits: number, width: number): boolean =>
  value >> BigInt(width - bits) === prefix >> BigInt(width - bits);

function classifyV4(address: number): AddressKind {
  const value = BigInt(address);
  return V4.find(([prefix, bits]) => inRange(value, prefix, bits, 32))?.[2] ?? "public";
}

function classifyV6(address: bigint): AddressKind {
  const special = V6.find(([prefix, bits]) => inRange(address, prefix, bits, 128));
  if (special) return special[2];
  for (const [prefix, bits, offset] of V6_EMBEDDING) {
    if (inRange(address, prefix, bits, 128)) return classifyV4(Number((address >> BigInt(96 - offset)) & 0xffffffffn));
  }
  // Only 2000::/3 is allocated for global unicast; everything else is reserved.
  return address >> 125n === 1n ? "public" : "reserved";
}

/** What kind of address `host` is, or null when it is not an IP literal (a hostname, to resolve first). */
export function classifyIp(host: string): AddressKind | null {
  let text = host.trim();
  if (text.startsWith("[") && text.endsWith("]")) text = text.slice(1, -1);
  if (text.includes(":")) {
    const zone = text.indexOf("%");
    const address = parseIpv6(zone === -1 ? text : text.slice(0, zone));
    return address === null ? null : classifyV6(address);
  }
  const v4 = parseIpv4(text);
  return v4 === null ? null : classifyV4(v4);
}

/** True only for a public unicast IP literal: what a webhook may be delivered to. */
export function isPublicIp(host: string): boolean {
  return classifyIp(host) === "public";
}
