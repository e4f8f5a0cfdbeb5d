/** Demo data for a newcomer's first `npm start`: a team and a live key to call the API with. */
import { v } from "convex/values";
import { serverMutation } from "./lib/serverFunctions";
import { issueApiKey } from "./model/apiKeys";
import { createTeam } from "./model/teams";
import { findUserByEmail } from "./model/users";

const DEMO_OWNER_EMAIL = "demo@ghostspeak.dev";
const DEMO_TEAM_NAME = "Demo Team";

/**
 * Idempotent: the first call creates the demo team (growth plan, so the demo has room to try things) and a
 * live key, and returns the key; later calls find the team and return its id only.
 */
export const seed = serverMutation({
  args: {},
  returns: v.union(
    v.object({ created: v.literal(true), teamId: v.id("teams"), key: v.string() }),
    v.object({ created: v.literal(false), teamId: v.id("teams") }),
  ),
  handler: async (ctx) => {
    const owner = await findUserByEmail(ctx, DEMO_OWNER_EMAIL);
    if (owner) {
      const ownerships = await ctx.db
        .query("members")
        .withIndex("by_user", (q) => q.eq("userId", owner._id))
        .filter((q) => q.eq(q.field("role"), "owner"))
        .collect();
      for (const membership of ownerships) {
        const team = await ctx.db.get(membership.teamId);
        if (team?.name === DEMO_TEAM_NAME) return { created: false as const, teamId: team._id };
      }
    }
    const actor = { kind: "system" } as const;
    const { teamId } = await createTeam(ctx, { name: DEMO_TEAM_NAME, ownerEmail: DEMO_OWNER_EMAIL, plan: "growth", actor });
    const team = (await ctx.db.get(teamId))!;
    const { key } = await issueApiKey(ctx, { team, env: "live", name: "Demo key", actor });
    return { created: true as const, teamId, key };
  },
});
