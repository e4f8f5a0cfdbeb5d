/**
 * Platform figures as gauges, set from one Convex query at scrape time (convex/platformMetrics.ts). Webhook
 * deliveries run inside Convex (possibly a remote deployment), so a counter in this process would miss them:
 * their figures are read from the deliveries and attempts tables instead, like the usage figures from rollups.
 */
import { Gauge } from "prom-client";
import { api } from "../../../convex/_generated/api";
import type { FunctionReturnType } from "convex/server";
import { getBackend } from "../backend";
import { registry } from "./registry";

type Snapshot = FunctionReturnType<typeof api.platformMetrics.snapshot>;

const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
  new Gauge<L>({ name: `ghostspeak_${name}`, help, labelNames, registers: [registry] });

const deliveries = gauge("webhook_deliveries", "Webhook deliveries waiting for an attempt (pending) or given up (failed, kept 30 days).", ["status"]);
const attempts = gauge("webhook_delivery_attempts_24h", "Webhook delivery attempts in the last 24 h, by outcome (2xx = succeeded).", ["outcome"]);
const calls = gauge("api_calls_24h", "API calls in the last 24 h (rollup hours), by endpoint.", ["endpoint"]);
const billable = gauge("api_billable_calls_24h", "Billable API calls in the last 24 h, by endpoint.", ["endpoint"]);
const errors = gauge("api_errors_24h", "API calls that answered 4xx or 5xx in the last 24 h, by endpoint.", ["endpoint", "class"]);
const revenue = gauge("revenue_usd_24h", "Usage charges in the last 24 h, by endpoint.", ["endpoint"]);
const planCalls = gauge("api_calls_by_plan_24h", "API calls in the last 24 h, by the team's plan.", ["plan"]);
const planRevenue = gauge("revenue_by_plan_usd_24h", "Usage charges in the last 24 h, by the team's plan.", ["plan"]);
const topCustomers = gauge("top_customer_revenue_usd_24h", "The ten teams with the most usage charges in the last 24 h.", ["team_id"]);
const activeTeams = gauge("active_teams_24h", "Teams that made at least one API call in the last 24 h.", []);
const truncated = gauge("metrics_truncated", "1 when a figure hit its scan cap at this scrape and is a lower bound.", ["source"]);

const usd = (microUsd: number) => microUsd / 1_000_000;

export function applySnapshot({ webhooks, usage24h }: Snapshot): void {
  // Reset first: a label that had a value at the last scrape and has none now must disappear, not linger.
  for (const g of [deliveries, attempts, calls, billable, errors, revenue, planCalls, planRevenue, topCustomers, truncated]) g.reset();

  deliveries.set({ status: "pending" }, webhooks.pendingDeliveries.count);
  deliveries.set({ status: "failed" }, webhooks.failedDeliveries.count);
  attempts.set({ outcome: "succeeded" }, webhooks.attempts24h.succeeded);
  attempts.set({ outcome: "failed" }, webhooks.attempts24h.failed);

  for (const e of usage24h.byEndpoint) {
    calls.set({ endpoint: e.endpoint }, e.calls);
    billable.set({ endpoint: e.endpoint }, e.billableCalls);
    errors.set({ endpoint: e.endpoint, class: "4xx" }, e.clientErrors);
    errors.set({ endpoint: e.endpoint, class: "5xx" }, e.serverErrors);
    revenue.set({ endpoint: e.endpoint }, usd(e.revenueMicroUsd));
  }
  for (const p of usage24h.byPlan) {
    planCalls.set({ plan: p.plan }, p.calls);
    planRevenue.set({ plan: p.plan }, usd(p.revenueMicroUsd));
  }
  for (const c of usage24h.topCustomers) topCustomers.set({ team_id: c.teamId }, usd(c.revenueMicroUsd));
  activeTeams.set(usage24h.activeTeams);

  truncated.set({ source: "pending_deliveries" }, Number(webhooks.pendingDeliveries.truncated));
  truncated.set({ source: "failed_deliveries" }, Number(webhooks.failedDeliveries.truncated));
  truncated.set({ source: "delivery_attempts" }, Number(webhooks.attempts24h.truncated));
  truncated.set({ source: "usage_rollups" }, Number(usage24h.truncated));
}

/** Reads the platform figures and sets the gauges; the caller then renders the registry. */
export async function refreshPlatformGauges(): Promise<void> {
  const backend = await getBackend();
  applySnapshot(await backend.query(api.platformMetrics.snapshot, {}));
}
