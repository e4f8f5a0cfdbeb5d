import { api } from "../../../../convex/_generated/api";
import { createTRPCRouter, teamProcedure } from "../init";
import { watch } from "../live";

export const overviewRouter = createTRPCRouter({
  /**
   * The team overview's figures (every member: `team.view`). Costs come only to roles that may view billing and
   * webhook health only to roles that manage webhooks; the Convex function decides both from the caller's role.
   */
  get: teamProcedure("team.view").query(({ ctx }) => ctx.backend.query(api.overview.get, { teamId: ctx.team._id, actingUserId: ctx.userId })),

  /** `get`, kept current (a call made, a key or webhook changed): live.ts. */
  live: teamProcedure("team.view").subscription(({ ctx, signal }) =>
    watch({ ...ctx, permission: "team.view" }, api.overview.get, { teamId: ctx.team._id, actingUserId: ctx.userId }, signal),
  ),
});
