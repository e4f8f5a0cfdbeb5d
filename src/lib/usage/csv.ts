/**
 * The usage page's CSV export: one row per time bucket and endpoint that had calls, in the columns a spreadsheet
 * reader expects (UTC ISO times, dollars, milliseconds). Built from the same chart answer the page shows, so a
 * chart by day exports day buckets. The columns are fixed, except that `cost_usd` is left out for roles the server
 * sends no cost to (SPEC §5: members).
 */
import { microUsdToUsd } from "../../../convex/lib/money";
import { LATENCY_BUCKET_BOUNDS_MS } from "../../../convex/lib/latency";
import type { ChartFiguresView, UsageChartsView } from "../../../convex/lib/usageCharts";

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
function latencyCell(figures: ChartFiguresView, value: number | null): string {
  if (figures.calls === 0) return "";
  return value === null ? SLOWEST : String(value);
}

/** RFC 4180 quoting, for endpoint templates and anything else that could hold a comma or a quote. */
function quote(cell: string): string {
  return /[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Whether the answer carries costs: the server sends them on every figure or on none. */
export function hasCosts(charts: Pick<UsageChartsView, "total">): boolean {
  return charts.total.costMicroUsd !== undefined;
}

export function usageCsv(charts: Pick<UsageChartsView, "buckets" | "total">): string {
  const withCost = hasCosts(charts);
  const lines = [USAGE_CSV_HEADER.filter((column) => withCost || column !== "cost_usd").join(",")];
  for (const bucket of charts.buckets) {
    for (const [endpoint, figures] of Object.entries(bucket.byEndpoint).sort(([a], [b]) => (a < b ? -1 : 1))) {
      lines.push(
        [
          new Date(bucket.start).toISOString(),
          endpoint,
          String(figures.calls),
          String(figures.clientErrors),
          String(figures.serverErrors),
          ...(withCost ? [String(microUsdToUsd(figures.costMicroUsd ?? 0))] : []),
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
