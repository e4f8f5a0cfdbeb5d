/** 413: a body over 64 KiB is refused before it is parsed, with a valid key too, and nothing is recorded. */
import { describe, expect, it } from "vitest";
import { call, useDatabase } from "./fixtures";
import { expectProblem } from "./problems";

const fx = useDatabase();

describe("413 PAYLOAD_TOO_LARGE", () => {
  it("refuses an oversized verify and batch body without recording them", async () => {
    const { teamId, key } = await fx.teamWithKey();
    await expectProblem(await call("/api/v1/verify", { key, body: { agentAddress: "x".repeat(65 * 1024) } }), 413, "PAYLOAD_TOO_LARGE");
    const agents = new Array(100).fill("y".repeat(700));
    await expectProblem(await call("/api/v1/verify/batch", { key, body: { agents } }), 413, "PAYLOAD_TOO_LARGE");
    expect((await fx.usage(teamId)).events).toEqual([]);
  });
});
