/**
 * The portal's usage charts (SPEC §7) from usage buckets (lib/usageBuckets.ts): per time bucket and endpoint, calls, errors, cost and
 * latency p50/p95. Percentiles come from the buckets' latency counts summed over the cell, so any range
 * costs a few bucket rows, never a scan of usage events. Every bucket of the range is present (empty when idle).
 */
import { LATENCY_BUCKET_COUNT, latencyQuantileMs } from "./latency";
import { BUCKET_MS, bucketStart, type Granularity } from "./usageBuckets";

export type ChartBucket = {
  endpoint: string;
  start: number;
  calls: number;
  clientErrors: number;
  serverErrors: number;
  costMicroUsd: number;
  latencyBuckets: readonly number[];
};

export type ChartFigures = {
  calls: number;
  clientErrors: number;
  serverErrors: number;
  costMicroUsd: number;
  /** Upper bound of the latency bucket holding the percentile; null = slower than the last bound, or no calls. */
  p50Ms: number | null;
  p95Ms: number | null;
};

type Cell = Omit<ChartFigures, "p50Ms" | "p95Ms"> & { latency: number[] };

const emptyCell = (): Cell => ({ calls: 0, clientErrors: 0, serverErrors: 0, costMicroUsd: 0, latency: new Array<number>(LATENCY_BUCKET_COUNT).fill(0) });

function add(cell: Cell, bucket: ChartBucket): void {
  cell.calls += bucket.calls;
  cell.clientErrors += bucket.clientErrors;
  cell.serverErrors += bucket.serverErrors;
  cell.costMicroUsd += bucket.costMicroUsd;
  bucket.latencyBuckets.forEach((count, i) => {
    cell.latency[i] += count;
  });
}

function figures(cell: Cell): ChartFigures {
  const { latency, ...sums } = cell;
  return { ...sums, p50Ms: latencyQuantileMs(latency, 0.5), p95Ms: latencyQuantileMs(latency, 0.95) };
}

export type UsageCharts = {
  /** Endpoints that had calls in the range, sorted. */
  endpoints: string[];
  buckets: { start: number; total: ChartFigures; byEndpoint: Record<string, ChartFigures> }[];
  total: ChartFigures;
};

/**
 * `from` is rounded down to its bucket; `to` is exclusive. Rows outside [from, to) are ignored; finer rows (hours in a
 * chart by day) are added into the bucket that holds them, so a day is exactly the sum of its hours.
 */
export function usageCharts(rows: readonly ChartBucket[], range: { from: number; to: number; granularity: Granularity }): UsageCharts {
  const step = BUCKET_MS[range.granularity];
  const first = bucketStart(range.from, range.granularity);
  const total = emptyCell();
  const cells = new Map<number, { total: Cell; byEndpoint: Map<string, Cell> }>();
  for (let start = first; start < range.to; start += step) cells.set(start, { total: emptyCell(), byEndpoint: new Map() });
  const endpoints = new Set<string>();
  for (const row of rows) {
    if (row.start < first || row.start >= range.to) continue;
    const cell = cells.get(bucketStart(row.start, range.granularity))!;
    if (!cell.byEndpoint.has(row.endpoint)) cell.byEndpoint.set(row.endpoint, emptyCell());
    add(cell.byEndpoint.get(row.endpoint)!, row);
    add(cell.total, row);
    add(total, row);
    endpoints.add(row.endpoint);
  }
  return {
    endpoints: [...endpoints].sort(),
    buckets: [...cells.entries()].map(([start, cell]) => ({
      start,
      total: figures(cell.total),
      byEndpoint: Object.fromEntries([...cell.byEndpoint.entries()].map(([endpoint, cell]) => [endpoint, figures(cell)])),
    })),
    total: figures(total),
  };
}

/** Figures as the portal receives them: without cost for roles that may not view billing (SPEC §5). */
export type ChartFiguresView = Omit<ChartFigures, "costMicroUsd"> & { costMicroUsd?: number };
export type UsageChartsView = {
  endpoints: string[];
  buckets: { start: number; total: ChartFiguresView; byEndpoint: Record<string, ChartFiguresView> }[];
  total: ChartFiguresView;
};

function dropCost(figures: ChartFigures): ChartFiguresView {
  const view: ChartFiguresView = { ...figures };
  delete view.costMicroUsd;
  return view;
}

/** The charts with every cost removed, for roles that may not view billing: the server leaves it out, not the page. */
export function withoutCosts(charts: UsageCharts): UsageChartsView {
  return {
    endpoints: charts.endpoints,
    buckets: charts.buckets.map((bucket) => ({
      start: bucket.start,
      total: dropCost(bucket.total),
      byEndpoint: Object.fromEntries(Object.entries(bucket.byEndpoint).map(([endpoint, figures]) => [endpoint, dropCost(figures)])),
    })),
    total: dropCost(charts.total),
  };
}
