import type { Metadata } from "next";
import { AuditLogPanel } from "@/components/portal/AuditLogPanel";
import { RoleGate } from "@/components/portal/RoleGate";
import { loadTeam } from "@/server/trpc/teamAccess";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team, role } = await loadTeam(teamId, `/t/${teamId}/audit`);
  return (
    <>
      <h1>Audit log</h1>
      <RoleGate role={role} permission="audit.view" what="read the audit log">
        <AuditLogPanel teamId={team.id} />
      </RoleGate>
    </>
  );
}
