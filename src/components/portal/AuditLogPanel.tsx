"use client";

import { useState } from "react";
import type { AuditAction } from "../../../convex/lib/auditActions";
import { AUDIT_ACTION_CHOICES, auditActionLabel } from "@/lib/audit/actionLabels";
import { formatDateTime } from "@/lib/formatDate";
import { api } from "@/lib/trpc/react";
import { LiveIndicator } from "./LiveIndicator";
import { ErrorAlert } from "./ErrorAlert";
import { Field } from "./Field";

/** Newest first, 25 at a time, filtered by action and actor; each entry as a sentence the server wrote. */
export function AuditLogPanel({ teamId }: { teamId: string }) {
  const [action, setAction] = useState<AuditAction | "">("");
  const [actorUserId, setActorUserId] = useState("");
  const members = api.members.list.useQuery({ teamId });
  const filters = { teamId, limit: 25, ...(action ? { action } : {}), ...(actorUserId ? { actorUserId } : {}) };
  const log = api.audit.list.useInfiniteQuery(filters, { getNextPageParam: (page) => page.nextCursor });
  const utils = api.useUtils();
  // A new entry changes the newest page: the loaded pages are fetched again (ApiKeysPanel says why read at once).
  const { status: liveStatus, error: liveError } = api.audit.live.useSubscription(filters, { onData: () => void utils.audit.list.invalidate() });
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <>
      <LiveIndicator subscription={{ status: liveStatus, error: liveError }} />
      <form className="filters" aria-label="Filter the audit log" onSubmit={(event) => event.preventDefault()}>
        <Field id="filter-action" label="Action">
          <select id="filter-action" value={action} onChange={(event) => setAction(event.target.value as AuditAction | "")}>
            <option value="">All actions</option>
            {AUDIT_ACTION_CHOICES.map((choice) => (
              <option key={choice.action} value={choice.action}>
                {choice.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="filter-actor" label="Actor">
          <select id="filter-actor" value={actorUserId} onChange={(event) => setActorUserId(event.target.value)}>
            <option value="">Everyone</option>
            {members.data?.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.email}
              </option>
            ))}
          </select>
        </Field>
      </form>
      {log.isPending ? (
        <p aria-busy="true">Loading the audit log…</p>
      ) : log.isError ? (
        <ErrorAlert error={log.error} retry={() => void log.refetch()} />
      ) : entries.length === 0 ? (
        <p className="muted">Nothing recorded{action || actorUserId ? " for this filter" : ""} yet.</p>
      ) : (
        <>
          <div className="table-wrap">
            <table aria-label="Audit log" className="audit-log">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Event</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.entryId}>
                    <td className="audit-time">
                      <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(entry.at)}</time>
                    </td>
                    <td>
                      {entry.sentence}
                      <div className="muted audit-action">{auditActionLabel(entry.action)}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {log.hasNextPage && (
            <div className="actions">
              <button type="button" className="button secondary" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                {log.isFetchingNextPage ? "Loading…" : "Load older entries"}
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}
