import { api } from "../../../../convex/_generated/api";
import { authedProcedure, createTRPCRouter, teamProcedure } from "../init";

export const teamsRouter = createTRPCRouter({
  /** The teams the signed-in user belongs to, with their role in each. */
  list: authedProcedure.query(({ ctx }) => ctx.backend.query(api.teams.listForUser, { userId: ctx.userId })),

  /** One team the user may view; membership and permission were checked by teamProcedure. */
  get: teamProcedure("team.view").query(({ ctx }) => ({ team: ctx.team, role: ctx.role })),
});
