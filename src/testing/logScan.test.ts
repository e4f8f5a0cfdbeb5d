import { describe, expect, it } from "vitest";
import { logStats, scanLog } from "./logScan";

const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: 1, ...fields });
const clean = [
  line({ msg: "serving the API only", url: "http://127.0.0.1:4000" }),
  line({ requestId: "r1", msg: "request", method: "POST", path: "/api/v1/verify", status: 200 }),
  line({ requestId: "r2", msg: "bad key", keyPrefix: "gs_live_Ab3x", display: "gs_live_Ab3x…wxyz" }),
  line({ requestId: "r2", headers: { authorization: "[redacted]", "x-api-key": "[redacted]" } }),
].join("\n");

describe("scanLog", () => {
  it("passes clean logs, key display forms and redacted headers included", () => {
    expect(scanLog("clean", clean, [{ name: "metrics token", value: "metrics-token-1234" }])).toEqual([]);
  });

  it("finds a planted known secret and names it, with its line, never its value", () => {
    const planted = `${clean}\n${line({ requestId: "r3", msg: "scrape", detail: "got metrics-token-1234 here" })}`;
    const findings = scanLog("server.log", planted, [{ name: "metrics token", value: "metrics-token-1234" }]);
    expect(findings).toEqual([{ source: "server.log", line: 5, what: "the metrics token" }]);
  });

  it.each([
    ["a live key", "gs_live_0123456789abcdefghijABCDEFGHIJ0123456789", "an API key"],
    ["a test key", "gs_test_0123456789abcdefghijABCDEFGHIJ0123456789", "an API key"],
    ["a webhook secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "a webhook signing secret"],
    ["a bearer token", "Authorization: Bearer some-ingest-token", "a bearer credential"],
    ["a session cookie", "next-auth.session-token=4f1c2d0e-aaaa", "a session cookie"],
    ["a magic link", "http://localhost:3000/api/auth/callback/email?callbackUrl=%2F&token=9f8e7d6c5b4a39281706f5e4d3c2b1a0&email=a%40b.test", "a sign-in link token"],
    ["an invite link", "http://localhost:3000/invites/Qm9vbXNoYWthbGFrYS1ib29tc2hha2FsYWthLWJvb20", "an invite link token"],
  ])("finds %s by its shape", (_, planted, what) => {
    const findings = scanLog("server.log", `${clean}\n${line({ msg: "oops", detail: planted })}`, []);
    expect(findings.map((f) => f.what)).toEqual([what]);
  });

  it("finds a credential header logged unredacted", () => {
    const findings = scanLog("server.log", line({ headers: { cookie: "a=b" } }), []);
    expect(findings.map((f) => f.what)).toEqual(["a credential header value"]);
  });

  it("refuses a known secret too short to scan for", () => {
    expect(() => scanLog("server.log", clean, [{ name: "token", value: "abc" }])).toThrow(/too short/);
  });
});

describe("logStats", () => {
  it("counts non-empty lines and distinct request ids, non-JSON lines included", () => {
    expect(logStats(`${clean}\n\nnot json\n`)).toEqual({ lines: 5, requestIds: 2 });
  });
});
