/**
 * Agent rows for tests of the public API, built through the real score formula so every field is consistent.
 * The Ghost Score work owns how agents are written in production (signal ingestion); tests of the API only need
 * rows to read, inserted directly.
 */
import { encodeBase58 } from "../../convex/lib/solanaAddress";
import { applySignal, emptyAggregates, SCORE_VERSION, scoreFromAggregates, type Signal } from "../../convex/lib/score";

/** A valid Solana address (32 bytes, base58), different for each seed. */
export function testAddress(seed: number): string {
  const bytes = new Uint8Array(32);
  bytes[0] = 1 + (seed % 200);
  new DataView(bytes.buffer).setUint32(4, seed);
  bytes[31] = 7;
  return encodeBase58(bytes);
}

export type AgentProfile = { jobs: number; successRate: number; responseTimeMs: number; reviews?: number[]; flagged?: boolean };

/** An agents-table document for `address` with a history matching the profile, scored at `now`. */
export function agentRow(address: string, profile: AgentProfile, now: number) {
  let aggregates = emptyAggregates();
  const day = 86_400_000;
  for (let i = 0; i < profile.jobs; i++) {
    const signal: Signal = {
      type: "job",
      at: now - (profile.jobs - i) * (day / 2),
      success: i < Math.round(profile.jobs * profile.successRate),
      responseTimeMs: profile.responseTimeMs,
      amountUsd: 2,
    };
    aggregates = applySignal(aggregates, signal);
  }
  for (const [i, rating] of (profile.reviews ?? []).entries()) {
    aggregates = applySignal(aggregates, { type: "review", at: now - i * 1000, rating });
  }
  const { score, tier, confidence, components } = scoreFromAggregates(aggregates, now);
  return {
    address,
    score,
    tier,
    confidence,
    components,
    aggregates,
    status: profile.flagged ? ("flagged" as const) : ("active" as const),
    scoreVersion: SCORE_VERSION,
    scoreUpdatedAt: now,
  };
}
