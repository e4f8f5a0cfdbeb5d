"use client";

import Link from "next/link";
import { roleName } from "@/lib/roles";
import { api } from "@/lib/trpc/react";

/** The signed-in user's teams, from tRPC (prefetched on the server, so the first paint already has them). */
export function TeamList() {
  const teams = api.teams.list.useQuery();

  if (teams.isPending) return <p aria-busy="true">Loading your teams…</p>;
  if (teams.isError) {
    return (
      <div className="alert alert-error" role="alert">
        <p>Your teams could not be loaded: {teams.error.message}</p>
        <button type="button" className="button secondary" onClick={() => void teams.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (teams.data.length === 0) {
    return (
      <div className="card">
        <h3>No teams yet</h3>
        <p>You are not a member of any team. Create one below, or ask a team admin to invite this email address.</p>
      </div>
    );
  }
  return (
    <ul className="list" aria-label="Your teams">
      {teams.data.map((team) => (
        <li key={team.teamId} className="card">
          <h3>
            <Link href={`/t/${team.teamId}`}>{team.name}</Link>
          </h3>
          <p>
            <span className="badge">{roleName(team.role)}</span> <span className="badge">{team.plan}</span>
            {team.status !== "active" && <span className="badge">{team.status}</span>}
          </p>
        </li>
      ))}
    </ul>
  );
}
