"use client";

import Link from "next/link";
import { type CSSProperties, type FormEvent, useState } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { KEY_ENVS } from "../../../convex/lib/apiKeyFormat";
import { ROTATION_GRACE_PERIODS, type RotationGracePeriod, rotationGraceUntil } from "../../../convex/lib/keyLifecycle";
import { formatDateTime } from "@/lib/formatDate";
import { keyRows } from "@/lib/keys/keyRows";
import { api } from "@/lib/trpc/react";
import { LiveIndicator } from "./LiveIndicator";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorAlert } from "./ErrorAlert";
import { Field, invalidProps } from "./Field";
import { NewKeyNotice } from "./NewKeyNotice";

const GRACE_LABELS: Record<RotationGracePeriod, string> = {
  "0": "none (old key stops now)",
  "15m": "15 minutes",
  "1h": "1 hour",
  "24h": "24 hours",
};
const EXPIRY_CHOICES = [
  { value: "", label: "Never" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In a year" },
] as const;

const createSchema = z.object({
  name: z.string().trim().min(1, "Give the key a name.").max(100, "At most 100 characters."),
  env: z.enum(KEY_ENVS),
  expiresInDays: z.union([z.literal(""), z.literal("30"), z.literal("90"), z.literal("365")]),
});

type Target = { keyId: string; label: string; display: string; expiresAt?: number };

/** Create (shown once), list with rotated keys under their successors, rotate with a grace period, revoke. */
export function ApiKeysPanel({ teamId }: { teamId: string }) {
  const utils = api.useUtils();
  const keys = api.apiKeys.list.useQuery({ teamId });
  // A key used, revoked or rotated elsewhere (another admin, the CLI) shows here without a reload.
  // Read at once: the hook re-renders only for the fields read on its first render, before the list has loaded.
  const { status: liveStatus, error: liveError } = api.apiKeys.live.useSubscription({ teamId }, { onData: (change) => utils.apiKeys.list.setData({ teamId }, change.data) });
  const members = api.members.list.useQuery({ teamId });
  const refresh = () => utils.apiKeys.invalidate();
  const [fresh, setFresh] = useState<{ label: string; secret: string }>();
  const [fieldError, setFieldError] = useState<string>();
  const [rotating, setRotating] = useState<Target>();
  const [revoking, setRevoking] = useState<Target>();
  const create = api.apiKeys.create.useMutation({ onSuccess: refresh });
  const rotate = api.apiKeys.rotate.useMutation({ onSuccess: refresh });
  const revoke = api.apiKeys.revoke.useMutation({ onSuccess: refresh });
  const emails = new Map(members.data?.map((m) => [m.userId as string, m.email]));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = createSchema.safeParse({ name: data.get("name"), env: data.get("env"), expiresInDays: data.get("expiresInDays") ?? "" });
    setFieldError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    if (!parsed.success) return;
    const { expiresInDays, ...rest } = parsed.data;
    create.mutate(
      { teamId, ...rest, ...(expiresInDays ? { expiresInDays: Number(expiresInDays) as 30 | 90 | 365 } : {}) },
      {
        onSuccess: (result) => {
          setFresh({ label: `Your new key “${parsed.data.name}”.`, secret: result.key });
          toast.success(`Key “${parsed.data.name}” created. Copy it now: it is shown only once.`);
          form.reset();
        },
      },
    );
  }

  if (keys.isPending) return <p aria-busy="true">Loading keys…</p>;
  if (keys.isError) return <ErrorAlert error={keys.error} retry={() => void keys.refetch()} />;
  const { limits, plan } = keys.data;
  const atLimit = limits.active >= limits.maxApiKeys;

  return (
    <>
      <p className="lead" data-testid="key-limit">
        {limits.active} of {limits.maxApiKeys} active keys on the {plan} plan.
      </p>
      {fresh && <NewKeyNotice label={fresh.label} secret={fresh.secret} onDismiss={() => setFresh(undefined)} />}

      <section aria-labelledby="create-key-heading">
        <h2 id="create-key-heading">Create a key</h2>
        <form className="form" onSubmit={submit} noValidate>
          <Field id="key-name" label="Key name" error={fieldError}>
            <input id="key-name" name="name" maxLength={100} {...invalidProps("key-name", fieldError)} />
          </Field>
          <Field id="key-env" label="Environment">
            <select id="key-env" name="env" defaultValue="live">
              {KEY_ENVS.map((env) => (
                <option key={env} value={env}>
                  {env}
                </option>
              ))}
            </select>
          </Field>
          <Field id="key-expiry" label="Expires">
            <select id="key-expiry" name="expiresInDays" defaultValue="">
              {EXPIRY_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </Field>
          <ErrorAlert error={create.error} />
          <button type="submit" className="button" disabled={create.isPending || atLimit}>
            {create.isPending ? "Creating…" : "Create key"}
          </button>
          {atLimit && <p className="muted">The plan&apos;s limit is reached: revoke a key to create another.</p>}
        </form>
      </section>

      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">Keys</h2>
        <LiveIndicator subscription={{ status: liveStatus, error: liveError }} />
        <ErrorAlert error={rotate.error ?? revoke.error} />
        {keys.data.keys.length === 0 ? (
          <p className="muted">No keys yet. Create one to call the API.</p>
        ) : (
          <table aria-label="API keys" className="keys-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Created by</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keyRows(keys.data.keys).map(({ key, label, status, depth }) => {
                const target = { keyId: key.keyId, label, display: key.display, expiresAt: key.expiresAt };
                return (
                  <tr
                    key={key.keyId}
                    className={depth > 0 ? "key-predecessor" : undefined}
                    style={depth > 0 ? ({ "--depth": depth } as CSSProperties) : undefined}
                  >
                    <td data-label="Name">
                      <span>
                        {depth > 0 && <span aria-hidden="true">↳ </span>}
                        <Link href={`/t/${teamId}/keys/${key.keyId}`}>{label}</Link> <span className="badge">{key.env}</span>
                      </span>
                    </td>
                    <td data-label="Key">
                      <code>{key.display}</code>
                    </td>
                    <td data-label="Created by">{key.createdByUserId ? (emails.get(key.createdByUserId) ?? "a former member") : "operator"}</td>
                    <td data-label="Last used">{key.lastUsedAt === undefined ? "never" : formatDateTime(key.lastUsedAt)}</td>
                    <td data-label="Expires">{key.expiresAt === undefined ? "never" : formatDateTime(key.expiresAt)}</td>
                    <td data-label="Status">{status}</td>
                    <td>
                      <div className="row-actions">
                        {key.usable && key.graceUntil === undefined && (
                          <button type="button" className="button secondary small" disabled={rotate.isPending} onClick={() => setRotating(target)}>
                            Rotate<span className="visually-hidden"> {label}</span>
                          </button>
                        )}
                        {key.revokedAt === undefined && (
                          <button type="button" className="button secondary small" disabled={revoke.isPending} onClick={() => setRevoking(target)}>
                            Revoke<span className="visually-hidden"> {label}</span>
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <RotateDialog
        target={rotating}
        onCancel={() => setRotating(undefined)}
        onConfirm={(gracePeriod) => {
          const target = rotating!;
          setRotating(undefined);
          rotate.mutate(
            { teamId, keyId: target.keyId, gracePeriod },
            {
              onSuccess: (result) => {
                setFresh({ label: `The new key replacing “${target.label}”.`, secret: result.key });
                toast.success(
                  gracePeriod === "0"
                    ? `“${target.label}” rotated; the old key no longer works.`
                    : `“${target.label}” rotated; the old key works until ${formatDateTime(result.graceUntil)}.`,
                );
              },
            },
          );
        }}
      />
      <ConfirmDialog
        open={revoking !== undefined}
        title={`Revoke “${revoking?.label}”?`}
        confirmLabel="Revoke key"
        danger
        onCancel={() => setRevoking(undefined)}
        onConfirm={() => {
          const target = revoking!;
          setRevoking(undefined);
          revoke.mutate({ teamId, keyId: target.keyId }, { onSuccess: () => toast.success(`“${target.label}” revoked.`) });
        }}
      >
        <p>
          <code>{revoking?.display}</code> stops working within seconds: every client still calling with it gets 401. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}

/** Rotation's confirmation, where the grace period is chosen and its consequence for the old key spelled out. */
function RotateDialog({ target, onCancel, onConfirm }: { target?: Target; onCancel: () => void; onConfirm: (grace: RotationGracePeriod) => void }) {
  const [grace, setGrace] = useState<RotationGracePeriod>("15m");
  const until = target ? rotationGraceUntil(grace, Date.now(), target.expiresAt) : 0;
  return (
    <ConfirmDialog
      open={target !== undefined}
      title={`Rotate “${target?.label}”?`}
      confirmLabel="Rotate key"
      onCancel={onCancel}
      onConfirm={() => onConfirm(grace)}
    >
      <p>A new key with the same name, environment, limit and expiry is issued and shown once.</p>
      <div className="form">
        <Field id="grace" label="Grace period for the old key">
          <select id="grace" value={grace} onChange={(event) => setGrace(event.target.value as RotationGracePeriod)}>
            {ROTATION_GRACE_PERIODS.map((period) => (
              <option key={period} value={period}>
                {GRACE_LABELS[period]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <p data-testid="rotate-consequence">
        {grace === "0" ? (
          <>
            The old key <code>{target?.display}</code> stops working at once: clients still using it fail from now on.
          </>
        ) : (
          <>
            With a grace period of {GRACE_LABELS[grace]}, the old key <code>{target?.display}</code> keeps working until about {formatDateTime(until)}{" "}
            (never past its own expiry), then every call with it is refused. Update your clients before then.
          </>
        )}
      </p>
    </ConfirmDialog>
  );
}
