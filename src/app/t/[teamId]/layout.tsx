import type { ReactNode } from "react";
import { TeamNav } from "@/components/portal/TeamNav";
import { TeamSwitcher } from "@/components/portal/TeamSwitcher";
import { roleName } from "@/lib/roles";
import { loadTeam } from "@/server/trpc/teamAccess";

export default async function TeamLayout({ children, params }: { children: ReactNode; params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team, role } = await loadTeam(teamId, `/t/${teamId}`);
  return (
    <>
      <p className="team-heading">
        <span className="team-name">{team.name}</span> <span className="badge">{roleName(role)}</span> <span className="badge">{team.plan}</span>{" "}
        <TeamSwitcher teamId={team.id} />
      </p>
      <TeamNav teamId={team.id} role={role} />
      {children}
    </>
  );
}
