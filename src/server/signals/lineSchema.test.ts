import { describe, expect, it } from "vitest";
import { encodeBase58 } from "../../../convex/lib/solanaAddress";
import { parseNdjsonLine, toSignalInput } from "./lineSchema";

const agentAddress = encodeBase58(new Uint8Array(32).fill(3));

describe("signal lines at the edge", () => {
  it("turns SPEC §10 lines into ledger input: ms times (any offset), micro-USD, extra fields ignored", () => {
    const job = { id: "sig_1", type: "job", agentAddress, at: "2026-11-01T13:00:00+01:00", success: true, responseTimeMs: 800, amountUsd: 1.1, note: "x" };
    expect(toSignalInput(job, 7)).toEqual({
      signal: { line: 7, id: "sig_1", type: "job", agentAddress, at: Date.parse("2026-11-01T12:00:00Z"), success: true, responseTimeMs: 800, amountMicroUsd: 1_100_000 },
    });
    expect(parseNdjsonLine(JSON.stringify({ id: "sig_3", type: "dispute", agentAddress, at: "2026-11-03T10:00:00Z", outcome: "opened" }), 2)).toEqual({
      signal: { line: 2, id: "sig_3", type: "dispute", agentAddress, at: Date.parse("2026-11-03T10:00:00Z"), outcome: "opened" },
    });
  });

  it.each([
    [{ type: "job" }, /^id/],
    [{ id: "a", type: "vote", agentAddress, at: "2026-11-01T12:00:00Z" }, /^type/],
    [{ id: "a", type: "review", agentAddress, at: "2026-11-01T12:00:00", rating: 3 }, /^at/],
    [{ id: "a", type: "review", agentAddress, at: "2026-11-01T12:00:00Z", rating: 3.5 }, /^rating/],
    [{ id: "a", type: "dispute", agentAddress, at: "2026-11-01T12:00:00Z", outcome: "won" }, /^outcome/],
    [{ id: "a", type: "job", agentAddress, at: "2026-11-01T12:00:00Z", success: true, amountUsd: -1 }, /^amountUsd/],
    [[1, 2], /object|expected/i],
  ])("refuses %j naming the field", (value, message) => {
    const result = toSignalInput(value, 5);
    expect(result).toMatchObject({ error: { line: 5 } });
    expect("error" in result && result.error.message).toMatch(message);
  });

  it("skips blank lines and refuses text that is not JSON", () => {
    expect(parseNdjsonLine("   \r", 1)).toBeNull();
    expect(parseNdjsonLine("{oops", 2)).toEqual({ error: { line: 2, message: "not valid JSON" } });
  });
});
