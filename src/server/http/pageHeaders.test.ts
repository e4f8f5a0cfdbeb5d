import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { pageRequestPreparer } from "./pageHeaders";

function exchange(headers: Record<string, string> = {}) {
  const req = { headers: { ...headers }, socket: { remoteAddress: "203.0.113.7" } } as unknown as IncomingMessage;
  const sent = new Map<string, string>();
  const res = { setHeader: (name: string, value: string) => sent.set(name.toLowerCase(), value) } as unknown as ServerResponse;
  return { req, res, sent };
}

const scriptSrc = (csp: string) => csp.split("; ").find((directive) => directive.startsWith("script-src"))!;

describe("page headers", () => {
  const prepare = pageRequestPreparer({ target: "page", production: true, dev: false, proxyHops: 0 });

  it("gives every page a script-src with a fresh nonce and no 'unsafe-inline', and hands Next the same policy", () => {
    const first = exchange({ "content-security-policy": "script-src 'nonce-chosenbyclient'" });
    prepare(first.req, first.res);
    const csp = first.sent.get("content-security-policy")!;
    expect(scriptSrc(csp)).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' *$/);
    expect(csp).not.toContain("chosenbyclient");
    expect(first.req.headers["content-security-policy"]).toBe(csp);
    expect(first.sent.get("strict-transport-security")).toBeDefined();

    const second = exchange();
    prepare(second.req, second.res);
    expect(second.sent.get("content-security-policy")).not.toBe(csp);
  });

  it("allows eval only to Next's development server", () => {
    const dev = exchange();
    pageRequestPreparer({ target: "page", production: false, dev: true, proxyHops: 0 })(dev.req, dev.res);
    expect(scriptSrc(dev.sent.get("content-security-policy")!)).toContain("'unsafe-eval'");
    expect(scriptSrc(dev.sent.get("content-security-policy")!)).not.toContain("'unsafe-inline'");
  });
});
