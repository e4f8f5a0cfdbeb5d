"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { can, type Role } from "../../../convex/lib/permissions";
import { roleName } from "@/lib/roles";
import { api } from "@/lib/trpc/react";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorAlert } from "./ErrorAlert";
import { Field, invalidProps } from "./Field";

const nameSchema = z.string().trim().min(1, "Give the team a name.").max(100, "At most 100 characters.");

/** Rename (owner, admin); transfer ownership and delete (owner only, each confirmed; deletion by typing the name). */
export function TeamSettings({ teamId, name, role }: { teamId: string; name: string; role: Role }) {
  return (
    <>
      {can(role, "team.rename") && <RenameForm teamId={teamId} name={name} />}
      {can(role, "team.owner") && (
        <>
          <TransferForm teamId={teamId} />
          <DeleteForm teamId={teamId} name={name} />
        </>
      )}
    </>
  );
}

function RenameForm({ teamId, name }: { teamId: string; name: string }) {
  const router = useRouter();
  const utils = api.useUtils();
  const [fieldError, setFieldError] = useState<string>();
  const rename = api.teams.rename.useMutation({
    onSuccess: async (_result, input) => {
      toast.success(`Team renamed to “${input.name}”.`);
      await utils.teams.invalidate();
      router.refresh();
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = nameSchema.safeParse(new FormData(event.currentTarget).get("name"));
    setFieldError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    if (parsed.success) rename.mutate({ teamId, name: parsed.data });
  }
  return (
    <section aria-labelledby="rename-heading">
      <h2 id="rename-heading">Team name</h2>
      <form className="form" onSubmit={submit} noValidate>
        <Field id="team-name" label="Name" error={fieldError}>
          <input id="team-name" name="name" defaultValue={name} maxLength={100} {...invalidProps("team-name", fieldError)} />
        </Field>
        <ErrorAlert error={rename.error} />
        <button type="submit" className="button" disabled={rename.isPending}>
          {rename.isPending ? "Saving…" : "Rename team"}
        </button>
      </form>
    </section>
  );
}

function TransferForm({ teamId }: { teamId: string }) {
  const router = useRouter();
  const members = api.members.list.useQuery({ teamId });
  const [target, setTarget] = useState("");
  const [confirming, setConfirming] = useState(false);
  const transfer = api.teams.transferOwnership.useMutation({ onSuccess: () => router.refresh() });
  const candidates = members.data?.filter((m) => m.role !== "owner") ?? [];
  const newOwner = candidates.find((m) => m.userId === target);
  return (
    <section aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">Transfer ownership</h2>
      <p className="muted">The new owner must already be a member. You stay on as an admin.</p>
      {members.isPending ? (
        <p aria-busy="true">Loading members…</p>
      ) : candidates.length === 0 ? (
        <p className="muted">Invite someone first: there is nobody to hand the team to.</p>
      ) : (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            if (newOwner) setConfirming(true);
          }}
        >
          <Field id="new-owner" label="New owner">
            <select id="new-owner" value={target} onChange={(event) => setTarget(event.target.value)} required>
              <option value="">Choose a member…</option>
              {candidates.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.email} ({roleName(m.role)})
                </option>
              ))}
            </select>
          </Field>
          <ErrorAlert error={transfer.error} />
          <button type="submit" className="button secondary" disabled={!target || transfer.isPending}>
            Transfer ownership…
          </button>
        </form>
      )}
      <ConfirmDialog
        open={confirming && newOwner !== undefined}
        title={`Make ${newOwner?.email} the owner?`}
        confirmLabel="Transfer ownership"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          const email = newOwner!.email;
          transfer.mutate({ teamId, newOwnerUserId: target }, { onSuccess: () => toast.success(`${email} now owns the team; you are an admin.`) });
        }}
      >
        <p>
          They alone can then change the plan and payment, transfer the team again or delete it. You stay on as an admin and cannot undo
          this yourself.
        </p>
      </ConfirmDialog>
    </section>
  );
}

function DeleteForm({ teamId, name }: { teamId: string; name: string }) {
  const router = useRouter();
  const utils = api.useUtils();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const remove = api.teams.delete.useMutation({
    onSuccess: async () => {
      toast.success(`Team “${name}” deleted.`);
      await utils.teams.invalidate();
      router.push("/dashboard");
    },
  });
  const close = () => {
    setConfirming(false);
    setTyped("");
  };
  return (
    <section aria-labelledby="delete-heading" className="danger-zone">
      <h2 id="delete-heading">Delete team</h2>
      <p className="muted">Members lose access and every API key stops working at once. This cannot be undone.</p>
      <ErrorAlert error={remove.error} />
      <button type="button" className="button danger" disabled={remove.isPending} onClick={() => setConfirming(true)}>
        Delete this team…
      </button>
      <ConfirmDialog
        open={confirming}
        title={`Delete “${name}”?`}
        confirmLabel="Delete this team"
        danger
        confirmDisabled={typed.trim() !== name}
        onCancel={close}
        onConfirm={() => {
          const confirmName = typed;
          close();
          remove.mutate({ teamId, confirmName });
        }}
      >
        <p>Members lose access, every API key stops working at once and webhooks stop. This cannot be undone.</p>
        <div className="form">
          <Field id="confirm-name" label={`Type “${name}” to confirm`}>
            <input id="confirm-name" value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" />
          </Field>
        </div>
      </ConfirmDialog>
    </section>
  );
}
