import type { Metadata } from "next";
import { RoleGate } from "@/components/portal/RoleGate";
import { VerificationSnippet } from "@/components/portal/webhooks/VerificationSnippet";
import { WebhooksPanel } from "@/components/portal/webhooks/WebhooksPanel";
import { loadTeam } from "@/server/trpc/teamAccess";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team, role } = await loadTeam(teamId, `/t/${teamId}/webhooks`);
  return (
    <>
      <h1>Webhooks</h1>
      <RoleGate role={role} permission="webhooks.manage" what="manage webhooks">
        <WebhooksPanel teamId={team.id} />
        <VerificationSnippet />
      </RoleGate>
    </>
  );
}
