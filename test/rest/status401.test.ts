/** 401: missing, malformed, unknown, revoked and expired keys get the very same answer, and nothing is recorded. */
import { describe, expect, it } from "vitest";
import { call, useDatabase } from "./fixtures";
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
});
