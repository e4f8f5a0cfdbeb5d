import type { Metadata } from "next";
import { TeamSettings } from "@/components/portal/TeamSettings";
import { can } from "../../../../convex/lib/permissions";
import { roleWithArticle } from "@/lib/roles";
import { loadTeam } from "@/server/trpc/teamAccess";

export const metadata: Metadata = { title: "Team" };

export default async function TeamOverviewPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team, role } = await loadTeam(teamId, `/t/${teamId}`);
  return (
    <>
      <h1>{team.name}</h1>
      <p className="lead">
        You are {roleWithArticle(role)} of this team, on the {team.plan} plan.
      </p>
      {can(role, "team.rename") || can(role, "team.owner") ? (
        <TeamSettings teamId={team.id} name={team.name} role={role} />
      ) : (
        <p className="muted">Only owners and admins change the team&apos;s settings.</p>
      )}
    </>
  );
}
