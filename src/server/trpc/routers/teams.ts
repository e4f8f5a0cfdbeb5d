import { z } from "zod";
import { api } from "../../../../convex/_generated/api";
import { effectiveLimits } from "../../../../convex/lib/plans";
import { authedProcedure, createTRPCRouter, teamProcedure } from "../init";

/** The same rule as the Convex function, so a form can say it before the round trip. */
export const teamName = z.string().trim().min(1, "Give the team a name.").max(100, "At most 100 characters.");

export const teamsRouter = createTRPCRouter({
  /** The teams the signed-in user belongs to, with their role in each. */
  list: authedProcedure.query(({ ctx }) => ctx.backend.query(api.teams.listForUser, { userId: ctx.userId })),

  /**
   * One team the user may view; membership and permission were checked by teamProcedure. Only what every role
   * may see: billing details (Stripe ids, spend cap) stay with the billing procedures.
   */
  get: teamProcedure("team.view").query(({ ctx }) => {
    const { maxMembers, maxApiKeys } = effectiveLimits(ctx.team.plan, ctx.team.limitOverrides);
    return {
      team: { id: ctx.team._id, name: ctx.team.name, plan: ctx.team.plan, status: ctx.team.status },
      role: ctx.role,
      /** The plan's seats and keys, which pages show beside what is used. */
      limits: { maxMembers, maxApiKeys },
    };
  }),

  /** A new team on the startup plan, owned by the caller. */
  create: authedProcedure
    .input(z.object({ name: teamName }))
    .mutation(({ ctx, input }) => ctx.backend.mutation(api.teams.createForUser, { userId: ctx.userId, name: input.name })),

  rename: teamProcedure("team.rename")
    .input(z.object({ name: teamName }))
    .mutation(({ ctx, input }) =>
      ctx.backend.mutation(api.teams.rename, { teamId: ctx.team._id, actingUserId: ctx.userId, name: input.name }),
    ),

  transferOwnership: teamProcedure("team.owner")
    .input(z.object({ newOwnerUserId: z.string().min(1) }))
    .mutation(({ ctx, input }) =>
      ctx.backend.mutation(api.teams.transferOwnership, {
        teamId: ctx.team._id,
        actingUserId: ctx.userId,
        newOwnerUserId: input.newOwnerUserId,
      }),
    ),

  /** `confirmName` is the team's name typed by the owner; the Convex function compares it. */
  delete: teamProcedure("team.owner")
    .input(z.object({ confirmName: z.string().min(1, "Type the team's name to confirm.") }))
    .mutation(({ ctx, input }) =>
      ctx.backend.mutation(api.teams.remove, { teamId: ctx.team._id, actingUserId: ctx.userId, confirmName: input.confirmName }),
    ),
});
