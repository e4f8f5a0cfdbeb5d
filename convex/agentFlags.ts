/** `agent flag` / `agent unflag` of the operator CLI. */
import { v } from "convex/values";
import { appError } from "./lib/errors";
import { serverMutation } from "./lib/serverFunctions";
import { vAgentStatus } from "./lib/validators";
import { FLAG_REASON_MAX_LENGTH, setAgentFlag } from "./model/agentFlags";
import { findAgentByAddress } from "./model/agentScores";

const vFlagState = v.object({ address: v.string(), status: vAgentStatus, flaggedReason: v.optional(v.string()) });

async function agentOrThrow(ctx: Parameters<typeof findAgentByAddress>[0], address: string) {
  const agent = await findAgentByAddress(ctx, address);
  if (!agent) throw appError("NOT_FOUND", `No agent with address ${address}.`);
  return agent;
}

export const flag = serverMutation({
  args: { address: v.string(), reason: v.string() },
  returns: vFlagState,
  handler: async (ctx, { address, reason }) => {
    const trimmed = reason.trim();
    if (trimmed.length === 0 || trimmed.length > FLAG_REASON_MAX_LENGTH) {
      throw appError("VALIDATION_ERROR", `The reason must be 1 to ${FLAG_REASON_MAX_LENGTH} characters.`);
    }
    const agent = await agentOrThrow(ctx, address);
    await setAgentFlag(ctx, agent, { flagged: true, reason: trimmed }, { kind: "operator" });
    return { address, status: "flagged" as const, flaggedReason: trimmed };
  },
});

export const unflag = serverMutation({
  args: { address: v.string() },
  returns: vFlagState,
  handler: async (ctx, { address }) => {
    const agent = await agentOrThrow(ctx, address);
    await setAgentFlag(ctx, agent, { flagged: false }, { kind: "operator" });
    return { address, status: "active" as const };
  },
});
