import type { Metadata } from "next";
import Link from "next/link";
import { ApiKeyDetail } from "@/components/portal/ApiKeyDetail";
import { RoleGate } from "@/components/portal/RoleGate";
import { loadTeam } from "@/server/trpc/teamAccess";

export const metadata: Metadata = { title: "API key" };

export default async function ApiKeyPage({ params }: { params: Promise<{ teamId: string; keyId: string }> }) {
  const { teamId, keyId } = await params;
  const { team, role } = await loadTeam(teamId, `/t/${teamId}/keys/${keyId}`);
  return (
    <>
      <p>
        <Link href={`/t/${team.id}/keys`}>← All API keys</Link>
      </p>
      <h1>API key</h1>
      <RoleGate role={role} permission="keys.manage" what="manage API keys">
        <ApiKeyDetail teamId={team.id} keyId={keyId} />
      </RoleGate>
    </>
  );
}
