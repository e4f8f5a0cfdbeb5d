"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { formatDateTime } from "@/lib/formatDate";
import { api } from "@/lib/trpc/react";
import { LiveIndicator } from "../LiveIndicator";
import { ConfirmDialog } from "../ConfirmDialog";
import { ErrorAlert } from "../ErrorAlert";
import { Field } from "../Field";
import { CopyButton } from "./CopyButton";
import { EndpointForm } from "./EndpointForm";
import styles from "./webhooks.module.css";

const when = (ms: number | undefined) => (ms === undefined ? "—" : formatDateTime(ms));
const DISABLED_REASONS = { gone: "the receiver answered 410 Gone", failing: "deliveries failed for 24 hours", manual: "disabled by hand" } as const;

/**
 * One endpoint: its settings, enabling and disabling, its secret (revealed to owners and admins, rotated with a
 * 24 h overlap), a test send, and the delivery log with each attempt, redelivery and replay of failures.
 */
export function WebhookDetailPanel({ teamId, endpointId, canReveal }: { teamId: string; endpointId: string; canReveal: boolean }) {
  const router = useRouter();
  const utils = api.useUtils();
  const detail = api.webhooks.get.useQuery({ teamId, endpointId });
  // Each delivery attempt shows as it is logged (no polling); fields read at once (ApiKeysPanel says why).
  const { status: liveStatus, error: liveError } = api.webhooks.detailLive.useSubscription(
    { teamId, endpointId },
    { onData: (change) => utils.webhooks.get.setData({ teamId, endpointId }, change.data) },
  );
  const refresh = () => utils.webhooks.get.invalidate({ teamId, endpointId });
  const update = api.webhooks.update.useMutation({ onSuccess: refresh });
  const remove = api.webhooks.remove.useMutation({
    onSuccess: () => {
      toast.success("Webhook endpoint deleted.");
      router.push(`/t/${teamId}/webhooks`);
    },
  });
  const reveal = api.webhooks.revealSecret.useMutation();
  const rotate = api.webhooks.rotateSecret.useMutation({ onSuccess: refresh });
  const sendTest = api.webhooks.sendTest.useMutation({ onSuccess: refresh });
  const redeliver = api.webhooks.redeliver.useMutation({ onSuccess: refresh });
  const replay = api.webhooks.replayFailed.useMutation({ onSuccess: refresh });
  const [secret, setSecret] = useState<{ label: string; value: string }>();
  const [confirming, setConfirming] = useState<"rotate" | "delete">();
  const [since, setSince] = useState(() => new Date(Date.now() - 86_400_000).toISOString().slice(0, 16));

  if (detail.isPending) return <p aria-busy="true">Loading the endpoint…</p>;
  if (detail.isError) return <ErrorAlert error={detail.error} retry={() => void detail.refetch()} />;
  const { webhook, deliveries } = detail.data;
  const active = webhook.status === "active";

  return (
    <>
      <p className="lead">
        <code>{webhook.url}</code> — {active ? "active" : `disabled: ${DISABLED_REASONS[webhook.disabledReason ?? "manual"]}`}
        {webhook.failingSince !== undefined && active && <> (failing since {when(webhook.failingSince)})</>}
      </p>
      <div className="actions">
        <button type="button" className="button secondary" disabled={update.isPending} onClick={() => update.mutate({ teamId, endpointId, status: active ? "disabled" : "active" })}>
          {active ? "Disable" : "Enable"}
        </button>
        <button type="button" className="button secondary" disabled={sendTest.isPending} onClick={() => sendTest.mutate({ teamId, endpointId })}>
          Send test event
        </button>
      </div>
      <ErrorAlert error={update.error ?? sendTest.error} />

      <section aria-labelledby="secret-heading">
        <h2 id="secret-heading">Signing secret</h2>
        {webhook.previousSecretExpiresAt !== undefined && (
          <p className="muted">The previous secret also signs until {when(webhook.previousSecretExpiresAt)}: each signature header carries both.</p>
        )}
        {secret && (
          <div className="alert alert-ok" role="status">
            <p>{secret.label}</p>
            <p>
              <code data-testid="revealed-secret">{secret.value}</code>
            </p>
            <div className="actions">
              <CopyButton text={secret.value} label="Copy secret" />
              <button type="button" className="button secondary small" onClick={() => setSecret(undefined)}>
                Hide
              </button>
            </div>
          </div>
        )}
        <div className="actions">
          {canReveal && (
            <button
              type="button"
              className="button secondary"
              disabled={reveal.isPending}
              onClick={() => reveal.mutate({ teamId, endpointId }, { onSuccess: (result) => setSecret({ label: "The current secret.", value: result.secret }) })}
            >
              Reveal secret
            </button>
          )}
          <button
            type="button"
            className="button secondary"
            disabled={rotate.isPending}
            onClick={() => setConfirming("rotate")}
          >
            Rotate secret
          </button>
        </div>
        <ErrorAlert error={reveal.error ?? rotate.error} />
      </section>

      <section aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">Deliveries</h2>
        <LiveIndicator subscription={{ status: liveStatus, error: liveError }} />
        <div className="form inline">
          <Field id="replay-since" label="Replay failed deliveries since">
            <input id="replay-since" type="datetime-local" value={since} onChange={(event) => setSince(event.target.value)} />
          </Field>
          <button
            type="button"
            className="button secondary"
            disabled={replay.isPending || !active}
            onClick={() => replay.mutate({ teamId, endpointId, since: new Date(since).getTime() })}
          >
            Replay failed
          </button>
          {replay.data && (
            <p role="status">
              {replay.data.replayed} {replay.data.replayed === 1 ? "delivery" : "deliveries"} queued again{replay.data.more ? " (more remain: replay again)" : ""}.
            </p>
          )}
        </div>
        <ErrorAlert error={replay.error ?? redeliver.error} />
        {deliveries.length === 0 ? (
          <p className="muted">No deliveries yet. Send a test event to try the endpoint.</p>
        ) : (
          <div className="table-wrap">
            <table aria-label="Deliveries">
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Event</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((delivery) => (
                  <tr key={delivery.id}>
                    <td>{when(delivery.createdAt)}</td>
                    <td>
                      {delivery.type}
                      <div className="muted">
                        <code>{delivery.eventId}</code>
                      </div>
                    </td>
                    <td>
                      {delivery.status}
                      {delivery.nextAttemptAt !== undefined && <div className="muted">next attempt {when(delivery.nextAttemptAt)}</div>}
                      {delivery.lastError && delivery.status !== "delivered" && <div className="muted">{delivery.lastError}</div>}
                    </td>
                    <td>
                      {delivery.attempts.length === 0 ? (
                        "none yet"
                      ) : (
                        <details>
                          <summary>{delivery.attempts.length}</summary>
                          <ol>
                            {delivery.attempts.map((attempt) => (
                              <li key={attempt.at}>
                                {when(attempt.at)}: {attempt.status ?? "no answer"} in {attempt.durationMs} ms
                                {attempt.error && <div className="field-error">{attempt.error}</div>}
                                {attempt.responseExcerpt && <pre className="mail">{attempt.responseExcerpt}</pre>}
                              </li>
                            ))}
                          </ol>
                        </details>
                      )}
                    </td>
                    {/* A plain cell: a flex cell stops being a table cell, and an empty one drew its border as a stray line. */}
                    <td>
                      {delivery.status !== "pending" && (
                        <button
                          type="button"
                          className={`button secondary small ${styles.nowrap}`}
                          disabled={redeliver.isPending}
                          onClick={() => redeliver.mutate({ teamId, deliveryId: delivery.id })}
                        >
                          Redeliver<span className="visually-hidden"> {delivery.eventId}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        <ErrorAlert error={update.error} />
        <EndpointForm
          idPrefix="edit-webhook"
          initial={{ url: webhook.url, events: webhook.events, agentAddresses: webhook.agentAddresses ?? [], description: webhook.description ?? "" }}
          submitLabel="Save settings"
          pending={update.isPending}
          onSubmit={(values) => update.mutate({ teamId, endpointId, ...values })}
        />
      </section>

      <section aria-labelledby="delete-heading" className="danger-zone">
        <h2 id="delete-heading">Delete</h2>
        <ErrorAlert error={remove.error} />
        <button
          type="button"
          className="button secondary"
          disabled={remove.isPending}
          onClick={() => setConfirming("delete")}
        >
          Delete endpoint
        </button>
      </section>

      <ConfirmDialog
        open={confirming === "rotate"}
        title="Rotate the signing secret?"
        confirmLabel="Rotate secret"
        onCancel={() => setConfirming(undefined)}
        onConfirm={() => {
          setConfirming(undefined);
          rotate.mutate(
            { teamId, endpointId },
            {
              onSuccess: (result) => {
                setSecret({ label: "The new secret (shown now; the old one signs for 24 more hours).", value: result.secret });
                toast.success("Secret rotated: deliveries carry both signatures for 24 hours.");
              },
            },
          );
        }}
      >
        <p>A new secret is issued. For 24 hours every delivery is signed with both; after that, receivers still checking the old one reject them.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === "delete"}
        title="Delete this endpoint?"
        confirmLabel="Delete endpoint"
        danger
        onCancel={() => setConfirming(undefined)}
        onConfirm={() => {
          setConfirming(undefined);
          remove.mutate({ teamId, endpointId });
        }}
      >
        <p>
          <code>{webhook.url}</code> receives no more events and pending deliveries to it are dropped. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
