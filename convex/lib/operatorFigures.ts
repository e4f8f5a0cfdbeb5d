/**
 * Pure figures of the operator dashboard (SPEC §8) from rows the operator queries read: latency percentiles
 * from summed rollup buckets, rates, webhook delivery outcomes, member growth and the API key distribution.
 */
import type { Doc, Id } from "../_generated/dataModel";
import { emptyLatencyBuckets, LATENCY_BUCKET_BOUNDS_MS } from "./latency";
import { type Plan, PLANS } from "./plans";

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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Series buckets of each window: the current hour or UTC day and the ones before it. */
const SERIES: Record<OperatorWindow, { granularity: "hour" | "day"; step: number; buckets: number }> = {
  "24h": { granularity: "hour", step: HOUR, buckets: 24 },
  "7d": { granularity: "day", step: DAY, buckets: 7 },
  "30d": { granularity: "day", step: DAY, buckets: 30 },
};

export interface MemberGrowth {
  granularity: "hour" | "day";
  /** Members who joined before the first bucket. */
  before: number;
  /** One point per bucket, oldest first: who joined in it, and the running total at its end. */
  points: { start: number; added: number; total: number }[];
}

/**
 * Member growth over the window from join times (any order). Creation times can run a fraction of a millisecond
 * ahead of the query's clock, so a join after `now` counts in the current bucket.
 */
export function memberGrowth(joinedAt: readonly number[], now: number, window: OperatorWindow): MemberGrowth {
  const { granularity, step, buckets } = SERIES[window];
  const first = Math.floor(now / step) * step - (buckets - 1) * step;
  const added = new Array<number>(buckets).fill(0);
  let before = 0;
  for (const time of joinedAt) {
    if (time < first) before++;
    else added[Math.min(buckets - 1, Math.floor((time - first) / step))]++;
  }
  let total = before;
  const points = added.map((n, i) => ({ start: first + i * step, added: n, total: (total += n) }));
  return { granularity, before, points };
}

/** A key is "expiring" when it stops working within this long. */
export const KEY_EXPIRING_WITHIN_MS = 7 * DAY;
export const KEY_STATES = ["active", "expiring", "expired", "revoked"] as const;
export type KeyState = (typeof KEY_STATES)[number];

type KeyRow = Pick<Doc<"apiKeys">, "teamId" | "env" | "revokedAt" | "expiresAt" | "graceUntil">;

/** Revoked; expired (past its expiry or the end of its rotation grace); expiring within 7 days; or active. */
export function keyState(key: Omit<KeyRow, "teamId" | "env">, now: number): KeyState {
  if (key.revokedAt !== undefined) return "revoked";
  const ends = [key.expiresAt, key.graceUntil].filter((t): t is number => t !== undefined);
  const end = ends.length === 0 ? undefined : Math.min(...ends);
  if (end === undefined) return "active";
  if (now >= end) return "expired";
  return end - now <= KEY_EXPIRING_WITHIN_MS ? "expiring" : "active";
}

export interface KeyDistribution {
  /** Every key read, by state. */
  byState: Record<KeyState, number>;
  /** Keys that work now (active or expiring), by kind. */
  byKind: { live: number; test: number };
  /** Keys that work now, by their team's plan and kind; keys of teams not found are left out. */
  byPlan: { plan: Plan; live: number; test: number }[];
}

export function keyDistribution(keys: readonly KeyRow[], planOf: (teamId: Id<"teams">) => Plan | undefined, now: number): KeyDistribution {
  const byState: Record<KeyState, number> = { active: 0, expiring: 0, expired: 0, revoked: 0 };
  const byKind = { live: 0, test: 0 };
  const byPlan = new Map<Plan, { live: number; test: number }>(PLANS.map((plan) => [plan, { live: 0, test: 0 }]));
  for (const key of keys) {
    const state = keyState(key, now);
    byState[state]++;
    if (state !== "active" && state !== "expiring") continue;
    byKind[key.env]++;
    const plan = planOf(key.teamId);
    if (plan) byPlan.get(plan)![key.env]++;
  }
  return { byState, byKind, byPlan: PLANS.map((plan) => ({ plan, ...byPlan.get(plan)! })) };
}
