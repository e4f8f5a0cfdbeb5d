import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OPERATOR_WINDOWS, type OperatorWindow } from "../../../convex/lib/operatorFigures";
import { api } from "@/lib/trpc/server";
import { ApiCharts } from "@/components/operator/ApiCharts";
import { TeamCharts } from "@/components/operator/TeamCharts";
import { WebhookCharts } from "@/components/operator/WebhookCharts";
import { isOperator } from "@/server/auth/operators";
import { getSession } from "@/server/auth/session";
import { observabilityStatus } from "@/server/observability/status";
import styles from "./operator.module.css";

export const metadata: Metadata = { title: "Operator", robots: { index: false } };

const WINDOW_LABELS: Record<OperatorWindow, string> = { "24h": "24 hours", "7d": "7 days", "30d": "30 days" };

const count = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1 });
const percent = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1)} %`);
const usd = (microUsd: number | null) => (microUsd === null ? "—" : `$${(microUsd / 1_000_000).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`);
const ms = (value: number | null) => (value === null ? "slower than 2.5 s / no calls" : `≤ ${value} ms`);

function Figures({ items }: { items: [string, string][] }) {
  return (
    <dl className={styles.figures}>
      {items.map(([label, value]) => (
        <div key={label} className={styles.figure}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A table whose last column draws each value as a bar against the largest. */
function BarTable({ caption, head, rows }: { caption: string; head: [string, string]; rows: { label: string; value: number; shown: string }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head[0]}</th>
            <th scope="col">{head[1]}</th>
            <th scope="col" aria-hidden="true" className={styles.barCell} />
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={3}>No calls in this window.</td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.label}>
                <td>{r.label}</td>
                <td>{r.shown}</td>
                <td aria-hidden="true" className={styles.barCell}>
                  <span className={styles.bar} style={{ width: `${(r.value / max) * 100}%` }} />
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Platform operators' dashboard (SPEC §8). Anyone who is not an operator gets the ordinary 404. */
export default async function OperatorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await getSession();
  if (!session || !isOperator(session.user.email)) notFound();
  const requested = (await searchParams).window;
  const window: OperatorWindow = OPERATOR_WINDOWS.find((w) => w === requested) ?? "24h";

  const [apiFigures, webhooks, business, teams] = await Promise.all([
    api.operator.api({ window }),
    api.operator.webhooks({ window }),
    api.operator.business({ window }),
    api.operator.teams({ window }),
  ]);
  const truncated = apiFigures.truncated || webhooks.truncated || business.truncated || teams.truncated;

  return (
    <>
      <h1>Operator</h1>
      <nav aria-label="Window" className={styles.windows}>
        {OPERATOR_WINDOWS.map((w) => (
          <Link key={w} href={`/operator?window=${w}`} aria-current={w === window ? "page" : undefined}>
            {WINDOW_LABELS[w]}
          </Link>
        ))}
      </nav>
      {truncated ? <p className="alert">Some figures reached their read limit for this window and are lower bounds.</p> : null}

      <section aria-labelledby="api-heading">
        <h2 id="api-heading">API</h2>
        <Figures
          items={[
            ["Calls", count(apiFigures.calls)],
            ["Calls per hour", count(apiFigures.callsPerHour)],
            ["Success rate", percent(apiFigures.successRate)],
            ["4xx rate", percent(apiFigures.clientErrorRate)],
            ["5xx rate", percent(apiFigures.serverErrorRate)],
            ["Latency p50", ms(apiFigures.p50Ms)],
            ["Latency p95", ms(apiFigures.p95Ms)],
            ["Latency p99", ms(apiFigures.p99Ms)],
          ]}
        />
        <ApiCharts series={apiFigures.series} />
        <p className={styles.note}>
          Calls and latency by {apiFigures.series.granularity} in UTC. Each percentile is the upper bound of the latency bucket holding it;
          a gap means no calls, or calls slower than 2.5 s.
          {apiFigures.series.granularity === "day" ? " The first day is partial: the window starts at an hour of it." : null}
        </p>
      </section>

      <section aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Webhooks</h2>
        <Figures
          items={[
            ["Delivery success rate", percent(webhooks.successRate)],
            ["Average retries", webhooks.averageRetries === null ? "—" : webhooks.averageRetries.toFixed(2)],
            ["Failures in the last 24 h", count(webhooks.failedLast24h)],
            ["Queue depth", count(webhooks.queueDepth)],
          ]}
        />
        <WebhookCharts attempts={webhooks.attempts} />
        <p className={styles.note}>
          Attempts by {webhooks.attempts.granularity} in UTC, retries included: succeeded is a 2xx answer; failed is any other answer or none.
        </p>
      </section>

      <section aria-labelledby="business-heading">
        <h2 id="business-heading">Business</h2>
        <Figures
          items={[
            ["Revenue", usd(business.revenueMicroUsd)],
            ["Cost per verification", usd(business.costPerVerificationMicroUsd)],
            ["Active teams", count(business.activeTeams)],
          ]}
        />
        <h3>Calls by plan</h3>
        <BarTable caption="Calls by plan" head={["Plan", "Calls"]} rows={business.byPlan.map((p) => ({ label: p.plan, value: p.calls, shown: count(p.calls) }))} />
        <h3>Revenue by endpoint</h3>
        <BarTable
          caption="Revenue by endpoint"
          head={["Endpoint", "Revenue"]}
          rows={business.byEndpoint.map((e) => ({ label: e.endpoint, value: e.revenueMicroUsd, shown: usd(e.revenueMicroUsd) }))}
        />
        <h3>Top customers</h3>
        <BarTable
          caption="Top customers by revenue"
          head={["Team", "Revenue"]}
          rows={business.topCustomers.map((c) => ({ label: `${c.name} (${c.plan})`, value: c.revenueMicroUsd, shown: `${usd(c.revenueMicroUsd)} · ${count(c.calls)} calls` }))}
        />
      </section>

      <section aria-labelledby="teams-heading">
        <h2 id="teams-heading">Teams</h2>
        <Figures
          items={[
            ["Invites sent", count(teams.invitesSent)],
            ["Invites accepted", count(teams.invitesAccepted)],
            ["Members added", count(teams.membersAdded)],
            ["Members", count(teams.memberGrowth.points.at(-1)?.total ?? teams.memberGrowth.before)],
            ["API keys created", count(teams.keysCreated)],
            ["Live keys in use", count(teams.keys.byKind.live)],
            ["Test keys in use", count(teams.keys.byKind.test)],
            ["Keys expiring within 7 days", count(teams.keys.byState.expiring)],
          ]}
        />
        <TeamCharts growth={teams.memberGrowth} keys={teams.keys} />
        <h3>Teams by plan</h3>
        <BarTable caption="Teams by plan" head={["Plan", "Teams"]} rows={teams.teamsByPlan.map((p) => ({ label: p.plan, value: p.teams, shown: count(p.teams) }))} />
        <p className={styles.note}>
          Invites and keys created count those of the window; member growth counts today&apos;s members by when they joined, by{" "}
          {teams.memberGrowth.granularity} in UTC. Teams and keys are as they stand now: a key in use is active or expiring, and a rotated
          key whose grace period ended counts as expired.
        </p>
      </section>

      <section aria-labelledby="reporting-heading">
        <h2 id="reporting-heading">Error tracking and analytics</h2>
        <dl className={styles.integrations}>
          {observabilityStatus().map((s) => (
            <div key={s.name}>
              <dt>{s.name}</dt>
              <dd>
                <span className={s.configured ? `badge ${styles.on}` : "badge"}>{s.configured ? "Configured" : "Off"}</span> <span>{s.detail}</span>
              </dd>
            </div>
          ))}
        </dl>
        <p className={styles.note}>This server&apos;s settings. On a Convex deployment, errors inside Convex functions are reported by the deployment&apos;s own exception reporting.</p>
      </section>
    </>
  );
}
