import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInviteButton } from "@/components/portal/AcceptInviteButton";
import { roleWithArticle } from "@/lib/roles";
import { signInPath } from "@/lib/signInPath";
import { api } from "@/lib/trpc/server";
import { getSession } from "@/server/auth/session";

export const metadata: Metadata = { title: "Team invite", referrer: "no-referrer" };

async function previewOf(token: string) {
  try {
    return await api.invites.preview({ token });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) return null;
    throw error;
  }
}

const GONE: Record<string, string> = {
  accepted: "This invite has already been used.",
  revoked: "This invite was revoked.",
  expired: "This invite has expired. Ask the team for a new one.",
};

/** The link from the invite mail: which team, which role, and accepting as the invited address only. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invite, session] = await Promise.all([previewOf(token), getSession()]);
  if (!invite) {
    return (
      <>
        <h1>Invite not found</h1>
        <p className="lead">This link is not a valid invite. Check that it was copied whole, or ask for a new one.</p>
      </>
    );
  }
  const here = `/invites/${token}`;
  return (
    <>
      <h1>Join {invite.teamName}</h1>
      <p className="lead">
        {invite.email} is invited as <strong>{roleWithArticle(invite.role)}</strong>.
      </p>
      {invite.status !== "pending" ? (
        <p className="alert" role="status">
          {GONE[invite.status]}
        </p>
      ) : !session ? (
        <p>
          <Link className="button" href={signInPath({ callbackUrl: here, email: invite.email })}>
            Sign in as {invite.email} to accept
          </Link>
        </p>
      ) : session.user.email?.toLowerCase() !== invite.email ? (
        <p className="alert alert-error" role="alert">
          You are signed in as {session.user.email}. This invite is for {invite.email}: sign out and sign in with that address to accept it.
        </p>
      ) : (
        <AcceptInviteButton token={token} />
      )}
    </>
  );
}
