/**
 * 401: missing, malformed, unknown, revoked and expired keys get the very same answer, and nothing is recorded.
 * Authentication comes first: without a valid key the answer is that 401 whatever the body, query or path.
 */
import { describe, expect, it } from "vitest";
import { baseUrl, call, useDatabase } from "./fixtures";
import { expectProblem } from "./problems";

const fx = useDatabase();

describe("401 UNAUTHORIZED", () => {
  it("answers identically for every kind of bad key", async () => {
    const teamId = await fx.team();
    const agent = await fx.agent();
    const revoked = await fx.key(teamId);
    await fx.revoke(revoked.keyId);
    const expiring = await fx.key(teamId, { expiresAt: Date.now() + 300 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const body = { agentAddress: agent.address };
    const attempts: Record<string, Record<string, string>> = {
      missing: {},
      malformed: { "X-API-Key": "gs_live_short" },
      "wrong scheme": { Authorization: `Basic ${revoked.key}` },
      unknown: { "X-API-Key": `gs_live_${"A".repeat(40)}` },
      revoked: { "X-API-Key": revoked.key },
      expired: { Authorization: `Bearer ${expiring.key}` },
    };
    const answers = [];
    for (const [name, headers] of Object.entries(attempts)) {
      const response = await call("/api/v1/verify", { body, headers });
      const problem = await expectProblem(response, 401, "UNAUTHORIZED");
      expect(response.headers.get("x-ratelimit-limit"), name).toBeNull();
      answers.push({ ...problem, requestId: undefined });
    }
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    await expectProblem(await call(`/api/v1/agents/${agent.address}/score`), 401, "UNAUTHORIZED");
    await expectProblem(await call("/api/v1/usage"), 401, "UNAUTHORIZED");
    expect((await fx.usage(teamId)).events).toEqual([]);
  });

  it("answers 401 before looking at the body, query or path", async () => {
    const teamId = await fx.team();
    const revoked = await fx.key(teamId);
    await fx.revoke(revoked.keyId);
    const keys: Record<string, Record<string, string>> = {
      missing: {},
      malformed: { "X-API-Key": "gs_live_short" },
      unknown: { "X-API-Key": `gs_live_${"B".repeat(40)}` },
      revoked: { Authorization: `Bearer ${revoked.key}` },
    };
    const json = { "Content-Type": "application/json" };
    const requests: [string, string, RequestInit][] = [
      ["malformed JSON", "/api/v1/verify", { method: "POST", headers: json, body: '{"agentAddress": ' }],
      ["invalid body", "/api/v1/verify/batch", { method: "POST", headers: json, body: JSON.stringify({ agents: [] }) }],
      ["text body", "/api/v1/verify", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "x" }],
      ["body over 64 KiB", "/api/v1/verify", { method: "POST", headers: json, body: JSON.stringify({ agentAddress: "x".repeat(70 * 1024) }) }],
      ["invalid query", "/api/v1/usage?granularity=week", {}],
      ["invalid path", "/api/v1/agents/not-an-address/score", {}],
      ["invalid webhook body", "/api/v1/webhooks", { method: "POST", headers: json, body: JSON.stringify({ url: 1 }) }],
      ["bad Idempotency-Key", "/api/v1/verify", { method: "POST", headers: { ...json, "Idempotency-Key": "has spaces" }, body: "{}" }],
    ];
    const answers = [];
    for (const [keyName, keyHeaders] of Object.entries(keys)) {
      for (const [name, pathname, init] of requests) {
        const response = await fetch(`${baseUrl}${pathname}`, { ...init, headers: { ...(init.headers as Record<string, string>), ...keyHeaders } });
        expect(response.status, `${keyName} key, ${name}`).toBe(401);
        const problem = await expectProblem(response, 401, "UNAUTHORIZED");
        answers.push({ ...problem, requestId: undefined });
      }
    }
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect((await fx.usage(teamId)).events).toEqual([]);
  });
});
