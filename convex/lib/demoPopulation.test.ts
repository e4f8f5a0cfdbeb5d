import { describe, expect, it } from "vitest";
import { demoAgent, demoAgentAddress, demoFlagReason, demoTierTarget } from "./demoPopulation";
import { applySignal, emptyAggregates, scoreFromAggregates } from "./score";
import { signalProblem, toScoreSignal } from "./signalInput";
import { isSolanaAddress } from "./solanaAddress";
import { TIERS } from "./validators";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-28T15:30:00Z");

describe("demo population", () => {
  it("is deterministic: the same index gives the same agent, and the same day the same history", () => {
    expect(demoAgent(7, NOW)).toEqual(demoAgent(7, NOW));
    expect(demoAgent(7, NOW)).toEqual(demoAgent(7, NOW - 3 * 3_600_000));
    expect(demoAgentAddress(7)).toBe(demoAgent(7, NOW + 30 * DAY).address);
    expect(demoAgent(7, NOW).signals.map((s) => s.id)).toEqual(demoAgent(7, NOW).signals.map((_, n) => `demo-7-${n}`));
  });

  it("gives distinct valid addresses and signals the ledger accepts, ending before the day they were drawn on", () => {
    const addresses = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const agent = demoAgent(i, NOW);
      expect(isSolanaAddress(agent.address)).toBe(true);
      addresses.add(agent.address);
      for (const signal of agent.signals) {
        expect(signalProblem(signal, NOW)).toBeNull();
        expect(signal.agentAddress).toBe(agent.address);
        expect(signal.at).toBeLessThan(Math.floor(NOW / DAY) * DAY);
        expect(signal.at).toBeGreaterThan(NOW - 11 * 7 * DAY);
      }
    }
    expect(addresses.size).toBe(200);
  });

  it("lands every agent in the tier it was drawn for, on any day of the week", () => {
    for (let day = 0; day < 7; day++) {
      const now = NOW + day * DAY;
      for (let i = 0; i < 300; i++) {
        const agent = demoAgent(i, now);
        const aggregates = agent.signals.reduce((agg, s) => applySignal(agg, toScoreSignal(s)), emptyAggregates());
        expect(scoreFromAggregates(aggregates, now).tier).toBe(demoTierTarget(i));
      }
    }
  });

  it("covers every tier within the first six agents and flags some, never agent 0", () => {
    expect(new Set(Array.from({ length: 6 }, (_, i) => demoTierTarget(i)))).toEqual(new Set(TIERS));
    const flagged = Array.from({ length: 200 }, (_, i) => i).filter((i) => demoFlagReason(i) !== undefined);
    expect(flagged).toEqual([12, 32, 52, 72, 92, 112, 132, 152, 172, 192]);
    expect(new Set(flagged.map(demoTierTarget)).size).toBe(1);
  });

  it("draws realistic histories: many signals for established agents, a handful for newcomers", () => {
    const sizes = Array.from({ length: 200 }, (_, i) => demoAgent(i, NOW)).map((a) => ({
      tier: a.tier,
      n: a.signals.length,
    }));
    const established = sizes.filter((s) => s.tier !== "NEWCOMER").map((s) => s.n);
    expect(sizes.filter((s) => s.tier === "NEWCOMER").every((s) => s.n <= 8)).toBe(true);
    expect(Math.min(...established)).toBeGreaterThanOrEqual(5);
    expect(established.reduce((a, b) => a + b, 0) / established.length).toBeGreaterThan(40);
    const types = new Set(Array.from({ length: 40 }, (_, i) => demoAgent(i, NOW).signals.map((s) => s.type)).flat());
    expect(types).toEqual(new Set(["job", "review", "dispute"]));
  });
});
