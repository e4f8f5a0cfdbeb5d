/** 415: a body of another media type is refused before authentication, and nothing is recorded. */
import { describe, expect, it } from "vitest";
import { call, useDatabase } from "./fixtures";
import { expectProblem } from "./problems";

const fx = useDatabase();

describe("415 UNSUPPORTED_MEDIA_TYPE", () => {
  it("refuses form and text bodies on both POST endpoints", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const agent = await fx.agent();
    const text = { "Content-Type": "text/plain" };
    await expectProblem(await call("/api/v1/verify", { key, body: JSON.stringify({ agentAddress: agent.address }), headers: text }), 415, "UNSUPPORTED_MEDIA_TYPE");
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    await expectProblem(await call("/api/v1/verify/batch", { key, body: `agents=${agent.address}`, headers: form }), 415, "UNSUPPORTED_MEDIA_TYPE");
    expect((await fx.usage(teamId)).events).toEqual([]);
  });
});
