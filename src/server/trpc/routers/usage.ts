import { z } from "zod";
import { api } from "../../../../convex/_generated/api";
import { createTRPCRouter, teamProcedure } from "../init";

export const usageRouter = createTRPCRouter({
  /** Calls, errors, latency and cost by endpoint over [from, to), from hourly rollups; the team's keys for the filter. */
  chart: teamProcedure("team.view")
    .input(
      z.object({
        from: z.number().int().nonnegative(),
        to: z.number().int().nonnegative(),
        granularity: z.enum(["hour", "day"]),
        apiKeyId: z.string().min(1).optional(),
      }),
    )
    .query(({ ctx, input }) =>
      ctx.backend.query(api.usageCharts.chart, {
        teamId: ctx.team._id,
        actingUserId: ctx.userId,
        from: input.from,
        to: input.to,
        granularity: input.granularity,
        ...(input.apiKeyId ? { apiKeyId: input.apiKeyId } : {}),
      }),
    ),
});
