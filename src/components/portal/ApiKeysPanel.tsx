"use client";

import { type FormEvent, useState } from "react";
import { z } from "zod";
import { KEY_ENVS } from "../../../convex/lib/apiKeyFormat";
import { ROTATION_GRACE_PERIODS, type RotationGracePeriod } from "../../../convex/lib/keyLifecycle";
import { formatDateTime } from "@/lib/formatDate";
import { api } from "@/lib/trpc/react";
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

const when = (ms: number | undefined) => (ms === undefined ? "—" : formatDateTime(ms));

/** Create (shown once), list, rotate with a grace period, revoke; the plan's key limit on top. */
export function ApiKeysPanel({ teamId }: { teamId: string }) {
  const utils = api.useUtils();
  const keys = api.apiKeys.list.useQuery({ teamId });
  const members = api.members.list.useQuery({ teamId });
  const refresh = () => utils.apiKeys.list.invalidate({ teamId });
  const [fresh, setFresh] = useState<{ label: string; secret: string }>();
  const [fieldError, setFieldError] = useState<string>();
  const [grace, setGrace] = useState<RotationGracePeriod>("15m");
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
        <ErrorAlert error={rotate.error ?? revoke.error} />
        {keys.data.keys.length === 0 ? (
          <p className="muted">No keys yet. Create one to call the API.</p>
        ) : (
          <>
            <div className="form inline">
              <Field id="grace" label="Grace period when rotating">
                <select id="grace" value={grace} onChange={(event) => setGrace(event.target.value as RotationGracePeriod)}>
                  {ROTATION_GRACE_PERIODS.map((period) => (
                    <option key={period} value={period}>
                      {GRACE_LABELS[period]}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            <div className="table-wrap">
              <table aria-label="API keys">
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
                  {keys.data.keys.map((key) => {
                    const status =
                      key.revokedAt !== undefined
                        ? "revoked"
                        : key.graceUntil !== undefined
                          ? key.usable
                            ? `rotated, valid until ${when(key.graceUntil)}`
                            : "rotated"
                          : key.usable
                            ? "active"
                            : "expired";
                    return (
                      <tr key={key.keyId}>
                        <td>
                          {key.name} <span className="badge">{key.env}</span>
                        </td>
                        <td>
                          <code>{key.display}</code>
                        </td>
                        <td>{key.createdByUserId ? (emails.get(key.createdByUserId) ?? "a former member") : "operator"}</td>
                        <td>{key.lastUsedAt === undefined ? "never" : when(key.lastUsedAt)}</td>
                        <td>{key.expiresAt === undefined ? "never" : when(key.expiresAt)}</td>
                        <td>{status}</td>
                        <td className="row-actions">
                          {key.usable && key.graceUntil === undefined && (
                            <button
                              type="button"
                              className="button secondary small"
                              disabled={rotate.isPending}
                              onClick={() =>
                                rotate.mutate(
                                  { teamId, keyId: key.keyId, gracePeriod: grace },
                                  {
                                    onSuccess: (result) => setFresh({ label: `The new key replacing “${key.name}”.`, secret: result.key }),
                                  },
                                )
                              }
                            >
                              Rotate<span className="visually-hidden"> {key.name}</span>
                            </button>
                          )}
                          {key.revokedAt === undefined && (
                            <button
                              type="button"
                              className="button secondary small"
                              disabled={revoke.isPending}
                              onClick={() => {
                                if (window.confirm(`Revoke “${key.name}” (${key.display})? Calls with it fail within seconds.`)) {
                                  revoke.mutate({ teamId, keyId: key.keyId });
                                }
                              }}
                            >
                              Revoke<span className="visually-hidden"> {key.name}</span>
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}
