import { describe, expect, it } from "vitest";
import { agentRow, testAddress } from "@/testing/agentRows";
import { batchResult, batchSummary, uniqueAddresses } from "./batch";

describe("uniqueAddresses", () => {
  it("keeps the first occurrence of each address, in order, and marks invalid ones", () => {
    const [a, b] = [testAddress(1), testAddress(2)];
    expect(uniqueAddresses([b, a, "0OIl", b, a, "0OIl"])).toEqual([
      { address: b, valid: true },
      { address: a, valid: true },
      { address: "0OIl", valid: false },
    ]);
  });
});

describe("batchResult and batchSummary", () => {
  it("gives per-item errors and counts every tier", () => {
    const agent = agentRow(testAddress(3), { jobs: 30, successRate: 1, responseTimeMs: 200 }, Date.UTC(2026, 0, 1));
    const results = [
      batchResult({ address: "bad", agent: "invalid" }, undefined),
      batchResult({ address: testAddress(4), agent: null }, undefined),
      batchResult({ address: agent.address, agent }, 2_000),
    ];
    expect(results.map((r) => r.error ?? r.verified)).toEqual(["INVALID_ADDRESS", "AGENT_NOT_FOUND", false]);
    const summary = batchSummary(5, results);
    expect(summary).toMatchObject({ requested: 5, unique: 3, found: 1, notFound: 1, invalid: 1 });
    expect(Object.values(summary.tierDistribution).reduce((x, y) => x + y, 0)).toBe(1);
    expect(summary.tierDistribution[agent.tier]).toBe(1);
    expect(Object.keys(summary.tierDistribution)).toEqual(["NEWCOMER", "BRONZE", "SILVER", "GOLD", "PLATINUM", "DIAMOND"]);
  });
});
