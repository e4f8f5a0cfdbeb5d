import type { Metadata } from "next";
import Link from "next/link";
import { can } from "../../../../../../convex/lib/permissions";
import { RoleGate } from "@/components/portal/RoleGate";
import { WebhookDetailPanel } from "@/components/portal/webhooks/WebhookDetailPanel";
import { loadTeam } from "@/server/trpc/teamAccess";

export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function WebhookEndpointPage({ params }: { params: Promise<{ teamId: string; endpointId: string }> }) {
  const { teamId, endpointId } = await params;
  const { team, role } = await loadTeam(teamId, `/t/${teamId}/webhooks/${endpointId}`);
  return (
    <>
      <p>
        <Link href={`/t/${team.id}/webhooks`}>← All webhooks</Link>
      </p>
      <h1>Webhook endpoint</h1>
      <RoleGate role={role} permission="webhooks.manage" what="manage webhooks">
        <WebhookDetailPanel teamId={team.id} endpointId={endpointId} canReveal={can(role, "webhooks.revealSecret")} />
      </RoleGate>
    </>
  );
}
