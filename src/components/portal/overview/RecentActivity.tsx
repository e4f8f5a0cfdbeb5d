import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

export type AuditEntry = inferRouterOutputs<AppRouter>["audit"]["list"]["entries"][number];

/** The newest audit entries as time, actor and action (the audit log's own data; its page has the details). */
export function RecentActivity({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <ul className="list" aria-label="Latest audit events">
      {entries.map((entry) => (
        <li key={entry.entryId} className="activity">
          <time dateTime={new Date(entry.at).toISOString()}>{new Date(entry.at).toLocaleString()}</time>
          <span>{entry.actorEmail ?? entry.actorKind}</span>
          <code>{entry.action}</code>
        </li>
      ))}
    </ul>
  );
}
