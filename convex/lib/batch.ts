/**
 * The batch verification of SPEC §2, minus the lookups: deduplication in order of first occurrence, per-item
 * results, the summary and the billed count. Pure, so the rules are tested on their own.
 */
import { isSolanaAddress } from "./solanaAddress";
import { TIER_NAMES, type Tier } from "./score";
import { isVerified, meetsRequirement, type AgentView } from "./verification";

/** The unique addresses in order of first occurrence, each marked valid (a Solana address) or not. */
export function uniqueAddresses(addresses: readonly string[]): { address: string; valid: boolean }[] {
  const seen = new Set<string>();
  const unique: { address: string; valid: boolean }[] = [];
  for (const address of addresses) {
    if (seen.has(address)) continue;
    seen.add(address);
    unique.push({ address, valid: isSolanaAddress(address) });
  }
  return unique;
}

export type BatchItemError = "INVALID_ADDRESS" | "AGENT_NOT_FOUND";

export type BatchResult = {
  agentAddress: string;
  found: boolean;
  verified: boolean;
  ghostScore?: number;
  tier?: Tier;
  meetsRequirement?: boolean;
  error?: BatchItemError;
};

/** One lookup per unique address: the agent row, null when unknown, or "invalid" when never looked up. */
export type BatchLookup = { address: string; agent: AgentView | null | "invalid" };

export function batchResult(lookup: BatchLookup, requiredScore: number | undefined): BatchResult {
  const { address, agent } = lookup;
  if (agent === "invalid") return { agentAddress: address, found: false, verified: false, error: "INVALID_ADDRESS" };
  if (agent === null) return { agentAddress: address, found: false, verified: false, error: "AGENT_NOT_FOUND" };
  return {
    agentAddress: address,
    found: true,
    verified: isVerified(agent, requiredScore),
    ghostScore: agent.score,
    tier: agent.tier,
    meetsRequirement: meetsRequirement(agent, requiredScore),
  };
}

export type BatchSummary = {
  requested: number;
  unique: number;
  found: number;
  notFound: number;
  invalid: number;
  /** Found agents per tier; every tier is listed, with 0 when none. */
  tierDistribution: Record<Tier, number>;
};

export function batchSummary(requested: number, results: readonly BatchResult[]): BatchSummary {
  const tierDistribution = Object.fromEntries(TIER_NAMES.map((tier) => [tier, 0])) as Record<Tier, number>;
  for (const result of results) if (result.tier) tierDistribution[result.tier]++;
  return {
    requested,
    unique: results.length,
    found: results.filter((r) => r.found).length,
    notFound: results.filter((r) => r.error === "AGENT_NOT_FOUND").length,
    invalid: results.filter((r) => r.error === "INVALID_ADDRESS").length,
    tierDistribution,
  };
}
