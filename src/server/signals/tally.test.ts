import { describe, expect, it } from "vitest";
import { IngestTally, MAX_LISTED_ERRORS } from "./tally";

const chunk = (over: Partial<Parameters<IngestTally["add"]>[0]> = {}) => ({
  accepted: 0,
  duplicates: 0,
  rejected: 0,
  agentAddresses: [],
  errors: [],
  ...over,
});

describe("IngestTally", () => {
  it("adds up chunks, counting an agent touched by several chunks once", () => {
    const tally = new IngestTally();
    tally.add(chunk({ accepted: 3, duplicates: 1, agentAddresses: ["a", "b"] }));
    tally.add(chunk({ accepted: 2, rejected: 1, agentAddresses: ["b", "c"], errors: [{ line: 9, message: "x" }] }));
    tally.reject({ line: 4, message: "not valid JSON" });
    expect(tally.summary()).toEqual({
      accepted: 5,
      duplicates: 1,
      rejected: 2,
      agentsUpdated: 3,
      errors: [
        { line: 4, message: "not valid JSON" },
        { line: 9, message: "x" },
      ],
    });
    expect(tally.processed).toBe(8);
  });

  it(`lists the ${MAX_LISTED_ERRORS} lowest rejected lines, whatever the order they arrive in, and counts them all`, () => {
    const tally = new IngestTally();
    for (let line = 3_000; line > 1_500; line--) tally.reject({ line, message: "late" });
    tally.add(chunk({ rejected: 600, errors: Array.from({ length: 600 }, (_, i) => ({ line: i + 1, message: "early" })) }));
    const summary = tally.summary();
    expect(summary.rejected).toBe(2_100);
    expect(summary.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(summary.errors.map((e) => e.line)).toEqual([
      ...Array.from({ length: 600 }, (_, i) => i + 1),
      ...Array.from({ length: 400 }, (_, i) => 1_501 + i),
    ]);
  });
});
