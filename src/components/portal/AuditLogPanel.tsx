"use client";

import { useState } from "react";
import { api } from "@/lib/trpc/react";
import { ErrorAlert } from "./ErrorAlert";
import { Field } from "./Field";

/** The actions the portal, the CLI and the API write, offered as filter choices. */
const KNOWN_ACTIONS = [
  "team.create",
  "team.rename",
  "team.transfer_ownership",
  "team.delete",
  "team.limits",
  "team.disable",
  "team.enable",
  "member.role_change",
  "member.remove",
  "invite.create",
  "invite.resend",
  "invite.revoke",
  "invite.accept",
  "key.create",
  "key.rotate",
  "key.revoke",
  "key.update",
];

function describeDetails(details: Record<string, string | number | boolean | null> | undefined): string {
  if (!details) return "";
  return (
    Object.entries(details)
      // Times are stored as epoch ms under names ending in At/Until; people read dates.
      .map(
        ([key, value]) =>
          `${key}: ${value === null ? "—" : typeof value === "number" && /(At|Until)$/.test(key) ? new Date(value).toLocaleString() : String(value)}`,
      )
      .join(", ")
  );
}

/** Newest first, 25 at a time, filtered by action and actor. */
export function AuditLogPanel({ teamId }: { teamId: string }) {
  const [action, setAction] = useState("");
  const [actorUserId, setActorUserId] = useState("");
  const members = api.members.list.useQuery({ teamId });
  const log = api.audit.list.useInfiniteQuery(
    { teamId, limit: 25, ...(action ? { action } : {}), ...(actorUserId ? { actorUserId } : {}) },
    { getNextPageParam: (page) => page.nextCursor },
  );
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];
  const emails = new Map(members.data?.map((m) => [m.userId as string, m.email]));
  // A member is named by address; anything else (and a former member) by kind and the end of its id, in full on hover.
  const target = (type: string | undefined, id: string | undefined) => {
    if (!type) return "—";
    if (type === "user" && id && emails.has(id)) return emails.get(id);
    return id ? <span title={id}>{`${type} …${id.slice(-6)}`}</span> : type;
  };

  return (
    <>
      <form className="filters" aria-label="Filter the audit log" onSubmit={(event) => event.preventDefault()}>
        <Field id="filter-action" label="Action">
          <select id="filter-action" value={action} onChange={(event) => setAction(event.target.value)}>
            <option value="">All actions</option>
            {KNOWN_ACTIONS.map((name) => (
              <option key={name} value={name}>
                {name}
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
            <table aria-label="Audit log">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.entryId}>
                    <td>
                      <time dateTime={new Date(entry.at).toISOString()}>{new Date(entry.at).toLocaleString()}</time>
                    </td>
                    <td>{entry.actorEmail ?? entry.actorKind}</td>
                    <td>
                      <code>{entry.action}</code>
                    </td>
                    <td>{target(entry.targetType, entry.targetId)}</td>
                    <td className="audit-details">{describeDetails(entry.details)}</td>
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
