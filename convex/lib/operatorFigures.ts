/**
 * Pure figures of the operator dashboard (SPEC §8) from rows the operator queries read: latency percentiles
 * from the usage buckets' summed latency counts, rates, webhook delivery outcomes, the series over a window (calls, latency,
 * delivery attempts, member growth) and the API key distribution.
 */
import type { Doc, Id } from "../_generated/dataModel";
import { emptyLatencyBuckets, latencyQuantileMs } from "./latency";
import { type Plan, PLANS } from "./plans";
import type { Bucket } from "./usageBuckets";
import { attemptSucceeded } from "./webhookOutcome";

/** The windows the dashboard offers; each figure covers the last 24 h, 7 d or 30 d. */
export const OPERATOR_WINDOWS = ["24h", "7d", "30d"] as const;
export type OperatorWindow = (typeof OPERATOR_WINDOWS)[number];


export interface Percentiles {
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface ApiFigures extends Percentiles {
  calls: number;
  callsPerHour: number;
  successRate: number | null;
  clientErrorRate: number | null;
  serverErrorRate: number | null;
}

type ApiBucket = Pick<Bucket, "calls" | "clientErrors" | "serverErrors" | "latencyBuckets">;

/** Usage buckets added up: calls, errors, and the calls per latency bucket. */
function sumBuckets(rows: readonly ApiBucket[]) {
  const latency = emptyLatencyBuckets();
  let calls = 0;
  let clientErrors = 0;
  let serverErrors = 0;
  for (const r of rows) {
    calls += r.calls;
    clientErrors += r.clientErrors;
    serverErrors += r.serverErrors;
    r.latencyBuckets.forEach((n, i) => (latency[i] += n));
  }
  const percentiles: Percentiles = {
    p50Ms: latencyQuantileMs(latency, 0.5),
    p95Ms: latencyQuantileMs(latency, 0.95),
    p99Ms: latencyQuantileMs(latency, 0.99),
  };
  return { calls, clientErrors, serverErrors, percentiles };
}

export function apiFigures(buckets: readonly ApiBucket[], hours: number): ApiFigures {
  const { calls, clientErrors, serverErrors, percentiles } = sumBuckets(buckets);
  const rate = (n: number) => (calls === 0 ? null : n / calls);
  return {
    calls,
    callsPerHour: calls / hours,
    successRate: rate(calls - clientErrors - serverErrors),
    clientErrorRate: rate(clientErrors),
    serverErrorRate: rate(serverErrors),
    ...percentiles,
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

/**
 * Series buckets of each window: the current hour or UTC day and the ones before it. The figures cover the
 * current hour and the 167 (719) before it, which touch 8 (31) UTC days: a day series has that many buckets, the
 * first one partial, so every call in the figures is in a bar.
 */
const SERIES: Record<OperatorWindow, { granularity: "hour" | "day"; step: number; buckets: number }> = {
  "24h": { granularity: "hour", step: HOUR, buckets: 24 },
  "7d": { granularity: "day", step: DAY, buckets: 8 },
  "30d": { granularity: "day", step: DAY, buckets: 31 },
};

export type Granularity = (typeof SERIES)[OperatorWindow]["granularity"];

/** The buckets of a window's series at `now`, oldest first. */
export interface SeriesFrame {
  granularity: Granularity;
  /** Start of the oldest bucket. */
  first: number;
  step: number;
  starts: number[];
}

export function seriesFrame(now: number, window: OperatorWindow): SeriesFrame {
  const { granularity, step, buckets } = SERIES[window];
  const first = Math.floor(now / step) * step - (buckets - 1) * step;
  return { granularity, first, step, starts: Array.from({ length: buckets }, (_, i) => first + i * step) };
}

/**
 * The bucket holding `time`, or -1 before the first. Times can run a fraction of a millisecond ahead of the
 * query's clock, so a time after the last bucket counts in it.
 */
function bucketOf(frame: SeriesFrame, time: number): number {
  if (time < frame.first) return -1;
  return Math.min(frame.starts.length - 1, Math.floor((time - frame.first) / frame.step));
}

export interface ApiPoint extends Percentiles {
  start: number;
  /** Calls answered below 400. */
  success: number;
  clientErrors: number;
  serverErrors: number;
}

export interface ApiSeries {
  granularity: Granularity;
  points: ApiPoint[];
}

/**
 * Calls by outcome and latency percentiles per series bucket, each one's percentiles from its usage buckets'
 * summed latency counts (null with no calls, as the window's figures). Usage buckets older than the first series
 * bucket are left out; the figures' own rows never are (see SERIES).
 */
export function apiSeries(buckets: readonly (ApiBucket & Pick<Bucket, "start">)[], now: number, window: OperatorWindow): ApiSeries {
  const frame = seriesFrame(now, window);
  const groups = frame.starts.map((): ApiBucket[] => []);
  for (const r of buckets) {
    const i = bucketOf(frame, r.start);
    if (i >= 0) groups[i].push(r);
  }
  const points = groups.map((rows, i) => {
    const { calls, clientErrors, serverErrors, percentiles } = sumBuckets(rows);
    return { start: frame.starts[i], success: calls - clientErrors - serverErrors, clientErrors, serverErrors, ...percentiles };
  });
  return { granularity: frame.granularity, points };
}

export interface AttemptSeries {
  granularity: Granularity;
  /** Webhook delivery attempts per bucket: answered 2xx, or anything else (an error status, no answer). */
  points: { start: number; succeeded: number; failed: number }[];
}

/** Delivery attempts per bucket by outcome; attempts older than the first bucket are left out. */
export function attemptSeries(attempts: readonly Pick<Doc<"webhookAttempts">, "at" | "status">[], now: number, window: OperatorWindow): AttemptSeries {
  const frame = seriesFrame(now, window);
  const points = frame.starts.map((start) => ({ start, succeeded: 0, failed: 0 }));
  for (const a of attempts) {
    const i = bucketOf(frame, a.at);
    if (i < 0) continue;
    if (attemptSucceeded(a.status)) points[i].succeeded++;
    else points[i].failed++;
  }
  return { granularity: frame.granularity, points };
}

export interface MemberGrowth {
  granularity: Granularity;
  /** Members who joined before the first bucket. */
  before: number;
  /** One point per bucket, oldest first: who joined in it, and the running total at its end. */
  points: { start: number; added: number; total: number }[];
}

/** Member growth over the window from join times (any order). */
export function memberGrowth(joinedAt: readonly number[], now: number, window: OperatorWindow): MemberGrowth {
  const frame = seriesFrame(now, window);
  const added = frame.starts.map(() => 0);
  let before = 0;
  for (const time of joinedAt) {
    const i = bucketOf(frame, time);
    if (i < 0) before++;
    else added[i]++;
  }
  let total = before;
  const points = added.map((n, i) => ({ start: frame.starts[i], added: n, total: (total += n) }));
  return { granularity: frame.granularity, before, points };
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
