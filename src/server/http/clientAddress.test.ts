import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddress, markClientAddress, trustedProxyHops } from "./clientAddress";

const request = (remoteAddress: string, headers: Record<string, string | string[]> = {}) =>
  ({ headers: { ...headers }, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe("client address", () => {
  it("is the TCP peer unless proxies are trusted: X-Forwarded-For is anyone's to write", () => {
    expect(clientAddress(request("203.0.113.7", { "x-forwarded-for": "198.51.100.1" }), 0)).toBe("203.0.113.7");
    expect(clientAddress(request("127.0.0.1", { "x-forwarded-for": "198.51.100.1" }), 0)).toBe("127.0.0.1");
  });

  it("behind n trusted proxies is the n-th X-Forwarded-For entry from the right, never a client's own claim", () => {
    const relayed = request("127.0.0.1", { "x-forwarded-for": "10.9.9.9, 203.0.113.7" });
    expect(clientAddress(relayed, 1)).toBe("203.0.113.7");
    expect(clientAddress(request("127.0.0.1", { "x-forwarded-for": ["1.1.1.1, 203.0.113.7", "10.0.0.2"] }), 2)).toBe("203.0.113.7");
    expect(clientAddress(request("127.0.0.1", { "x-forwarded-for": "203.0.113.7" }), 2)).toBe("203.0.113.7");
    expect(clientAddress(request("127.0.0.1", { "x-forwarded-for": "not-an-ip" }), 1)).toBe("127.0.0.1");
    expect(clientAddress(request("127.0.0.1"), 1)).toBe("127.0.0.1");
  });

  it("replaces whatever a client sent under the server's header", () => {
    const forged = request("203.0.113.7", { [CLIENT_ADDRESS_HEADER]: "192.0.2.1" });
    markClientAddress(forged, 0);
    expect(forged.headers[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.7");
  });

  it("reads TRUST_PROXY as a small hop count", () => {
    expect(trustedProxyHops(undefined)).toBe(0);
    expect(trustedProxyHops("false")).toBe(0);
    expect(trustedProxyHops("2")).toBe(2);
    expect(() => trustedProxyHops("true")).toThrow(/number of trusted reverse proxies/);
    expect(() => trustedProxyHops("-1")).toThrow();
  });
});
