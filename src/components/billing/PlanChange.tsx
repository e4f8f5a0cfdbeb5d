"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import type { inferRouterOutputs } from "@trpc/server";
import { formatUsd } from "../../../convex/lib/money";
import { PLAN_DEFINITIONS } from "../../../convex/lib/plans";
import { ConfirmDialog } from "@/components/portal/ConfirmDialog";
import { ErrorAlert } from "@/components/portal/ErrorAlert";
import { api } from "@/lib/trpc/react";
import type { AppRouter } from "@/server/trpc/root";

type Overview = inferRouterOutputs<AppRouter>["billing"]["overview"];

/**
 * The owner's plan change, confirmed first with the old and new price. Locally it applies at once; with Stripe the
 * owner is sent to Checkout (or, already subscribed, the subscription's prices are switched, prorated) and the plan
 * follows when Stripe confirms it.
 */
export function PlanChange({ teamId, plan, source }: { teamId: string; plan: Overview["plan"]; source: Overview["source"] }) {
  const router = useRouter();
  const utils = api.useUtils();
  const [confirming, setConfirming] = useState(false);
  const change = api.billing.changePlan.useMutation({
    onSuccess: async (result, input) => {
      if (result.status === "checkout") {
        window.location.assign(result.url);
        return;
      }
      if (result.status === "applied") toast.success(`Plan changed to ${input.plan}.`);
      await utils.invalidate();
      router.refresh();
    },
  });
  const target = plan === "startup" ? "growth" : "startup";
  const definition = PLAN_DEFINITIONS[target];
  const current = PLAN_DEFINITIONS[plan];
  return (
    <section aria-labelledby="plan-heading">
      <h2 id="plan-heading">Change plan</h2>
      {plan === "enterprise" ? (
        <p className="muted">Enterprise plans follow your contract; contact GhostSpeak to change yours.</p>
      ) : (
        <>
          <p className="muted">
            The {target} plan: {formatUsd(definition.baseFeeMicroUsd!)} a month with {formatUsd(definition.includedUsageMicroUsd!)} of usage
            included.{" "}
            {source === "local"
              ? "The change applies at once."
              : "Payment is handled by Stripe; the change applies once Stripe confirms it."}
          </p>
          {change.data?.status === "switching" && (
            <p className="alert" role="status">
              Stripe is switching your subscription to the {change.variables?.plan} plan; this page shows it once Stripe confirms.
            </p>
          )}
          <ErrorAlert error={change.error} />
          <button type="button" className="button" disabled={change.isPending} onClick={() => setConfirming(true)}>
            Switch to {target}
          </button>
          <ConfirmDialog
            open={confirming}
            title={`Switch from ${plan} to ${target}?`}
            confirmLabel={`Switch to ${target}`}
            onCancel={() => setConfirming(false)}
            onConfirm={() => {
              setConfirming(false);
              change.mutate({ teamId, plan: target });
            }}
          >
            <ul data-testid="plan-change-summary">
              <li>
                Base fee: {formatUsd(current.baseFeeMicroUsd!)} → {formatUsd(definition.baseFeeMicroUsd!)} a month
              </li>
              <li>
                Included usage: {formatUsd(current.includedUsageMicroUsd!)} → {formatUsd(definition.includedUsageMicroUsd!)} a month
              </li>
              <li>
                Requests per minute per key: {current.limits.rateLimitPerMinute} → {definition.limits.rateLimitPerMinute}
              </li>
            </ul>
            <p>
              {source === "local"
                ? `Takes effect immediately. Billing is local, so this month's statement is computed at the ${target} plan's prices.`
                : "You continue on Stripe (Checkout, or your subscription is switched with proration); the plan changes once Stripe confirms it."}
            </p>
          </ConfirmDialog>
        </>
      )}
    </section>
  );
}

/** Stripe's customer portal, where the owner manages cards and sees Stripe's invoices. */
export function PaymentMethods({ teamId }: { teamId: string }) {
  const portal = api.billing.paymentPortal.useMutation({
    onSuccess: ({ url }) => {
      if (url) window.location.assign(url);
    },
  });
  return (
    <section aria-labelledby="payment-heading">
      <h2 id="payment-heading">Payment methods</h2>
      <p className="muted">Cards, billing details and Stripe invoices are managed on Stripe.</p>
      <ErrorAlert error={portal.error} />
      <button type="button" className="button secondary" disabled={portal.isPending} onClick={() => portal.mutate({ teamId })}>
        Manage payment methods
      </button>
    </section>
  );
}
