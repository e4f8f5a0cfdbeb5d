/** The operator dashboard's figures (SPEC §8): one procedure per panel group, operators only. */
import { z } from "zod";
import { api } from "../../../../convex/_generated/api";
import { OPERATOR_WINDOWS } from "../../../../convex/lib/operatorFigures";
import { createTRPCRouter, operatorProcedure } from "../init";

const windowInput = z.object({ window: z.enum(OPERATOR_WINDOWS) });

export const operatorRouter = createTRPCRouter({
  api: operatorProcedure.input(windowInput).query(({ ctx, input }) => ctx.backend.query(api.operatorMetrics.api, input)),
  webhooks: operatorProcedure.input(windowInput).query(({ ctx, input }) => ctx.backend.query(api.operatorMetrics.webhooks, input)),
  business: operatorProcedure.input(windowInput).query(({ ctx, input }) => ctx.backend.query(api.operatorMetrics.business, input)),
  teams: operatorProcedure.input(windowInput).query(({ ctx, input }) => ctx.backend.query(api.operatorMetrics.teams, input)),
});
