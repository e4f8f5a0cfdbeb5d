import type { Metadata } from "next";
import { InvitePanel } from "@/components/portal/InvitePanel";
import { MemberTable } from "@/components/portal/MemberTable";
import { can } from "../../../../../convex/lib/permissions";
import { loadTeam } from "@/server/trpc/teamAccess";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team, role, limits } = await loadTeam(teamId, `/t/${teamId}/members`);
  return (
    <>
      <h1>Members</h1>
      <MemberTable teamId={team.id} role={role} />
      {can(role, "members.manage") && <InvitePanel teamId={team.id} plan={team.plan} maxMembers={limits.maxMembers} />}
    </>
  );
}
