"use client";

import { useState } from "react";
import { toast } from "sonner";
import { INVITABLE_ROLES, canManageMember, type Role } from "../../../convex/lib/permissions";
import { formatDate } from "@/lib/formatDate";
import { roleName } from "@/lib/roles";
import { api } from "@/lib/trpc/react";
import { LiveIndicator } from "./LiveIndicator";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorAlert } from "./ErrorAlert";

/** Everyone in the team; owners and admins change roles and remove people (never the owner). */
export function MemberTable({ teamId, role }: { teamId: string; role: Role }) {
  const utils = api.useUtils();
  const members = api.members.list.useQuery({ teamId });
  // Fields read at once: the hook re-renders only for those read on its first render (ApiKeysPanel says more).
  const { status: liveStatus, error: liveError } = api.members.live.useSubscription({ teamId }, { onData: (change) => utils.members.list.setData({ teamId }, change.data) });
  const refresh = () => utils.members.list.invalidate({ teamId });
  const changeRole = api.members.changeRole.useMutation({ onSuccess: refresh });
  const remove = api.members.remove.useMutation({ onSuccess: refresh });
  const [removing, setRemoving] = useState<{ userId: string; email: string }>();

  if (members.isPending) return <p aria-busy="true">Loading members…</p>;
  if (members.isError) return <ErrorAlert error={members.error} retry={() => void members.refetch()} />;
  return (
    <>
      <LiveIndicator subscription={{ status: liveStatus, error: liveError }} />
      <ErrorAlert error={changeRole.error ?? remove.error} />
      <div className="table-wrap">
        <table aria-label="Members">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.data.map((member) => {
              const manageable = canManageMember(role, member.role);
              return (
                <tr key={member.userId}>
                  <td>{member.email}</td>
                  <td>
                    {manageable ? (
                      <select
                        aria-label={`Role of ${member.email}`}
                        value={member.role}
                        disabled={changeRole.isPending}
                        onChange={(event) =>
                          changeRole.mutate({ teamId, userId: member.userId, role: event.target.value as (typeof INVITABLE_ROLES)[number] })
                        }
                      >
                        {INVITABLE_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {roleName(r)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className="badge">{roleName(member.role)}</span>
                    )}
                  </td>
                  <td>{formatDate(member.joinedAt)}</td>
                  <td>
                    {manageable && (
                      <button
                        type="button"
                        className="button secondary small"
                        disabled={remove.isPending}
                        onClick={() => setRemoving({ userId: member.userId, email: member.email })}
                      >
                        Remove<span className="visually-hidden"> {member.email}</span>
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={removing !== undefined}
        title={`Remove ${removing?.email}?`}
        confirmLabel="Remove member"
        danger
        onCancel={() => setRemoving(undefined)}
        onConfirm={() => {
          const target = removing!;
          setRemoving(undefined);
          remove.mutate({ teamId, userId: target.userId }, { onSuccess: () => toast.success(`${target.email} removed from the team.`) });
        }}
      >
        <p>They lose access to this team at once. Keys they created keep working until someone revokes them.</p>
      </ConfirmDialog>
    </>
  );
}
