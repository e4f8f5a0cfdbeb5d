/**
 * The usage report of `GET /api/v1/usage` (SPEC §2) from hourly rollups: totals, per-endpoint sums and a time
 * series by UTC hour or day, every bucket of the range present (zero when idle) so charts need no gap filling.
 */
import { microUsdToUsd } from "./money";

export type Granularity = "hour" | "day";

const BUCKET_MS: Record<Granularity, number> = { hour: 3_600_000, day: 86_400_000 };

type RollupSlice = { endpoint: string; hourStart: number; calls: number; billableCalls: number; costMicroUsd: number };
type UsageFigures = { calls: number; billable: number; costUsd: number };
type Sum = { calls: number; billable: number; costMicroUsd: number };

const emptySum = (): Sum => ({ calls: 0, billable: 0, costMicroUsd: 0 });
const add = (sum: Sum, r: RollupSlice) => {
  sum.calls += r.calls;
  sum.billable += r.billableCalls;
  sum.costMicroUsd += r.costMicroUsd;
};
const figures = (sum: Sum): UsageFigures => ({ calls: sum.calls, billable: sum.billable, costUsd: microUsdToUsd(sum.costMicroUsd) });

export function bucketStart(time: number, granularity: Granularity): number {
  return Math.floor(time / BUCKET_MS[granularity]) * BUCKET_MS[granularity];
}

/** `from` is rounded down to its bucket; `to` is exclusive. Rollups outside [from, to) are ignored. */
export function usageReport(rollups: readonly RollupSlice[], range: { from: number; to: number; granularity: Granularity }) {
  const step = BUCKET_MS[range.granularity];
  const first = bucketStart(range.from, range.granularity);
  const total = emptySum();
  const byEndpoint = new Map<string, Sum>();
  const buckets = new Map<number, Sum>();
  for (let start = first; start < range.to; start += step) buckets.set(start, emptySum());
  for (const rollup of rollups) {
    if (rollup.hourStart < first || rollup.hourStart >= range.to) continue;
    add(total, rollup);
    if (!byEndpoint.has(rollup.endpoint)) byEndpoint.set(rollup.endpoint, emptySum());
    add(byEndpoint.get(rollup.endpoint)!, rollup);
    add(buckets.get(bucketStart(rollup.hourStart, range.granularity))!, rollup);
  }
  return {
    from: new Date(first).toISOString(),
    to: new Date(range.to).toISOString(),
    granularity: range.granularity,
    totals: figures(total),
    endpoints: [...byEndpoint.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([endpoint, sum]) => ({ endpoint, ...figures(sum) })),
    series: [...buckets.entries()].map(([start, sum]) => ({ start: new Date(start).toISOString(), ...figures(sum) })),
  };
}
