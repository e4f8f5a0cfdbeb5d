/**
 * Reading agents for the public API. The agents table is written by the Ghost Score work (convex/agents.ts,
 * convex/signals.ts); the API only reads it, by address.
 */
import type { Doc } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";

export async function agentByAddress(ctx: QueryCtx, address: string): Promise<Doc<"agents"> | null> {
  return ctx.db
    .query("agents")
    .withIndex("by_address", (q) => q.eq("address", address))
    .first();
}
