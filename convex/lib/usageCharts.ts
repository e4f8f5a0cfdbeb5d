/**
 * The portal's usage charts (SPEC §7) from hourly rollups: per time bucket and endpoint, calls, errors, cost and
 * latency p50/p95. Percentiles come from the rollups' latency bucket counts summed over the cell, so any range
 * costs a few rollup rows, never a scan of usage events. Every bucket of the range is present (empty when idle).
 */
import { LATENCY_BUCKET_COUNT, latencyQuantileMs } from "./latency";
import { bucketStart, type Granularity } from "./usageSeries";

const BUCKET_MS: Record<Granularity, number> = { hour: 3_600_000, day: 86_400_000 };

export type ChartRollup = {
  endpoint: string;
  hourStart: number;
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

function add(cell: Cell, rollup: ChartRollup): void {
  cell.calls += rollup.calls;
  cell.clientErrors += rollup.clientErrors;
  cell.serverErrors += rollup.serverErrors;
  cell.costMicroUsd += rollup.costMicroUsd;
  rollup.latencyBuckets.forEach((count, i) => {
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

/** `from` is rounded down to its bucket; `to` is exclusive. Rollups outside [from, to) are ignored. */
export function usageCharts(rollups: readonly ChartRollup[], range: { from: number; to: number; granularity: Granularity }): UsageCharts {
  const step = BUCKET_MS[range.granularity];
  const first = bucketStart(range.from, range.granularity);
  const total = emptyCell();
  const buckets = new Map<number, { total: Cell; byEndpoint: Map<string, Cell> }>();
  for (let start = first; start < range.to; start += step) buckets.set(start, { total: emptyCell(), byEndpoint: new Map() });
  const endpoints = new Set<string>();
  for (const rollup of rollups) {
    if (rollup.hourStart < first || rollup.hourStart >= range.to) continue;
    const bucket = buckets.get(bucketStart(rollup.hourStart, range.granularity))!;
    if (!bucket.byEndpoint.has(rollup.endpoint)) bucket.byEndpoint.set(rollup.endpoint, emptyCell());
    add(bucket.byEndpoint.get(rollup.endpoint)!, rollup);
    add(bucket.total, rollup);
    add(total, rollup);
    endpoints.add(rollup.endpoint);
  }
  return {
    endpoints: [...endpoints].sort(),
    buckets: [...buckets.entries()].map(([start, bucket]) => ({
      start,
      total: figures(bucket.total),
      byEndpoint: Object.fromEntries([...bucket.byEndpoint.entries()].map(([endpoint, cell]) => [endpoint, figures(cell)])),
    })),
    total: figures(total),
  };
}
