import { z } from "zod";
import { api } from "../../../../convex/_generated/api";
import { usdToMicroUsd } from "../../../../convex/lib/money";
import { createTRPCRouter, teamProcedure } from "../init";

/** Billing runs locally (statements computed from usage, plan changes applied at once) unless Stripe is configured. */
const stripeConfigured = () => Boolean(process.env.STRIPE_SECRET_KEY);

export const billingRouter = createTRPCRouter({
  /** Plan, current period, projection, spend cap and statements; amounts in micro-USD. */
  overview: teamProcedure("billing.view").query(async ({ ctx }) => {
    const overview = await ctx.backend.query(api.billing.overview, { teamId: ctx.team._id, actingUserId: ctx.userId });
    return { ...overview, source: stripeConfigured() ? ("stripe" as const) : ("local" as const) };
  }),

  /** The owner's monthly spend cap in dollars (cents at most); null removes it. */
  setSpendCap: teamProcedure("billing.manage")
    .input(
      z.object({
        spendCapUsd: z
          .number()
          .positive("Enter an amount above $0.")
          .max(10_000_000, "At most $10,000,000.")
          .refine((usd) => Math.abs(usd * 100 - Math.round(usd * 100)) < 1e-6, "Whole cents only.")
          .nullable(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await ctx.backend.mutation(api.billing.setSpendCap, {
        teamId: ctx.team._id,
        actingUserId: ctx.userId,
        spendCapMicroUsd: input.spendCapUsd === null ? null : usdToMicroUsd(input.spendCapUsd),
      });
    }),

  /** startup ↔ growth, applied at once; enterprise is set by operators. */
  changePlan: teamProcedure("billing.manage")
    .input(z.object({ plan: z.enum(["startup", "growth"]) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.backend.mutation(api.billing.changePlan, { teamId: ctx.team._id, actingUserId: ctx.userId, plan: input.plan });
    }),
});
