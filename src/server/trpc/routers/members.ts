import { z } from "zod";
import { api } from "../../../../convex/_generated/api";
import { INVITABLE_ROLES } from "../../../../convex/lib/permissions";
import { createTRPCRouter, teamProcedure } from "../init";
import { watch } from "../live";

const target = z.object({ userId: z.string().min(1) });

export const membersRouter = createTRPCRouter({
  list: teamProcedure("team.view").query(({ ctx }) =>
    ctx.backend.query(api.members.list, { teamId: ctx.team._id, actingUserId: ctx.userId }),
  ),

  /** `list`, kept current: live.ts. */
  live: teamProcedure("team.view").subscription(({ ctx, signal }) =>
    watch({ ...ctx, permission: "team.view" }, api.members.list, { teamId: ctx.team._id, actingUserId: ctx.userId }, signal),
  ),

  changeRole: teamProcedure("members.manage")
    .input(target.extend({ role: z.enum(INVITABLE_ROLES) }))
    .mutation(({ ctx, input }) =>
      ctx.backend.mutation(api.members.changeRole, {
        teamId: ctx.team._id,
        actingUserId: ctx.userId,
        userId: input.userId,
        role: input.role,
      }),
    ),

  remove: teamProcedure("members.manage")
    .input(target)
    .mutation(({ ctx, input }) =>
      ctx.backend.mutation(api.members.remove, { teamId: ctx.team._id, actingUserId: ctx.userId, userId: input.userId }),
    ),
});
