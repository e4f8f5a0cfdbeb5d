import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CreateTeamForm } from "@/components/portal/CreateTeamForm";
import { TeamList } from "@/components/TeamList";
import { signInPath } from "@/lib/signInPath";
import { api, HydrateClient } from "@/lib/trpc/server";
import { getSession } from "@/server/auth/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const session = await getSession();
  if (!session) redirect(signInPath({ callbackUrl: "/dashboard" }));
  // Awaited: a prefetch still pending when the page renders would render "Loading…" on the server and the list in
  // the browser, once the streamed result arrives before hydration (React's hydration error #418).
  await api.teams.list.prefetch();

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
