"use client";

import { useState } from "react";
import { formatUsd } from "../../../convex/lib/money";
import { LATENCY_BUCKET_BOUNDS_MS } from "../../../convex/lib/latency";
import type { ChartFiguresView } from "../../../convex/lib/usageCharts";
import type { Granularity } from "../../../convex/lib/usageBuckets";
import { hasCosts, usageCsv } from "@/lib/usage/csv";
import { customRange, granularitiesFor, type Preset, presetRange, type UsageRange } from "@/lib/usage/range";
import { api } from "@/lib/trpc/react";
import { ErrorAlert } from "./ErrorAlert";
import { LiveIndicator } from "./LiveIndicator";
import { UsageCharts } from "./UsageCharts";

type Choice = Preset | "custom";

const slowest = LATENCY_BUCKET_BOUNDS_MS[LATENCY_BUCKET_BOUNDS_MS.length - 1];
const ms = (figures: ChartFiguresView, value: number | null) => (figures.calls === 0 ? "–" : value === null ? `> ${slowest} ms` : `≤ ${value} ms`);
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

const BY: Record<Granularity, string> = { hour: "Hour", day: "Day" };

/** The usage page: filters (range, buckets, key), totals, charts and the CSV export of what is shown. */
export function UsagePanel({ teamId }: { teamId: string }) {
  const [choice, setChoice] = useState<Choice>("7d");
  // The range is fixed when chosen, so the query key (and the cache) stays put while the page is open.
  const [range, setRange] = useState<UsageRange>(() => presetRange("7d", Date.now()));
  const [custom, setCustom] = useState({ from: isoDay(Date.now() - 6 * 86_400_000), to: isoDay(Date.now()) });
  const [customError, setCustomError] = useState<string>();
  const [apiKeyId, setApiKeyId] = useState("");
  const input = { teamId, ...range, ...(apiKeyId ? { apiKeyId } : {}) };
  const chart = api.usage.chart.useQuery(input, { placeholderData: (previous) => previous });
  const utils = api.useUtils();
  // A call made anywhere (curl, the SDK) shows here without a reload; fields read at once (see ApiKeysPanel).
  const { status: liveStatus, error: liveError } = api.usage.live.useSubscription(input, { onData: (change) => utils.usage.chart.setData(input, change.data) });

  function choose(next: Choice) {
    setChoice(next);
    if (next !== "custom") setRange(presetRange(next, Date.now()));
    else applyCustom(custom);
  }
  function applyCustom(dates: { from: string; to: string }) {
    setCustom(dates);
    const parsed = customRange(dates.from, dates.to);
    setCustomError(parsed ? undefined : "Choose a start on or before the end, at most 93 days apart.");
    if (parsed) setRange(parsed);
  }
  function exportCsv() {
    if (!chart.data) return;
    const url = URL.createObjectURL(new Blob([usageCsv(chart.data)], { type: "text/csv" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `usage-${isoDay(range.from)}-to-${isoDay(range.to - 1)}.csv`;
    link.click();
    URL.revokeObjectURL(url);
  }

  const total = chart.data?.total;
  const withCost = chart.data !== undefined && hasCosts(chart.data);
  return (
    <>
      <LiveIndicator subscription={{ status: liveStatus, error: liveError }} />
      <div className="filters">
        <div className="field">
          <label htmlFor="usage-range">Range</label>
          <select id="usage-range" value={choice} onChange={(event) => choose(event.target.value as Choice)}>
            <option value="24h">Last 24 hours</option>
            <option value="7d">Last 7 days</option>
            <option value="30d">Last 30 days</option>
            <option value="custom">Custom</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="usage-granularity">Per</label>
          <select id="usage-granularity" value={range.granularity} onChange={(event) => setRange({ ...range, granularity: event.target.value as Granularity })}>
            {granularitiesFor(range).map((granularity) => (
              <option key={granularity} value={granularity}>
                {BY[granularity]}
              </option>
            ))}
          </select>
        </div>
        {choice === "custom" && (
          <>
            <div className="field">
              <label htmlFor="usage-from">From (UTC)</label>
              <input id="usage-from" type="date" value={custom.from} onChange={(event) => applyCustom({ ...custom, from: event.target.value })} />
            </div>
            <div className="field">
              <label htmlFor="usage-to">To (UTC, included)</label>
              <input id="usage-to" type="date" value={custom.to} onChange={(event) => applyCustom({ ...custom, to: event.target.value })} />
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor="usage-key">API key</label>
          <select id="usage-key" value={apiKeyId} onChange={(event) => setApiKeyId(event.target.value)}>
            <option value="">All keys</option>
            {chart.data?.keys.map((key) => (
              <option key={key.id} value={key.id}>
                {key.name} ({key.prefix}…){key.revoked ? " – revoked" : ""}
              </option>
            ))}
          </select>
        </div>
      </div>
      {customError && (
        <p className="field-error" role="alert">
          {customError}
        </p>
      )}
      <ErrorAlert error={chart.error} retry={() => void chart.refetch()} />
      {chart.isPending && <p aria-busy="true">Loading usage…</p>}
      {total && chart.data && (
        <>
          <dl className="figures" aria-label="Totals for the range">
            <div>
              <dt>Calls</dt>
              <dd data-testid="usage-calls">{total.calls.toLocaleString("en-US")}</dd>
            </div>
            <div>
              <dt>Errors (4xx / 5xx)</dt>
              <dd>
                {total.clientErrors.toLocaleString("en-US")} / {total.serverErrors.toLocaleString("en-US")}
              </dd>
            </div>
            <div>
              <dt>Latency p50 / p95</dt>
              <dd>
                {ms(total, total.p50Ms)} / {ms(total, total.p95Ms)}
              </dd>
            </div>
            {total.costMicroUsd !== undefined && (
              <div>
                <dt>Cost</dt>
                <dd>{formatUsd(total.costMicroUsd)}</dd>
              </div>
            )}
          </dl>
          <div className="actions">
            <button type="button" className="button secondary" onClick={exportCsv}>
              Export CSV
            </button>
          </div>
          <UsageCharts charts={chart.data} granularity={range.granularity} withCost={withCost} />
          <p className="muted" data-testid="usage-buckets">
            {chart.isPlaceholderData ? "Updating…" : bucketNote(chart.data.buckets.length, range.granularity)} Latency is read from bucketed counts: each figure is the upper bound of its bucket.
          </p>
        </>
      )}
    </>
  );
}

/** How many bars and what each holds; a range by day starts and ends within a day, and those days count only their part. */
function bucketNote(buckets: number, granularity: Granularity): string {
  return granularity === "hour"
    ? `${buckets} hourly buckets, times in UTC.`
    : `${buckets} daily buckets (UTC days); the first and last count only the hours inside the range.`;
}
