/**
 * Flagging: an operator's decision that an agent must not be reported as `verified`, whatever its score
 * (SPEC §2: verified = known, not flagged, and meets the requirement). The score itself is left alone: it stays
 * the truth about the ledger. Each change leaves a row in `agentFlagChanges` in the same transaction.
 */
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import type { Actor } from "./audit";

export const FLAG_REASON_MAX_LENGTH = 500;

export async function setAgentFlag(
  ctx: MutationCtx,
  agent: Doc<"agents">,
  change: { flagged: true; reason: string } | { flagged: false },
  actor: Actor,
): Promise<void> {
  const now = Date.now();
  if (change.flagged) {
    await ctx.db.patch(agent._id, { status: "flagged", flaggedReason: change.reason });
  } else {
    await ctx.db.patch(agent._id, { status: "active", flaggedReason: undefined });
  }
  await ctx.db.insert("agentFlagChanges", {
    agentId: agent._id,
    action: change.flagged ? "flag" : "unflag",
    ...(change.flagged ? { reason: change.reason } : {}),
    actorKind: actor.kind,
    at: now,
  });
}
