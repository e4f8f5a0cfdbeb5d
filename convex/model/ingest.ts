/**
 * Ingesting one chunk of signals in one transaction (SPEC §10): each signal is checked, a seen id is a
 * duplicate and changes nothing, an unknown agent is created, and each touched agent's aggregates are folded
 * forward signal by signal (O(1) each, never a rescan of its history) and its score written once per chunk.
 */
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { type Aggregates, applySignal, emptyAggregates } from "../lib/score";
import { type SignalInput, signalProblem, toScoreSignal } from "../lib/signalInput";
import { createScoredAgent, findAgentByAddress, rescoreAgent } from "./agentScores";

export type LineError = { line: number; message: string };

export type ChunkResult = {
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Addresses of the agents this chunk created or rescored, so a caller sending several chunks can count each once. */
  agentAddresses: string[];
  errors: LineError[];
};

type PendingAgent = { existing: Doc<"agents"> | null; aggregates: Aggregates; lastSignalAt: number; signals: SignalInput[] };

async function isDuplicate(ctx: MutationCtx, id: string, seenInChunk: Set<string>): Promise<boolean> {
  if (seenInChunk.has(id)) return true;
  const stored = await ctx.db
    .query("signals")
    .withIndex("by_signal_id", (q) => q.eq("signalId", id))
    .first();
  return stored !== null;
}

function ledgerRow(signal: SignalInput, agentId: Doc<"agents">["_id"]) {
  const common = { signalId: signal.id, agentId, type: signal.type, at: signal.at };
  switch (signal.type) {
    case "job":
      return {
        ...common,
        success: signal.success,
        ...(signal.responseTimeMs !== undefined ? { responseTimeMs: signal.responseTimeMs } : {}),
        ...(signal.amountMicroUsd !== undefined ? { amountMicroUsd: signal.amountMicroUsd } : {}),
      };
    case "review":
      return { ...common, rating: signal.rating };
    case "dispute":
      return { ...common, outcome: signal.outcome };
  }
}

export async function ingestSignals(ctx: MutationCtx, signals: SignalInput[]): Promise<ChunkResult> {
  const now = Date.now();
  const result: ChunkResult = { accepted: 0, duplicates: 0, rejected: 0, agentAddresses: [], errors: [] };
  const seenInChunk = new Set<string>();
  const agents = new Map<string, PendingAgent>();

  for (const signal of signals) {
    const problem = signalProblem(signal, now);
    if (problem !== null) {
      result.rejected++;
      result.errors.push({ line: signal.line, message: problem });
      continue;
    }
    if (await isDuplicate(ctx, signal.id, seenInChunk)) {
      result.duplicates++;
      continue;
    }
    seenInChunk.add(signal.id);
    let pending = agents.get(signal.agentAddress);
    if (!pending) {
      const existing = await findAgentByAddress(ctx, signal.agentAddress);
      pending = {
        existing,
        aggregates: existing?.aggregates ?? emptyAggregates(),
        lastSignalAt: existing?.lastSignalAt ?? signal.at,
        signals: [],
      };
      agents.set(signal.agentAddress, pending);
    }
    pending.aggregates = applySignal(pending.aggregates, toScoreSignal(signal));
    pending.lastSignalAt = Math.max(pending.lastSignalAt, signal.at);
    pending.signals.push(signal);
    result.accepted++;
  }

  // Each agent's row is written once, then its signals are stored against it.
  for (const [address, pending] of agents) {
    const agentId = pending.existing
      ? pending.existing._id
      : await createScoredAgent(ctx, { address, aggregates: pending.aggregates, lastSignalAt: pending.lastSignalAt }, now);
    if (pending.existing) {
      await rescoreAgent(
        ctx,
        pending.existing,
        { aggregates: pending.aggregates, lastSignalAt: pending.lastSignalAt, cause: "signals" },
        now,
      );
    }
    for (const signal of pending.signals) await ctx.db.insert("signals", ledgerRow(signal, agentId));
    result.agentAddresses.push(address);
  }
  return result;
}
