/**
 * One signal line of SPEC §10, validated with zod at the edge (HTTP and CLI) and turned into the ledger's input
 * (`convex/lib/signalInput.ts`): ISO time → epoch ms, dollars → integer micro-USD. Unknown extra fields are
 * ignored, so producers may send more than we read.
 */
import { z } from "zod";
import { DISPUTE_OUTCOMES, MAX_RESPONSE_TIME_MS, SIGNAL_ID_MAX_LENGTH, type SignalInput } from "../../../convex/lib/signalInput";
import { isSolanaAddress } from "../../../convex/lib/solanaAddress";

const MAX_AMOUNT_USD = 1e9;

const common = {
  id: z.string().min(1).max(SIGNAL_ID_MAX_LENGTH),
  agentAddress: z.string().refine(isSolanaAddress, "not a Solana address (base58 of 32 bytes)"),
  at: z.iso.datetime({ offset: true }),
};

export const SignalLineSchema = z.discriminatedUnion("type", [
  z.object({
    ...common,
    type: z.literal("job"),
    success: z.boolean(),
    responseTimeMs: z.number().min(0).max(MAX_RESPONSE_TIME_MS).optional(),
    amountUsd: z.number().min(0).max(MAX_AMOUNT_USD).optional(),
  }),
  z.object({ ...common, type: z.literal("review"), rating: z.number().int().min(1).max(5) }),
  z.object({ ...common, type: z.literal("dispute"), outcome: z.enum(DISPUTE_OUTCOMES) }),
]);

export type LineError = { line: number; message: string };

function describe(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** The ledger input for the parsed JSON `value` found on `line`, or why the line is refused. */
export function toSignalInput(value: unknown, line: number): { signal: SignalInput } | { error: LineError } {
  const parsed = SignalLineSchema.safeParse(value);
  if (!parsed.success) return { error: { line, message: describe(parsed.error) } };
  const s = parsed.data;
  const base = { line, id: s.id, agentAddress: s.agentAddress, at: Date.parse(s.at) };
  switch (s.type) {
    case "job":
      return {
        signal: {
          ...base,
          type: "job",
          success: s.success,
          ...(s.responseTimeMs !== undefined ? { responseTimeMs: s.responseTimeMs } : {}),
          ...(s.amountUsd !== undefined ? { amountMicroUsd: Math.round(s.amountUsd * 1_000_000) } : {}),
        },
      };
    case "review":
      return { signal: { ...base, type: "review", rating: s.rating } };
    case "dispute":
      return { signal: { ...base, type: "dispute", outcome: s.outcome } };
  }
}

/** One NDJSON line: blank lines are skipped (null), anything else is a signal or a refusal. */
export function parseNdjsonLine(text: string, line: number): { signal: SignalInput } | { error: LineError } | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { error: { line, message: "not valid JSON" } };
  }
  return toSignalInput(value, line);
}
