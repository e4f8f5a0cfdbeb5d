/**
 * The usage report of `GET /api/v1/usage` (SPEC §2) from usage buckets (lib/usageBuckets.ts): totals, per-endpoint sums and a time
 * series by UTC hour or day, every bucket of the range present (zero when idle) so charts need no gap filling.
 */
import { microUsdToUsd } from "./money";
import { BUCKET_MS, bucketStart, type Granularity } from "./usageBuckets";

type BucketSlice = { endpoint: string; start: number; calls: number; billableCalls: number; costMicroUsd: number };
type UsageFigures = { calls: number; billable: number; costUsd: number };
type Sum = { calls: number; billable: number; costMicroUsd: number };

const emptySum = (): Sum => ({ calls: 0, billable: 0, costMicroUsd: 0 });
const add = (sum: Sum, r: BucketSlice) => {
  sum.calls += r.calls;
  sum.billable += r.billableCalls;
  sum.costMicroUsd += r.costMicroUsd;
};
const figures = (sum: Sum): UsageFigures => ({ calls: sum.calls, billable: sum.billable, costUsd: microUsdToUsd(sum.costMicroUsd) });

/** `from` is rounded down to its bucket; `to` is exclusive. Buckets outside [from, to) are ignored. */
export function usageReport(rows: readonly BucketSlice[], range: { from: number; to: number; granularity: Granularity }) {
  const step = BUCKET_MS[range.granularity];
  const first = bucketStart(range.from, range.granularity);
  const total = emptySum();
  const byEndpoint = new Map<string, Sum>();
  const series = new Map<number, Sum>();
  for (let start = first; start < range.to; start += step) series.set(start, emptySum());
  for (const bucket of rows) {
    if (bucket.start < first || bucket.start >= range.to) continue;
    add(total, bucket);
    if (!byEndpoint.has(bucket.endpoint)) byEndpoint.set(bucket.endpoint, emptySum());
    add(byEndpoint.get(bucket.endpoint)!, bucket);
    add(series.get(bucketStart(bucket.start, range.granularity))!, bucket);
  }
  return {
    from: new Date(first).toISOString(),
    to: new Date(range.to).toISOString(),
    granularity: range.granularity,
    totals: figures(total),
    endpoints: [...byEndpoint.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([endpoint, sum]) => ({ endpoint, ...figures(sum) })),
    series: [...series.entries()].map(([start, sum]) => ({ start: new Date(start).toISOString(), ...figures(sum) })),
  };
}
