import type { inferRouterOutputs } from "@trpc/server";
import { formatDateTime } from "@/lib/formatDate";
import type { AppRouter } from "@/server/trpc/root";

export type AuditEntry = inferRouterOutputs<AppRouter>["audit"]["list"]["entries"][number];

/** The newest audit entries as the audit log writes them: when, and what happened in a sentence. */
export function RecentActivity({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <ul className="list" aria-label="Latest audit events">
      {entries.map((entry) => (
        <li key={entry.entryId} className="activity">
          <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(entry.at)}</time>
          <span>{entry.sentence}</span>
        </li>
      ))}
    </ul>
  );
}
