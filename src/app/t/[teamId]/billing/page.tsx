import type { Metadata } from "next";
import { BillingPanel } from "@/components/portal/BillingPanel";
import { RoleGate } from "@/components/portal/RoleGate";
import { can } from "../../../../../convex/lib/permissions";
import { loadTeam } from "@/server/trpc/teamAccess";

export const metadata: Metadata = { title: "Billing" };

/** What Stripe Checkout's return (`?checkout=success|canceled`) means to the owner; the webhook applies the plan. */
const CHECKOUT_NOTES = {
  success: "Stripe has your payment details. The new plan shows here as soon as Stripe confirms the subscription.",
  canceled: "Checkout was canceled; nothing changed.",
} as const;

export default async function BillingPage({
  params,
  searchParams,
}: {
  params: Promise<{ teamId: string }>;
  searchParams: Promise<{ checkout?: string | string[] }>;
}) {
  const [{ teamId }, { checkout }] = await Promise.all([params, searchParams]);
  const { team, role } = await loadTeam(teamId, `/t/${teamId}/billing`);
  const note = checkout === "success" || checkout === "canceled" ? CHECKOUT_NOTES[checkout] : undefined;
  return (
    <>
      <h1>Billing</h1>
      {note && (
        <p className="alert" role="status">
          {note}
        </p>
      )}
      <RoleGate role={role} permission="billing.view" what="see billing">
        <BillingPanel teamId={team.id} canManage={can(role, "billing.manage")} />
      </RoleGate>
    </>
  );
}
