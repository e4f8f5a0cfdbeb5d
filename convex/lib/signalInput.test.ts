import { describe, expect, it } from "vitest";
import { applySignal, emptyAggregates } from "./score";
import { MAX_FUTURE_SKEW_MS, type SignalInput, signalProblem, toScoreSignal } from "./signalInput";
import { encodeBase58 } from "./solanaAddress";

const NOW = Date.parse("2026-11-28T00:00:00Z");
const address = encodeBase58(new Uint8Array(32).fill(9));
const job: SignalInput = {
  line: 1,
  id: "j1",
  type: "job",
  agentAddress: address,
  at: NOW - 1000,
  success: true,
  responseTimeMs: 800,
  amountMicroUsd: 1_500_000,
};

describe("signalProblem", () => {
  it("accepts well-formed signals of each type", () => {
    expect(signalProblem(job, NOW)).toBeNull();
    expect(
      signalProblem({ line: 2, id: "r", type: "review", agentAddress: address, at: NOW, rating: 5 }, NOW),
    ).toBeNull();
    expect(
      signalProblem({ line: 3, id: "d", type: "dispute", agentAddress: address, at: NOW, outcome: "opened" }, NOW),
    ).toBeNull();
    expect(signalProblem({ ...job, at: NOW + MAX_FUTURE_SKEW_MS }, NOW)).toBeNull();
  });

  it.each<[string, SignalInput, RegExp]>([
    ["empty id", { ...job, id: "" }, /^id must be 1 to 128/],
    ["long id", { ...job, id: "x".repeat(129) }, /^id must be/],
    ["bad address", { ...job, agentAddress: "0OIl" }, /Solana address/],
    ["NaN time", { ...job, at: Number.NaN }, /not a valid time/],
    ["negative time", { ...job, at: -1 }, /not a valid time/],
    ["future", { ...job, at: NOW + MAX_FUTURE_SKEW_MS + 1 }, /future/],
    ["negative response time", { ...job, responseTimeMs: -1 }, /responseTimeMs/],
    ["infinite response time", { ...job, responseTimeMs: Number.POSITIVE_INFINITY }, /responseTimeMs/],
    ["fractional micro-USD", { ...job, amountMicroUsd: 0.5 }, /amount/],
    ["negative amount", { ...job, amountMicroUsd: -1 }, /amount/],
    ["rating 0", { line: 1, id: "r", type: "review", agentAddress: address, at: NOW, rating: 0 }, /rating/],
    ["rating 4.5", { line: 1, id: "r", type: "review", agentAddress: address, at: NOW, rating: 4.5 }, /rating/],
  ])("refuses %s", (_, signal, message) => {
    expect(signalProblem(signal, NOW)).toMatch(message);
  });
});

describe("toScoreSignal", () => {
  it("hands the score module dollars that round back to the same micro-USD", () => {
    for (const micro of [0, 1, 1_500_000, 999_999_999, 123_456_789_012_345]) {
      const agg = applySignal(emptyAggregates(), toScoreSignal({ ...job, amountMicroUsd: micro }));
      expect(agg.totalAmountMicroUsd).toBe(micro);
    }
  });
});
