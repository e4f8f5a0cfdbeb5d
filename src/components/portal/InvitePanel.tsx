"use client";

import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { INVITABLE_ROLES } from "../../../convex/lib/permissions";
import { formatDateTime } from "@/lib/formatDate";
import { roleName } from "@/lib/roles";
import { api } from "@/lib/trpc/react";
import { LiveIndicator } from "./LiveIndicator";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorAlert } from "./ErrorAlert";
import { Field, invalidProps } from "./Field";

const inviteSchema = z.object({ email: z.email("Enter a valid email address."), role: z.enum(INVITABLE_ROLES) });

/** Invite by email and role; pending invites with resend and revoke. */
export function InvitePanel({ teamId, plan, maxMembers }: { teamId: string; plan: string; maxMembers: number }) {
  const utils = api.useUtils();
  const invites = api.invites.list.useQuery({ teamId });
  const { status: liveStatus, error: liveError } = api.invites.live.useSubscription({ teamId }, { onData: (change) => utils.invites.list.setData({ teamId }, change.data) });
  const members = api.members.list.useQuery({ teamId });
  // The same count the server checks when inviting: members plus pending invites.
  const seatsUsed = members.data && invites.data ? members.data.length + invites.data.length : undefined;
  const refresh = () => utils.invites.list.invalidate({ teamId });
  const [fieldError, setFieldError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const create = api.invites.create.useMutation({ onSuccess: refresh });
  const resend = api.invites.resend.useMutation({ onSuccess: refresh });
  const revoke = api.invites.revoke.useMutation({ onSuccess: refresh });
  const [revoking, setRevoking] = useState<{ inviteId: string; email: string }>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = inviteSchema.safeParse({ email: String(data.get("email") ?? "").trim(), role: data.get("role") });
    setFieldError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    if (!parsed.success) return;
    create.mutate(
      { teamId, ...parsed.data },
      {
        onSuccess: () => {
          setNotice(`Invite sent to ${parsed.data.email}.`);
          form.reset();
        },
      },
    );
  }

  return (
    <section aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      {seatsUsed !== undefined && (
        <p className="muted" data-testid="seat-limit">
          {seatsUsed} of {maxMembers} seats used on the {plan} plan, pending invites included.
        </p>
      )}
      <form className="form" onSubmit={submit} noValidate>
        <Field id="invite-email" label="Email address" error={fieldError}>
          <input id="invite-email" name="email" type="email" autoComplete="off" {...invalidProps("invite-email", fieldError)} />
        </Field>
        <Field id="invite-role" label="Role">
          <select id="invite-role" name="role" defaultValue="member">
            {INVITABLE_ROLES.map((role) => (
              <option key={role} value={role}>
                {roleName(role)}
              </option>
            ))}
          </select>
        </Field>
        <ErrorAlert error={create.error} />
        {notice && !create.error && (
          <p className="alert alert-ok" role="status">
            {notice}
          </p>
        )}
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? "Sending…" : "Send invite"}
        </button>
      </form>

      <h2>Pending invites</h2>
      <LiveIndicator subscription={{ status: liveStatus, error: liveError }} />
      <ErrorAlert error={resend.error ?? revoke.error} />
      {invites.isPending ? (
        <p aria-busy="true">Loading invites…</p>
      ) : invites.isError ? (
        <ErrorAlert error={invites.error} retry={() => void invites.refetch()} />
      ) : invites.data.length === 0 ? (
        <p className="muted">No pending invites.</p>
      ) : (
        <ul className="list" aria-label="Pending invites">
          {invites.data.map((invite) => (
            <li key={invite.inviteId} className="card row">
              <div>
                <strong>{invite.email}</strong> <span className="badge">{roleName(invite.role)}</span>
                <p>Expires {formatDateTime(invite.expiresAt)}</p>
              </div>
              <div className="row-actions">
                <button
                  type="button"
                  className="button secondary small"
                  disabled={resend.isPending}
                  onClick={() => resend.mutate({ teamId, inviteId: invite.inviteId })}
                >
                  Resend<span className="visually-hidden"> invite to {invite.email}</span>
                </button>
                <button
                  type="button"
                  className="button secondary small"
                  disabled={revoke.isPending}
                  onClick={() => setRevoking({ inviteId: invite.inviteId, email: invite.email })}
                >
                  Revoke<span className="visually-hidden"> invite to {invite.email}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={revoking !== undefined}
        title={`Revoke the invite to ${revoking?.email}?`}
        confirmLabel="Revoke invite"
        danger
        onCancel={() => setRevoking(undefined)}
        onConfirm={() => {
          const target = revoking!;
          setRevoking(undefined);
          revoke.mutate({ teamId, inviteId: target.inviteId }, { onSuccess: () => toast.success(`Invite to ${target.email} revoked.`) });
        }}
      >
        <p>The link in their mail stops working. You can invite them again later.</p>
      </ConfirmDialog>
    </section>
  );
}
