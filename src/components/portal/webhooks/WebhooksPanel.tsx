"use client";

import Link from "next/link";
import { useState } from "react";
import { api } from "@/lib/trpc/react";
import { LiveIndicator } from "../LiveIndicator";
import { ErrorAlert } from "../ErrorAlert";
import { CopyButton } from "./CopyButton";
import { EndpointForm } from "./EndpointForm";

/** The team's endpoints with their state, and the form to add one (its secret shown once, on creation). */
export function WebhooksPanel({ teamId }: { teamId: string }) {
  const utils = api.useUtils();
  const list = api.webhooks.list.useQuery({ teamId });
  const { status: liveStatus, error: liveError } = api.webhooks.live.useSubscription({ teamId }, { onData: (change) => utils.webhooks.list.setData({ teamId }, change.data) });
  const create = api.webhooks.create.useMutation({ onSuccess: () => utils.webhooks.list.invalidate({ teamId }) });
  const [fresh, setFresh] = useState<{ url: string; secret: string }>();

  if (list.isPending) return <p aria-busy="true">Loading webhooks…</p>;
  if (list.isError) return <ErrorAlert error={list.error} retry={() => void list.refetch()} />;
  const { endpoints, maxEndpoints, plan } = list.data;
  const atLimit = endpoints.length >= maxEndpoints;

  return (
    <>
      <p className="lead" data-testid="webhook-limit">
        {endpoints.length} of {maxEndpoints} endpoints on the {plan} plan.
      </p>
      {fresh && (
        <div className="alert alert-ok" role="status">
          <p>
            <strong>Endpoint {fresh.url} created.</strong> Its signing secret — keep it in your receiver&apos;s configuration. Owners and
            admins can reveal it again on the endpoint&apos;s page.
          </p>
          <p>
            <code data-testid="webhook-secret">{fresh.secret}</code>
          </p>
          <div className="actions">
            <CopyButton text={fresh.secret} label="Copy secret" />
            <button type="button" className="button secondary small" onClick={() => setFresh(undefined)}>
              Done
            </button>
          </div>
        </div>
      )}

      <section aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">Endpoints</h2>
        <LiveIndicator subscription={{ status: liveStatus, error: liveError }} />
        {endpoints.length === 0 ? (
          <p className="muted">No endpoints yet. Add one to receive score and usage events.</p>
        ) : (
          <div className="table-wrap">
            <table aria-label="Webhook endpoints">
              <thead>
                <tr>
                  <th scope="col">URL</th>
                  <th scope="col">Events</th>
                  <th scope="col">Agents</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {endpoints.map((endpoint) => (
                  <tr key={endpoint.id}>
                    <td>
                      <Link href={`/t/${teamId}/webhooks/${endpoint.id}`}>{endpoint.url}</Link>
                      {endpoint.description && <div className="muted">{endpoint.description}</div>}
                    </td>
                    <td>{endpoint.events.join(", ")}</td>
                    <td>{endpoint.agentAddresses ? `${endpoint.agentAddresses.length} selected` : "all"}</td>
                    <td>{endpoint.status === "active" ? "active" : `disabled (${endpoint.disabledReason ?? "manual"})`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="create-webhook-heading">
        <h2 id="create-webhook-heading">Add an endpoint</h2>
        <ErrorAlert error={create.error} />
        <EndpointForm
          idPrefix="new-webhook"
          submitLabel="Add endpoint"
          pending={create.isPending}
          disabled={atLimit}
          onSubmit={(values, form) =>
            create.mutate(
              { teamId, url: values.url, events: values.events, agentAddresses: values.agentAddresses, description: values.description },
              {
                onSuccess: (result) => {
                  setFresh({ url: result.webhook.url, secret: result.secret });
                  form.reset();
                },
              },
            )
          }
        />
        {atLimit && <p className="muted">The plan&apos;s limit is reached: delete an endpoint to add another.</p>}
      </section>
    </>
  );
}
