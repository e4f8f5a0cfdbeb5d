/**
 * Writing an agent's score: the one place that turns aggregates into the row's score fields and records the
 * events of the change, so ingestion and the daily recompute cannot disagree on what a score change is.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { type Aggregates, SCORE_VERSION, scoreFromAggregates } from "../lib/score";
import { recordScoreEvents, type ScoreCause } from "./scoreEvents";

export async function findAgentByAddress(ctx: { db: QueryCtx["db"] }, address: string): Promise<Doc<"agents"> | null> {
  return ctx.db
    .query("agents")
    .withIndex("by_address", (q) => q.eq("address", address))
    .unique();
}

/** Creates the agent first seen in a signal, scored from `aggregates`. */
export async function createScoredAgent(
  ctx: MutationCtx,
  input: { address: string; aggregates: Aggregates; lastSignalAt: number },
  now: number,
): Promise<Id<"agents">> {
  const result = scoreFromAggregates(input.aggregates, now);
  const agentId = await ctx.db.insert("agents", {
    address: input.address,
    score: result.score,
    tier: result.tier,
    confidence: result.confidence,
    components: result.components,
    aggregates: input.aggregates,
    status: "active",
    scoreVersion: SCORE_VERSION,
    scoreUpdatedAt: now,
    lastSignalAt: input.lastSignalAt,
  });
  await recordScoreEvents(ctx, {
    agentAddress: input.address,
    previous: null,
    next: result,
    scoreVersion: SCORE_VERSION,
    scoreUpdatedAt: now,
    cause: "signals",
  });
  return agentId;
}

function sameScore(agent: Doc<"agents">, result: ReturnType<typeof scoreFromAggregates>): boolean {
  const a = agent.components;
  const b = result.components;
  return (
    agent.scoreVersion === SCORE_VERSION &&
    agent.score === result.score &&
    agent.tier === result.tier &&
    agent.confidence === result.confidence &&
    a.payment === b.payment &&
    a.quality === b.quality &&
    a.responsiveness === b.responsiveness &&
    a.consistency === b.consistency
  );
}

/**
 * Rescores `agent` from `aggregates` at `now`. With new signals the row is always written (its aggregates
 * changed); for the passing of time only when something the row says would change, so the daily recompute
 * writes nothing for agents whose score does not depend on the date. Returns whether the row was written.
 */
export async function rescoreAgent(
  ctx: MutationCtx,
  agent: Doc<"agents">,
  update: { aggregates: Aggregates; lastSignalAt?: number; cause: ScoreCause },
  now: number,
): Promise<boolean> {
  const result = scoreFromAggregates(update.aggregates, now);
  if (update.cause === "decay" && sameScore(agent, result)) return false;
  await ctx.db.patch(agent._id, {
    score: result.score,
    tier: result.tier,
    confidence: result.confidence,
    components: result.components,
    scoreVersion: SCORE_VERSION,
    scoreUpdatedAt: now,
    ...(update.cause === "signals" ? { aggregates: update.aggregates } : {}),
    ...(update.lastSignalAt !== undefined ? { lastSignalAt: update.lastSignalAt } : {}),
  });
  await recordScoreEvents(ctx, {
    agentAddress: agent.address,
    previous: { score: agent.score, tier: agent.tier },
    next: result,
    scoreVersion: SCORE_VERSION,
    scoreUpdatedAt: now,
    cause: update.cause,
  });
  return true;
}
