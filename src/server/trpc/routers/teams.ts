import { api } from "../../../../convex/_generated/api";
import { authedProcedure, createTRPCRouter, teamProcedure } from "../init";

export const teamsRouter = createTRPCRouter({
  /** The teams the signed-in user belongs to, with their role in each. */
  list: authedProcedure.query(({ ctx }) => ctx.backend.query(api.teams.listForUser, { userId: ctx.userId })),

  /**
   * One team the user may view; membership and permission were checked by teamProcedure. Only what every role
   * may see: billing details (Stripe ids, spend cap) stay with the billing procedures.
   */
  get: teamProcedure("team.view").query(({ ctx }) => ({
    team: { id: ctx.team._id, name: ctx.team.name, plan: ctx.team.plan, status: ctx.team.status },
    role: ctx.role,
  })),
});
