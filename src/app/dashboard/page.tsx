import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CreateTeamForm } from "@/components/portal/CreateTeamForm";
import { TeamList } from "@/components/TeamList";
import { api, HydrateClient } from "@/lib/trpc/server";
import { getSession } from "@/server/auth/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const session = await getSession();
  if (!session) redirect("/signin?callbackUrl=/dashboard");
  void api.teams.list.prefetch();

  return (
    <HydrateClient>
      <h1>Dashboard</h1>
      <p className="lead">Signed in as {session.user.email}.</p>
      <h2>Your teams</h2>
      <TeamList />
      <CreateTeamForm />
    </HydrateClient>
  );
}
