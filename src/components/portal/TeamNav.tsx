"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Role } from "../../../convex/lib/permissions";
import { teamPagesFor } from "./teamNav";

/** The team's section navigation: only the pages the role may use; the current one is marked for screen readers. */
export function TeamNav({ teamId, role }: { teamId: string; role: Role }) {
  const pathname = usePathname();
  const base = `/t/${teamId}`;
  return (
    <nav className="team-nav" aria-label="Team">
      {teamPagesFor(role).map((page) => {
        const href = base + page.path;
        return (
          <Link key={href} href={href} aria-current={pathname === href ? "page" : undefined}>
            {page.label}
          </Link>
        );
      })}
    </nav>
  );
}
