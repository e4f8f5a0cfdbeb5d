import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { isLoopbackAddress, LOOPBACK_HEADER, markLoopback } from "./loopback";

const request = (remoteAddress: string, headers: Record<string, string> = {}) =>
  ({ headers: { ...headers }, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe("loopback", () => {
  it("knows this machine's addresses, IPv4-mapped ones included, and nothing else", () => {
    for (const address of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ["10.0.0.1", "192.168.1.2", "::ffff:10.0.0.1", "fe80::1", "1270.0.0.1", "", undefined]) expect(isLoopbackAddress(address)).toBe(false);
  });

  it("marks a loopback request and strips a forged mark from any other", () => {
    const local = request("127.0.0.1");
    markLoopback(local);
    expect(local.headers[LOOPBACK_HEADER]).toBe("1");

    const forged = request("203.0.113.7", { [LOOPBACK_HEADER]: "1" });
    markLoopback(forged);
    expect(forged.headers[LOOPBACK_HEADER]).toBeUndefined();
  });

  it("never marks a request a proxy on this machine relayed, whatever it claims", () => {
    for (const header of ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip", "via"]) {
      const relayed = request("127.0.0.1", { [header]: "127.0.0.1", [LOOPBACK_HEADER]: "1" });
      markLoopback(relayed);
      expect(relayed.headers[LOOPBACK_HEADER], header).toBeUndefined();
    }
  });
});
