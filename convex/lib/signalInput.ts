/**
 * A signal as it enters the ledger (SPEC §10), after the HTTP/CLI edge has parsed the line: times in epoch
 * milliseconds, money in integer micro-USD, and the line number it came from so a rejection can name it.
 *
 * The edge validates each line with zod first; `signalProblem` is the ledger's own check of the same rules (plus
 * the one that needs the transaction's clock), so a caller that skips the edge cannot put a bad signal in.
 */
import { v, type Infer } from "convex/values";
import type { Signal } from "./score";
import { isSolanaAddress } from "./solanaAddress";

export const SIGNAL_ID_MAX_LENGTH = 128;
/** A job that takes longer than a day to answer is not a response time any more. */
export const MAX_RESPONSE_TIME_MS = 86_400_000;
/** One billion dollars: far above any single job, and far below where micro-USD stops being an exact integer. */
export const MAX_AMOUNT_MICRO_USD = 1e15;
/**
 * How far ahead of the server's clock a signal may be dated (clock skew between producers and us). A signal from
 * the far future would become the "newest job" of the decay and push the real history out of the score.
 */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

export const DISPUTE_OUTCOMES = ["opened", "resolved_for_agent", "resolved_against_agent"] as const;
export const vDisputeOutcome = v.union(
  v.literal("opened"),
  v.literal("resolved_for_agent"),
  v.literal("resolved_against_agent"),
);

const common = { line: v.number(), id: v.string(), agentAddress: v.string(), at: v.number() };

export const vSignalInput = v.union(
  v.object({
    ...common,
    type: v.literal("job"),
    success: v.boolean(),
    responseTimeMs: v.optional(v.number()),
    amountMicroUsd: v.optional(v.number()),
  }),
  v.object({ ...common, type: v.literal("review"), rating: v.number() }),
  v.object({ ...common, type: v.literal("dispute"), outcome: vDisputeOutcome }),
);

export type SignalInput = Infer<typeof vSignalInput>;

/** Why the ledger refuses `signal` at time `now`, or null when it is acceptable. */
export function signalProblem(signal: SignalInput, now: number): string | null {
  if (signal.id.length < 1 || signal.id.length > SIGNAL_ID_MAX_LENGTH)
    return `id must be 1 to ${SIGNAL_ID_MAX_LENGTH} characters`;
  if (!isSolanaAddress(signal.agentAddress)) return "agentAddress is not a Solana address (base58 of 32 bytes)";
  if (!Number.isFinite(signal.at) || signal.at < 0) return "at is not a valid time";
  if (signal.at > now + MAX_FUTURE_SKEW_MS) return "at is in the future";
  switch (signal.type) {
    case "job":
      if (
        signal.responseTimeMs !== undefined &&
        !(
          Number.isFinite(signal.responseTimeMs) &&
          signal.responseTimeMs >= 0 &&
          signal.responseTimeMs <= MAX_RESPONSE_TIME_MS
        )
      )
        return `responseTimeMs must be a number from 0 to ${MAX_RESPONSE_TIME_MS}`;
      if (
        signal.amountMicroUsd !== undefined &&
        !(
          Number.isInteger(signal.amountMicroUsd) &&
          signal.amountMicroUsd >= 0 &&
          signal.amountMicroUsd <= MAX_AMOUNT_MICRO_USD
        )
      )
        return "amount must be a non-negative number of dollars, at most one billion";
      return null;
    case "review":
      return Number.isInteger(signal.rating) && signal.rating >= 1 && signal.rating <= 5
        ? null
        : "rating must be an integer from 1 to 5";
    case "dispute":
      return null;
  }
}

/** The score module's view of an accepted signal (it takes dollars; the ledger keeps micro-USD). */
export function toScoreSignal(signal: SignalInput): Signal {
  switch (signal.type) {
    case "job":
      return {
        type: "job",
        at: signal.at,
        success: signal.success,
        ...(signal.responseTimeMs !== undefined ? { responseTimeMs: signal.responseTimeMs } : {}),
        // Exact round trip: the score module rounds dollars × 10^6 back to the same integer.
        ...(signal.amountMicroUsd !== undefined ? { amountUsd: signal.amountMicroUsd / 1_000_000 } : {}),
      };
    case "review":
      return { type: "review", at: signal.at, rating: signal.rating };
    case "dispute":
      return { type: "dispute", at: signal.at, outcome: signal.outcome };
  }
}
