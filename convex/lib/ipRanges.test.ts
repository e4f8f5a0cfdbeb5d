import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AddressKind, classifyIp, isPublicIp } from "./ipRanges";

const expectKinds = (cases: Record<string, AddressKind | null>) => {
  for (const [host, kind] of Object.entries(cases)) expect(classifyIp(host), host).toBe(kind);
};

describe("classifyIp: IPv4", () => {
  it("classifies the special-purpose ranges and their edges", () => {
    expectKinds({
      "0.0.0.0": "unspecified",
      "0.255.255.255": "unspecified",
      "1.0.0.0": "public",
      "9.255.255.255": "public",
      "10.0.0.0": "private",
      "10.255.255.255": "private",
      "11.0.0.0": "public",
      "100.63.255.255": "public",
      "100.64.0.0": "cgnat",
      "100.127.255.255": "cgnat",
      "100.128.0.0": "public",
      "127.0.0.1": "loopback",
      "127.255.255.254": "loopback",
      "169.254.169.254": "link-local",
      "169.255.0.1": "public",
      "172.15.255.255": "public",
      "172.16.0.0": "private",
      "172.31.255.255": "private",
      "172.32.0.0": "public",
      "192.0.0.8": "reserved",
      "192.0.2.1": "documentation",
      "192.88.99.1": "reserved",
      "192.167.255.255": "public",
      "192.168.0.1": "private",
      "192.169.0.0": "public",
      "198.17.255.255": "public",
      "198.18.0.0": "benchmarking",
      "198.19.255.255": "benchmarking",
      "198.20.0.0": "public",
      "198.51.100.7": "documentation",
      "203.0.113.9": "documentation",
      "223.255.255.255": "public",
      "224.0.0.1": "multicast",
      "239.255.255.255": "multicast",
      "240.0.0.1": "reserved",
      "255.255.255.254": "reserved",
      "255.255.255.255": "broadcast",
      "8.8.8.8": "public",
      "1.1.1.1": "public",
    });
  });

  it("reads every inet_aton spelling, so no form of a private address slips through as a hostname", () => {
    expectKinds({
      "2130706433": "loopback", // 127.0.0.1 as one number
      "0x7f000001": "loopback",
      "0177.0.0.1": "loopback",
      "127.1": "loopback",
      "127.0.1": "loopback",
      "0x7f.1": "loopback",
      "10.0x10.0.1": "private",
      "0": "unspecified",
      "0x": "unspecified", // an empty hex part is 0 for the URL parser too
      "127.0.0.1.": "loopback", // trailing dot
      "3232235777": "private", // 192.168.1.1
      "134744072": "public", // 8.8.8.8
    });
  });

  it("is not an IPv4 literal otherwise", () => {
    for (const host of [
      "example.com",
      "256.0.0.1",
      "1.2.3.4.5",
      "1..2.3",
      "08.0.0.1",
      "4294967296",
      "127.0.0.1x",
      "",
      "1.2.3.256",
    ]) {
      expect(classifyIp(host), host).toBeNull();
    }
  });
});

describe("classifyIp: IPv6", () => {
  it("classifies the special ranges", () => {
    expectKinds({
      "::": "unspecified",
      "::1": "loopback",
      "0:0:0:0:0:0:0:1": "loopback",
      "fe80::1": "link-local",
      "febf:ffff::": "link-local",
      "fec0::1": "private",
      "fc00::1": "private",
      "fd12:3456:789a::1": "private",
      "ff02::1": "multicast",
      "2001:db8::1": "documentation",
      "3fff::1": "documentation",
      "2001::1": "reserved", // Teredo
      "2001:0:4136:e378:8000:63bf:3fff:fdd2": "reserved",
      "100::1": "reserved",
      "64:ff9b:1::1": "private",
      "2606:4700:4700::1111": "public",
      "2001:4860:4860::8888": "public",
      "4000::1": "reserved", // outside 2000::/3
      "::2": "unspecified", // IPv4-compatible 0.0.0.2, in 0.0.0.0/8
    });
  });

  it("judges embedded IPv4 addresses by their own range", () => {
    expectKinds({
      "::ffff:127.0.0.1": "loopback",
      "::ffff:7f00:1": "loopback",
      "::ffff:10.1.2.3": "private",
      "::ffff:169.254.169.254": "link-local",
      "::ffff:8.8.8.8": "public",
      "0:0:0:0:0:ffff:192.168.0.1": "private",
      "::127.0.0.1": "loopback", // IPv4-compatible
      "64:ff9b::10.0.0.1": "private", // NAT64
      "64:ff9b::8.8.8.8": "public",
      "2002:7f00:1::": "loopback", // 6to4 of 127.0.0.1
      "2002:0808:0808::1": "public",
    });
  });

  it("accepts brackets, zones and any case", () => {
    expectKinds({
      "[::1]": "loopback",
      "[fe80::1%eth0]": "link-local",
      "fe80::1%25en0": "link-local",
      "[::FFFF:127.0.0.1]": "loopback",
      "FE80::ABCD": "link-local",
    });
  });

  it("rejects malformed literals", () => {
    for (const host of [
      ":::",
      "1::2::3",
      "12345::",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7",
      "::ffff:127.0.0.256",
      "::ffff:1.2.3",
      "g::1",
      "1:2:3:4:5:6:7::8",
      ":1",
      "::ffff:0x7f.0.0.1",
    ]) {
      expect(classifyIp(host), host).toBeNull();
    }
  });

  it("parses every canonical and expanded form the same way as the URL parser", () => {
    const arbGroup = fc.integer({ min: 0, max: 0xffff });
    fc.assert(
      fc.property(fc.array(arbGroup, { minLength: 8, maxLength: 8 }), (groups) => {
        const full = groups.map((g) => g.toString(16)).join(":");
        // The WHATWG URL parser compresses to the canonical form; both spellings must classify alike.
        const canonical = new URL(`http://[${full}]/`).hostname;
        expect(classifyIp(canonical)).toBe(classifyIp(full));
        expect(classifyIp(full)).not.toBeNull();
      }),
    );
  });
});

describe("isPublicIp", () => {
  it("is true only for public unicast literals", () => {
    expect(isPublicIp("8.8.8.8")).toBe(true);
    expect(isPublicIp("[2606:4700:4700::1111]")).toBe(true);
    for (const host of [
      "127.0.0.1",
      "10.0.0.1",
      "169.254.169.254",
      "[::1]",
      "::ffff:10.0.0.1",
      "example.com",
      "0.0.0.0",
    ]) {
      expect(isPublicIp(host), host).toBe(false);
    }
  });

  it("agrees with the WHATWG URL parser's reading of IPv4 hosts", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom("dec", "hex", "oct", "short"), (n, form) => {
        const bytes = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
        const spelled =
          form === "dec"
            ? String(n)
            : form === "hex"
              ? `0x${n.toString(16)}`
              : form === "oct"
                ? bytes.map((b) => `0${b.toString(8)}`).join(".")
                : `${bytes[0]}.${(n & 0xffffff) >>> 0}`;
        const canonical = new URL(`http://${spelled}/`).hostname;
        expect(canonical).toBe(bytes.join("."));
        expect(classifyIp(spelled)).toBe(classifyIp(canonical));
      }),
    );
  });
});
