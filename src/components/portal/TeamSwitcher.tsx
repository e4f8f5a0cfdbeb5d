"use client";

import { useRouter } from "next/navigation";
import { api } from "@/lib/trpc/react";

/** Moves to the same kind of page in another of the user's teams. */
export function TeamSwitcher({ teamId }: { teamId: string }) {
  const router = useRouter();
  const teams = api.teams.list.useQuery();
  if (!teams.data || teams.data.length < 2) return null;
  return (
    <span className="team-switcher">
      <select value={teamId} onChange={(event) => router.push(`/t/${event.target.value}`)} aria-label="Switch team">
        {teams.data.map((team) => (
          <option key={team.teamId} value={team.teamId}>
            {team.name}
          </option>
        ))}
      </select>
    </span>
  );
}
