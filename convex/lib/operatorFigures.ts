/**
 * Pure figures of the operator dashboard (SPEC §8) from rows the operator queries read: latency percentiles
 * from summed rollup buckets, rates, and webhook delivery outcomes.
 */
import type { Doc } from "../_generated/dataModel";
import { emptyLatencyBuckets, LATENCY_BUCKET_BOUNDS_MS } from "./latency";

/** The windows the dashboard offers; each figure covers the last 24 h, 7 d or 30 d. */
export const OPERATOR_WINDOWS = ["24h", "7d", "30d"] as const;
export type OperatorWindow = (typeof OPERATOR_WINDOWS)[number];

/**
 * Upper bound (ms) of the bucket holding the q-th quantile of the calls counted in `buckets`: exact to the
 * bucket. Null when there are no calls, or when the quantile falls past the last bound (slower than it).
 */
export function latencyQuantileMs(buckets: number[], q: number): number | null {
  const total = buckets.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i];
    if (seen >= rank) return i < LATENCY_BUCKET_BOUNDS_MS.length ? LATENCY_BUCKET_BOUNDS_MS[i] : null;
  }
  return null;
}

export interface ApiFigures {
  calls: number;
  callsPerHour: number;
  successRate: number | null;
  clientErrorRate: number | null;
  serverErrorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

type ApiRollup = Pick<Doc<"usageRollups">, "calls" | "clientErrors" | "serverErrors" | "latencyBuckets">;

export function apiFigures(rollups: ApiRollup[], hours: number): ApiFigures {
  const buckets = emptyLatencyBuckets();
  let calls = 0;
  let clientErrors = 0;
  let serverErrors = 0;
  for (const r of rollups) {
    calls += r.calls;
    clientErrors += r.clientErrors;
    serverErrors += r.serverErrors;
    r.latencyBuckets.forEach((n, i) => (buckets[i] += n));
  }
  const rate = (n: number) => (calls === 0 ? null : n / calls);
  return {
    calls,
    callsPerHour: calls / hours,
    successRate: rate(calls - clientErrors - serverErrors),
    clientErrorRate: rate(clientErrors),
    serverErrorRate: rate(serverErrors),
    p50Ms: latencyQuantileMs(buckets, 0.5),
    p95Ms: latencyQuantileMs(buckets, 0.95),
    p99Ms: latencyQuantileMs(buckets, 0.99),
  };
}

export interface DeliveryFigures {
  delivered: number;
  failed: number;
  /** Delivered among finished deliveries; null with none finished. */
  successRate: number | null;
  /** Attempts beyond the first, per finished delivery. */
  averageRetries: number | null;
}

export function deliveryFigures(finished: Pick<Doc<"webhookDeliveries">, "status" | "attempts">[]): DeliveryFigures {
  const delivered = finished.filter((d) => d.status === "delivered").length;
  const failed = finished.filter((d) => d.status === "failed").length;
  const count = delivered + failed;
  const retries = finished.reduce((sum, d) => sum + Math.max(0, d.attempts - 1), 0);
  return { delivered, failed, successRate: count === 0 ? null : delivered / count, averageRetries: count === 0 ? null : retries / count };
}
