import type { Metadata } from "next";
import { BillingPanel } from "@/components/portal/BillingPanel";
import { RoleGate } from "@/components/portal/RoleGate";
import { can } from "../../../../../convex/lib/permissions";
import { loadTeam } from "@/server/trpc/teamAccess";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team, role } = await loadTeam(teamId, `/t/${teamId}/billing`);
  return (
    <>
      <h1>Billing</h1>
      <RoleGate role={role} permission="billing.view" what="see billing">
        <BillingPanel teamId={team.id} canManage={can(role, "billing.manage")} />
      </RoleGate>
    </>
  );
}
