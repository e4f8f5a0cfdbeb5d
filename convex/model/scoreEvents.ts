/**
 * The webhook events a score change causes (SPEC §4), written to the outbox (`webhookEvents`) by the same
 * mutation that changes the agent, so an event exists exactly when its change committed (its fan-out is scheduled
 * in that transaction too). The payloads are documented for customers in prisma-free-notes/ghost-score.md.
 */
import type { MutationCtx } from "../_generated/server";
import type { Components, Tier } from "../lib/score";
import { enqueueWebhookEvent } from "./webhookOutbox";

/** What moved the score: new signals, or the passing of time (the daily recompute). */
export type ScoreCause = "signals" | "decay";

export type ScoreSnapshot = { score: number; tier: Tier; confidence: number; components: Components };

export type ScoreChange = {
  agentAddress: string;
  /** null when the agent was first seen in this change. */
  previous: { score: number; tier: Tier } | null;
  next: ScoreSnapshot;
  scoreVersion: number;
  scoreUpdatedAt: number;
  cause: ScoreCause;
};

/**
 * `score.updated` when the score or the tier moved (a tier can move without the score: the fifth job ends
 * NEWCOMER), and `tier.changed` as well when the tier moved. A first-seen agent gets both, with null previous
 * values. Confidence and components alone do not make an event: they follow every signal.
 */
export async function recordScoreEvents(ctx: MutationCtx, change: ScoreChange): Promise<void> {
  const { previous, next } = change;
  const scoreMoved = previous === null || previous.score !== next.score;
  const tierMoved = previous === null || previous.tier !== next.tier;
  if (!scoreMoved && !tierMoved) return;
  const scoreUpdatedAt = new Date(change.scoreUpdatedAt).toISOString();
  await enqueueWebhookEvent(ctx, {
    type: "score.updated",
    agentAddress: change.agentAddress,
    data: {
      agentAddress: change.agentAddress,
      previousScore: previous?.score ?? null,
      score: next.score,
      previousTier: previous?.tier ?? null,
      tier: next.tier,
      confidence: next.confidence,
      components: next.components,
      scoreVersion: change.scoreVersion,
      scoreUpdatedAt,
      cause: change.cause,
    },
  });
  if (!tierMoved) return;
  await enqueueWebhookEvent(ctx, {
    type: "tier.changed",
    agentAddress: change.agentAddress,
    data: {
      agentAddress: change.agentAddress,
      previousTier: previous?.tier ?? null,
      tier: next.tier,
      previousScore: previous?.score ?? null,
      score: next.score,
      scoreUpdatedAt,
      cause: change.cause,
    },
  });
}
