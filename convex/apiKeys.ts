/** API keys (SPEC §6). The key is returned once; only its SHA-256 is stored. */
import { v } from "convex/values";
import { appError } from "./lib/errors";
import { serverMutation } from "./lib/serverFunctions";
import { vKeyEnv } from "./lib/validators";
import { issueApiKey } from "./model/apiKeys";
import { requirePermission } from "./model/teams";

/**
 * Creates a key for the team. With `createdByUserId` (the portal) the user must hold `keys.manage` in the
 * team; without it the caller is an operator (CLI). Plan limits apply either way.
 */
export const create = serverMutation({
  args: {
    teamId: v.id("teams"),
    env: v.optional(vKeyEnv),
    name: v.optional(v.string()),
    rateLimit: v.optional(v.number()),
    createdByUserId: v.optional(v.id("users")),
  },
  returns: v.object({ keyId: v.id("apiKeys"), key: v.string() }),
  handler: async (ctx, args) => {
    const team = args.createdByUserId
      ? (await requirePermission(ctx, args.teamId, args.createdByUserId, "keys.manage")).team
      : await ctx.db.get(args.teamId);
    if (!team) throw appError("NOT_FOUND", "Team not found.");
    return issueApiKey(ctx, {
      team,
      env: args.env ?? "live",
      name: args.name,
      rateLimit: args.rateLimit,
      createdByUserId: args.createdByUserId,
      actor: args.createdByUserId ? { kind: "user", userId: args.createdByUserId } : { kind: "operator" },
    });
  },
});
