/**
 * The usage page's CSV export: one row per time bucket and endpoint that had calls, in the columns a spreadsheet
 * reader expects (UTC ISO times, dollars, milliseconds). Built from the same chart answer the page shows.
 */
import { microUsdToUsd } from "../../../convex/lib/money";
import { LATENCY_BUCKET_BOUNDS_MS } from "../../../convex/lib/latency";
import type { ChartFigures, UsageCharts } from "../../../convex/lib/usageCharts";

export const USAGE_CSV_HEADER = [
  "bucket_start_utc",
  "endpoint",
  "calls",
  "client_errors",
  "server_errors",
  "cost_usd",
  "latency_p50_ms",
  "latency_p95_ms",
] as const;

const SLOWEST = `>${LATENCY_BUCKET_BOUNDS_MS[LATENCY_BUCKET_BOUNDS_MS.length - 1]}`;

/** A percentile cell: empty without calls, ">2500" when slower than the last latency bound. */
function latencyCell(figures: ChartFigures, value: number | null): string {
  if (figures.calls === 0) return "";
  return value === null ? SLOWEST : String(value);
}

/** RFC 4180 quoting, for endpoint templates and anything else that could hold a comma or a quote. */
function quote(cell: string): string {
  return /[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function usageCsv(charts: Pick<UsageCharts, "buckets">): string {
  const lines = [USAGE_CSV_HEADER.join(",")];
  for (const bucket of charts.buckets) {
    for (const [endpoint, figures] of Object.entries(bucket.byEndpoint).sort(([a], [b]) => (a < b ? -1 : 1))) {
      lines.push(
        [
          new Date(bucket.start).toISOString(),
          endpoint,
          String(figures.calls),
          String(figures.clientErrors),
          String(figures.serverErrors),
          String(microUsdToUsd(figures.costMicroUsd)),
          latencyCell(figures, figures.p50Ms),
          latencyCell(figures, figures.p95Ms),
        ]
          .map(quote)
          .join(","),
      );
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
