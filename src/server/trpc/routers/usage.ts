import { z } from "zod";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { createTRPCRouter, teamProcedure } from "../init";
import { watch } from "../live";

const chartInput = z.object({
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
  granularity: z.enum(["hour", "day"]),
  apiKeyId: z.string().min(1).optional(),
});

/** The chart function's arguments for a caller, shared by the query and its live stream. */
const chartArgs = (ctx: { team: { _id: Id<"teams"> }; userId: Id<"users"> }, input: z.infer<typeof chartInput>) => ({
  teamId: ctx.team._id,
  actingUserId: ctx.userId,
  from: input.from,
  to: input.to,
  granularity: input.granularity,
  ...(input.apiKeyId ? { apiKeyId: input.apiKeyId } : {}),
});

export const usageRouter = createTRPCRouter({
  /** Calls, errors, latency and cost by endpoint over [from, to), from hourly rollups; the team's keys for the filter. */
  chart: teamProcedure("team.view")
    .input(chartInput)
    .query(({ ctx, input }) => ctx.backend.query(api.usageCharts.chart, chartArgs(ctx, input))),

  /** `chart`, kept current (a call made, rolled up): live.ts. */
  live: teamProcedure("team.view")
    .input(chartInput)
    .subscription(({ ctx, input, signal }) => watch({ ...ctx, permission: "team.view" }, api.usageCharts.chart, chartArgs(ctx, input), signal)),
});
