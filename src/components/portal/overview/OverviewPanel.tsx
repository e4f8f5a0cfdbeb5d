"use client";

import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { formatUsd } from "../../../../convex/lib/money";
import { can, type Role } from "../../../../convex/lib/permissions";
import { formatDateTime, formatDay } from "@/lib/formatDate";
import { firstCallCurl, firstCallSdk } from "@/lib/overview/firstCall";
import { api } from "@/lib/trpc/react";
import { LiveIndicator } from "../LiveIndicator";
import type { AppRouter } from "@/server/trpc/root";
import { ErrorAlert } from "../ErrorAlert";
import { GettingStarted } from "./GettingStarted";
import { RecentActivity } from "./RecentActivity";

type Overview = inferRouterOutputs<AppRouter>["overview"]["get"];

const count = (n: number) => n.toLocaleString("en-US");

/**
 * The team overview for every role: getting started, this month, plan and limits; spend for roles that see billing
 * (the server sends none to others), webhook health for roles that manage webhooks, recent activity for roles that
 * read the audit log.
 */
export function OverviewPanel({ teamId, role, baseUrl }: { teamId: string; role: Role; baseUrl: string }) {
  const overview = api.overview.get.useQuery({ teamId });
  const utils = api.useUtils();
  // This month's calls, keys in use and webhook health follow what happens elsewhere (ApiKeysPanel says why read at once).
  const { status: liveStatus, error: liveError } = api.overview.live.useSubscription({ teamId }, { onData: (change) => utils.overview.get.setData({ teamId }, change.data) });
  if (overview.isPending) return <p aria-busy="true">Loading the overview…</p>;
  if (overview.error) return <ErrorAlert error={overview.error} retry={() => void overview.refetch()} />;
  const data = overview.data;
  return (
    <>
      <LiveIndicator subscription={{ status: liveStatus, error: liveError }} />
      <GettingStarted
        teamId={teamId}
        canManageKeys={can(role, "keys.manage")}
        hasActiveKey={data.gettingStarted.hasActiveKey}
        hasCalls={data.gettingStarted.hasCalls}
        curl={firstCallCurl(baseUrl, data.gettingStarted.agentAddress)}
        sdk={firstCallSdk(baseUrl, data.gettingStarted.agentAddress)}
      />
      <ThisMonth teamId={teamId} data={data} />
      <PlanAndLimits data={data} />
      {data.webhooks && <WebhookHealth teamId={teamId} webhooks={data.webhooks} />}
      {can(role, "audit.view") && <LatestAuditEvents teamId={teamId} />}
    </>
  );
}

function ThisMonth({ teamId, data }: { teamId: string; data: Overview }) {
  return (
    <section aria-labelledby="month-heading">
      <h2 id="month-heading">This month</h2>
      <p className="muted">
        {formatDay(data.month.start)} – {formatDay(data.month.end - 1)} (UTC)
      </p>
      <dl className="figures">
        <div>
          <dt>API calls</dt>
          <dd data-testid="calls-this-month">{count(data.month.calls)}</dd>
        </div>
        {data.billing && (
          <>
            <div>
              <dt>Spend so far</dt>
              <dd data-testid="spend-this-month">{formatUsd(data.billing.totalMicroUsd)}</dd>
            </div>
            <div>
              <dt>Projected at month end</dt>
              <dd data-testid="projected-total">{formatUsd(data.billing.projectedTotalMicroUsd)}</dd>
            </div>
          </>
        )}
      </dl>
      <p>
        <Link href={`/t/${teamId}/usage`}>Usage by day and endpoint</Link>
      </p>
    </section>
  );
}

function PlanAndLimits({ data }: { data: Overview }) {
  const { limits, billing } = data;
  return (
    <section aria-labelledby="plan-heading">
      <h2 id="plan-heading">Plan and limits</h2>
      <dl className="figures" aria-label="Plan and limits in use">
        <div>
          <dt>Plan</dt>
          <dd>{data.plan}</dd>
        </div>
        <div>
          <dt>Active API keys</dt>
          <dd data-testid="keys-in-use">
            {count(limits.activeKeys)} of {count(limits.maxApiKeys)}
          </dd>
        </div>
        <div>
          <dt>Members (with pending invites)</dt>
          <dd data-testid="seats-in-use">
            {count(limits.seatsUsed)} of {count(limits.maxMembers)}
          </dd>
        </div>
        <div>
          <dt>Rate limit per key</dt>
          <dd>{count(limits.rateLimitPerMinute)} / min</dd>
        </div>
        {billing && (
          <div>
            <dt>Included usage used</dt>
            <dd data-testid="included-usage">
              {billing.includedMicroUsd === null
                ? `${formatUsd(billing.usageMicroUsd)} (unlimited)`
                : `${formatUsd(Math.min(billing.usageMicroUsd, billing.includedMicroUsd))} of ${formatUsd(billing.includedMicroUsd)}`}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function WebhookHealth({ teamId, webhooks }: { teamId: string; webhooks: NonNullable<Overview["webhooks"]> }) {
  return (
    <section aria-labelledby="webhook-health-heading">
      <h2 id="webhook-health-heading">Webhook health</h2>
      {webhooks.endpoints === 0 ? (
        <p className="muted">
          No webhook endpoints yet. <Link href={`/t/${teamId}/webhooks`}>Add one</Link> to hear about score and tier changes.
        </p>
      ) : webhooks.failing.length === 0 ? (
        <p data-testid="webhooks-healthy">
          All {count(webhooks.endpoints)} endpoint{webhooks.endpoints === 1 ? "" : "s"} healthy.
        </p>
      ) : (
        <ul className="list health" aria-label="Failing webhook endpoints">
          {webhooks.failing.map((endpoint) => (
            <li key={endpoint.id}>
              <Link href={`/t/${teamId}/webhooks/${endpoint.id}`}>{endpoint.url}</Link>
              <span className="muted"> — {problem(endpoint)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function problem(endpoint: NonNullable<Overview["webhooks"]>["failing"][number]): string {
  const failures = endpoint.failedLast24h > 0 ? `${endpoint.moreFailures ? "more than " : ""}${endpoint.failedLast24h} failed in 24 h` : "";
  if (endpoint.status === "disabled") {
    const why = endpoint.disabledReason === "gone" ? "answered 410 Gone" : endpoint.disabledReason === "failing" ? "failing for 24 h" : "by hand";
    return [`disabled (${why})`, failures].filter(Boolean).join("; ");
  }
  const since = endpoint.failingSince !== undefined ? `failing since ${formatDateTime(endpoint.failingSince)}` : "";
  return [since, failures].filter(Boolean).join("; ");
}

function LatestAuditEvents({ teamId }: { teamId: string }) {
  const log = api.audit.list.useQuery({ teamId, limit: 5 });
  const utils = api.useUtils();
  api.audit.live.useSubscription({ teamId, limit: 5 }, { onData: () => void utils.audit.list.invalidate({ teamId, limit: 5 }) });
  return (
    <section aria-labelledby="activity-heading">
      <h2 id="activity-heading">Recent activity</h2>
      {log.isPending ? (
        <p aria-busy="true">Loading recent activity…</p>
      ) : log.error ? (
        <ErrorAlert error={log.error} retry={() => void log.refetch()} />
      ) : (
        <RecentActivity entries={log.data.entries} />
      )}
      <p>
        <Link href={`/t/${teamId}/audit`}>Audit log</Link>
      </p>
    </section>
  );
}
