import type { Metadata } from "next";
import { UsagePanel } from "@/components/portal/UsagePanel";
import { loadTeam } from "@/server/trpc/teamAccess";

export const metadata: Metadata = { title: "Usage" };

/** Every member sees usage (`team.view`), so no role gate beyond membership. */
export default async function UsagePage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team } = await loadTeam(teamId, `/t/${teamId}/usage`);
  return (
    <>
      <h1>Usage</h1>
      <UsagePanel teamId={team.id} />
    </>
  );
}
