import type { Metadata } from "next";
import { headers } from "next/headers";
import { OverviewPanel } from "@/components/portal/overview/OverviewPanel";
import { TeamSettings } from "@/components/portal/TeamSettings";
import { can } from "../../../../convex/lib/permissions";
import { apiBaseUrl } from "@/lib/overview/firstCall";
import { roleWithArticle } from "@/lib/roles";
import { loadTeam } from "@/server/trpc/teamAccess";

export const metadata: Metadata = { title: "Team" };

/** The team's overview for every role; its settings below, for the owner and admins. */
export default async function TeamOverviewPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team, role } = await loadTeam(teamId, `/t/${teamId}`);
  const request = await headers();
  const baseUrl = apiBaseUrl(process.env.NEXTAUTH_URL, { host: request.get("host"), proto: request.get("x-forwarded-proto") });
  return (
    <>
      <h1>{team.name}</h1>
      <p className="lead">
        You are {roleWithArticle(role)} of this team, on the {team.plan} plan.
      </p>
      <OverviewPanel teamId={team.id} role={role} baseUrl={baseUrl} />
      {(can(role, "team.rename") || can(role, "team.owner")) && <TeamSettings teamId={team.id} name={team.name} role={role} />}
    </>
  );
}
