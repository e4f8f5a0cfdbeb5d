/**
 * The answers of the verify, score and batch endpoints (SPEC §2), built from an agent row. Pure: the caller passes
 * the time and request id, so the same row always gives the same answer.
 */
import { metricsFromAggregates, TIER_NAMES, type Aggregates, type Components, type Tier } from "./score";

/** The fields of an agent row these answers read (the `agents` table of schema.ts). */
export type AgentView = {
  address: string;
  score: number;
  tier: Tier;
  confidence: number;
  components: Components;
  aggregates: Aggregates;
  status: "active" | "flagged";
  scoreVersion: number;
  scoreUpdatedAt: number;
};

export type Metrics = ReturnType<typeof metricsFromAggregates> & { components: Components };

export type Verification = {
  agentAddress: string;
  verified: boolean;
  ghostScore: number;
  tier: Tier;
  meetsRequirement: boolean;
  confidence: number;
  scoreUpdatedAt: string;
  verifiedAt: string;
  requestId: string;
  metrics?: Metrics;
};

export function meetsRequirement(agent: AgentView, requiredScore: number | undefined): boolean {
  return requiredScore === undefined || agent.score >= requiredScore;
}

/** Known (the caller found the row), not flagged, and at or above the required score. */
export function isVerified(agent: AgentView, requiredScore: number | undefined): boolean {
  return agent.status === "active" && meetsRequirement(agent, requiredScore);
}

export function verification(
  agent: AgentView,
  options: { requiredScore?: number; returnMetrics?: boolean; now: number; requestId: string },
): Verification {
  return {
    agentAddress: agent.address,
    verified: isVerified(agent, options.requiredScore),
    ghostScore: agent.score,
    tier: agent.tier,
    meetsRequirement: meetsRequirement(agent, options.requiredScore),
    confidence: agent.confidence,
    scoreUpdatedAt: new Date(agent.scoreUpdatedAt).toISOString(),
    verifiedAt: new Date(options.now).toISOString(),
    requestId: options.requestId,
    ...(options.returnMetrics ? { metrics: { ...metricsFromAggregates(agent.aggregates), components: agent.components } } : {}),
  };
}

export type ScoreAnswer = {
  agentAddress: string;
  ghostScore: number;
  tier: Tier;
  confidence: number;
  scoreUpdatedAt: string;
  requestId: string;
};

export function scoreAnswer(agent: AgentView, requestId: string): ScoreAnswer {
  return {
    agentAddress: agent.address,
    ghostScore: agent.score,
    tier: agent.tier,
    confidence: agent.confidence,
    scoreUpdatedAt: new Date(agent.scoreUpdatedAt).toISOString(),
    requestId,
  };
}

/**
 * A weak ETag of the score answer, built from every field of the answer that can change for this address (the
 * score formula's version included): it changes whenever the answer does, except for `requestId`, which is why
 * it is weak. No hashing: the fields are short, and this runs on every score call.
 */
export function scoreEtag(agent: AgentView): string {
  const parts = [agent.scoreVersion, agent.score, TIER_NAMES.indexOf(agent.tier), agent.scoreUpdatedAt, Math.round(agent.confidence * 1e9)];
  return `W/"${parts.map((part) => part.toString(36)).join("-")}"`;
}

/** True when an `If-None-Match` header names this tag (or `*`), comparing weakly as RFC 9110 §13.1.2 asks. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const wanted = opaque(etag);
  return header.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === wanted);
}
