import type { Metadata } from "next";
import { ApiKeysPanel } from "@/components/portal/ApiKeysPanel";
import { RoleGate } from "@/components/portal/RoleGate";
import { loadTeam } from "@/server/trpc/teamAccess";

export const metadata: Metadata = { title: "API keys" };

export default async function KeysPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team, role } = await loadTeam(teamId, `/t/${teamId}/keys`);
  return (
    <>
      <h1>API keys</h1>
      <RoleGate role={role} permission="keys.manage" what="manage API keys">
        <ApiKeysPanel teamId={team.id} />
      </RoleGate>
    </>
  );
}
