import { TRPCError } from "@trpc/server";
import { notFound, redirect } from "next/navigation";
import { signInPath } from "@/lib/signInPath";
import { api } from "@/lib/trpc/server";
import { getSession } from "@/server/auth/session";

/**
 * For the /t/[teamId] pages (server components): the team and the caller's role, sending a visitor to sign-in
 * and answering 404 to anyone outside the team (as tRPC does, nothing tells whether the team exists).
 */
export async function loadTeam(teamId: string, path: string) {
  const session = await getSession();
  if (!session) redirect(signInPath({ callbackUrl: path }));
  try {
    return await api.teams.get({ teamId });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") notFound();
    throw error;
  }
}
