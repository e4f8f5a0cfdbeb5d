/** 400: malformed JSON and bodies or parameters that fail the schema are refused before the key is checked. */
import { describe, expect, it } from "vitest";
import { call, useDatabase } from "./fixtures";
import { expectProblem } from "./problems";

const fx = useDatabase();

describe("400 VALIDATION_ERROR", () => {
  it("lists each invalid field, and records nothing", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const verify = await expectProblem(
      await call("/api/v1/verify", { key, body: { agentAddress: "0OIl-not-base58", requiredScore: 1001, returnMetrics: "yes" } }),
      400,
      "VALIDATION_ERROR",
    );
    expect(verify.errors?.map((e) => e.field).sort()).toEqual(["agentAddress", "requiredScore", "returnMetrics"]);

    await expectProblem(await call("/api/v1/verify", { key, body: '{"agentAddress": ' }), 400, "VALIDATION_ERROR");
    await expectProblem(await call("/api/v1/verify", { key, body: [] }), 400, "VALIDATION_ERROR");
    const batch = await expectProblem(await call("/api/v1/verify/batch", { key, body: { agents: [] } }), 400, "VALIDATION_ERROR");
    expect(batch.errors?.[0].field).toBe("agents");
    await expectProblem(await call("/api/v1/verify/batch", { key, body: { agents: new Array(101).fill("x") } }), 400, "VALIDATION_ERROR");
    await expectProblem(await call("/api/v1/agents/not-an-address/score", { key }), 400, "VALIDATION_ERROR");
    await expectProblem(await call("/api/v1/usage?granularity=week", { key }), 400, "VALIDATION_ERROR");
    await expectProblem(await call("/api/v1/usage?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", { key }), 400, "VALIDATION_ERROR");
    await expectProblem(await call("/api/v1/usage?from=2000-01-01T00:00:00Z&granularity=hour", { key }), 400, "VALIDATION_ERROR");
    await expectProblem(
      await call("/api/v1/verify", { key, body: { agentAddress: (await fx.agent()).address }, headers: { "Idempotency-Key": "has spaces" } }),
      400,
      "VALIDATION_ERROR",
    );

    expect((await fx.usage(teamId)).events).toEqual([]);
  });
});
