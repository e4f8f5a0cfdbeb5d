import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { api } from "../../../../convex/_generated/api";
import { usdToMicroUsd } from "../../../../convex/lib/money";
import { appErrorData } from "../../http/appError";
import { createTRPCRouter, teamProcedure, type TRPCContext } from "../init";

/**
 * Billing runs locally (statements computed from usage, plan changes applied at once) unless Stripe is configured;
 * then plan changes go through Stripe (Checkout, or a switch of the subscription's prices) and the Stripe webhook
 * applies them, and the owner manages payment methods in Stripe's customer portal.
 */
const stripeConfigured = () => Boolean(process.env.STRIPE_SECRET_KEY);

/** Where Stripe sends the owner back: the team's billing page on this app. */
const billingPageUrl = (teamId: string) => new URL(`/t/${encodeURIComponent(teamId)}/billing`, process.env.NEXTAUTH_URL ?? "http://localhost:3000").toString();

/**
 * A Stripe action's refusals (permission, plan rules) reach the owner as they are; a failure to reach Stripe is
 * logged (its message names no secret) and answered readably, with nothing changed on our side.
 */
async function throughStripe<T>(ctx: TRPCContext, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (appErrorData(error)) throw error;
    ctx.log.error({ err: error instanceof Error ? error.message : String(error) }, `Stripe: ${what} failed`);
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: `Stripe could not ${what} right now; nothing was changed. Try again in a moment.` });
  }
}

export const billingRouter = createTRPCRouter({
  /**
   * Plan, current period, projection, spend cap and statements; amounts in micro-USD. With Stripe, the statements
   * are the team's Stripe invoices (status, hosted link) once it has any, after the open month computed locally.
   */
  overview: teamProcedure("billing.view").query(async ({ ctx }) => {
    const withStripe = stripeConfigured();
    const overview = await ctx.backend.query(api.billing.overview, { teamId: ctx.team._id, actingUserId: ctx.userId, withStripe });
    return { ...overview, source: withStripe ? ("stripe" as const) : ("local" as const) };
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

  /**
   * startup ↔ growth; enterprise is set by operators. Locally the change applies at once (`applied`). With Stripe,
   * a team without a subscription is sent to Checkout (`checkout`, with its URL) and a subscribed team's prices are
   * switched (`switching`); either way the plan changes when Stripe's webhook confirms it.
   */
  changePlan: teamProcedure("billing.manage")
    .input(z.object({ plan: z.enum(["startup", "growth"]) }))
    .mutation(async ({ ctx, input }): Promise<{ status: "applied" } | { status: "checkout"; url: string } | { status: "switching" }> => {
      const args = { teamId: ctx.team._id, actingUserId: ctx.userId, plan: input.plan };
      if (!stripeConfigured()) {
        await ctx.backend.mutation(api.billing.changePlan, args);
        return { status: "applied" };
      }
      const started = await throughStripe(ctx, "start the plan change", () =>
        ctx.backend.action(api.stripeBilling.startPlanChange, { ...args, returnUrl: billingPageUrl(ctx.team._id) }),
      );
      return started.kind === "checkout" ? { status: "checkout", url: started.url } : { status: "switching" };
    }),

  /** The owner's way to Stripe's customer portal (payment methods, invoices); `url` is null while billing is local. */
  paymentPortal: teamProcedure("billing.manage").mutation(async ({ ctx }): Promise<{ url: string | null }> => {
    if (!stripeConfigured()) return { url: null };
    return throughStripe(ctx, "open the customer portal", () =>
      ctx.backend.action(api.stripeBilling.openPortal, { teamId: ctx.team._id, actingUserId: ctx.userId, returnUrl: billingPageUrl(ctx.team._id) }),
    );
  }),
});
