/**
 * The signal ledger's way in: one chunk of signals per call, one transaction (SPEC §10). The ingestion API and
 * the operator CLI split their input into chunks and call `ingest`; the demo seed calls `ingestChunk`.
 */
import { v } from "convex/values";
import { internalMutation } from "./_generated/server";
import { appError } from "./lib/errors";
import { serverMutation } from "./lib/serverFunctions";
import { vSignalInput } from "./lib/signalInput";
import { ingestSignals } from "./model/ingest";

/**
 * One chunk's transaction within Convex's limits whatever the signals (prisma-free-notes/ghost-score.md): 500
 * signals for 500 agents read about 1,000 index ranges (of 4,096) and write about 2,000 documents (of 8,192): each
 * signal's duplicate check and ledger row, each agent's lookup and row, and its score events. Time is the tighter
 * limit: on the scale bench's 100,000 agents, a chunk of 1,000 signals on 1,000 existing agents took 364 ms on a
 * quiet machine and 803–1,003 ms on a loaded one with a cold cache, against Convex's 1 s.
 */
export const MAX_SIGNALS_PER_CHUNK = 500;

const vChunkResult = v.object({
  accepted: v.number(),
  duplicates: v.number(),
  rejected: v.number(),
  agentAddresses: v.array(v.string()),
  errors: v.array(v.object({ line: v.number(), message: v.string() })),
});

const args = { signals: v.array(vSignalInput) };

function assertChunkSize(count: number): void {
  if (count > MAX_SIGNALS_PER_CHUNK) {
    throw appError("VALIDATION_ERROR", `A chunk holds at most ${MAX_SIGNALS_PER_CHUNK} signals, got ${count}; split the input.`);
  }
}

export const ingest = serverMutation({
  args,
  returns: vChunkResult,
  handler: async (ctx, { signals }) => {
    assertChunkSize(signals.length);
    return ingestSignals(ctx, signals);
  },
});

export const ingestChunk = internalMutation({
  args,
  returns: vChunkResult,
  handler: async (ctx, { signals }) => {
    assertChunkSize(signals.length);
    return ingestSignals(ctx, signals);
  },
});
