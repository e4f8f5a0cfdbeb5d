/**
 * # How the Ghost Score is computed
 *
 * The Ghost Score is a number from 0 to 1000 computed from an agent's signal ledger: job outcomes, reviews and
 * disputes. It is a weighted sum of four components, each between 0 and 1:
 *
 *     score = round(1000 × (0.40 × payment + 0.30 × quality + 0.20 × responsiveness + 0.10 × consistency))
 *
 * (halves round up). In the definitions below a *completed job* is a job reported as successful.
 *
 * **Payment (40 %)** — the success rate of the agent's jobs, recent jobs weighted more: a job's weight halves
 * for every 30 days between it and the newer jobs (a job 30 days older than another counts half as much, 60 days
 * older a quarter). Because all weights age at the same pace, the rate only changes when new jobs arrive. With no
 * jobs at all it is 0.5. Jobs about 5 years older than the newest job (60 to 61 half-lives, depending on where
 * they fall in a 30-day period) are dropped; their weight is below 2⁻⁶⁰ of the newest job's. Each weight is
 * rounded to 24 significant bits (a relative error under 3 × 10⁻⁸) so that the sums are exact and the result
 * never depends on the order in which signals arrived.
 *
 * **Quality (30 %)** — `average rating / 5 − 0.5 × disputeRate + credit`, clamped to [0, 1], where
 * - the average rating is the plain mean of all review ratings (1 to 5); with no reviews it counts as 3 (0.6);
 * - `disputeRate` = disputes resolved against the agent ÷ completed jobs (at least 1), capped at 1;
 * - `credit` = 0.25 × (disputes resolved for the agent ÷ completed jobs (at least 1), capped at 1), but never more
 *   than the dispute penalty: a dispute won cancels half the penalty of a dispute lost, and disputes can never
 *   lift quality above what the reviews alone give;
 * - a dispute that is only opened does not count until it is resolved (it is reported in the metrics). Every
 *   dispute signal counts on its own: report a dispute's resolution, not each of its steps, to count it once.
 *
 * **Responsiveness (20 %)** — the mean, over completed jobs that report a response time, of: up to 1 s → 1, up to
 * 2 s → 0.75, up to 5 s → 0.5, up to 10 s → 0.25, slower → 0. Failed jobs do not count (a fast failure is not a
 * timely answer). With no such job it is 0.5.
 *
 * **Consistency (10 %)** — `1 − coefficient of variation` (population standard deviation ÷ mean) of the number
 * of completed jobs in each of the last 8 full UTC weeks (Monday 00:00 to Sunday 24:00) before the current one,
 * clamped to [0, 1]. The same number of jobs every week gives 1; eight weeks without a completed job give 0.
 *
 * **Confidence** — `1 − e^(−n / 20)` where n is the number of signals of any kind: about 0.39 after 10 signals,
 * 0.63 after 20, 0.92 after 50 and 0.99 after 100.
 *
 * **Tiers** — `NEWCOMER` while the agent has fewer than 5 jobs (whatever the score), then by score: `BRONZE`
 * 0–499, `SILVER` 500–699, `GOLD` 700–849, `PLATINUM` 850–949, `DIAMOND` 950–1000.
 *
 * Guarantees: a failed job never raises the score, a dispute resolved against the agent never raises it, an
 * opened dispute never changes it, and the result does not depend on the order in which signals were ingested.
 * The job amount is recorded but does not enter the score.
 *
 * Implementation: the aggregates below are updated in O(1) per signal (their size is bounded) and are a plain
 * JSON object, so they are stored on the agent's document. Time is always a parameter: nothing here reads a clock.
 */

export const SCORE_VERSION = 1;

export const WEIGHTS = { payment: 0.4, quality: 0.3, responsiveness: 0.2, consistency: 0.1 } as const;

/** Same values, same order as `TIERS` in validators.ts (a test checks that they agree). */
export const TIER_NAMES = ["NEWCOMER", "BRONZE", "SILVER", "GOLD", "PLATINUM", "DIAMOND"] as const;
export type Tier = (typeof TIER_NAMES)[number];

export const NEWCOMER_JOB_THRESHOLD = 5;
export const CONFIDENCE_SIGNAL_SCALE = 20;

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
export const HALF_LIFE_MS = 30 * DAY_MS;
/** 1970-01-05T00:00:00Z, the first Monday after the epoch: UTC weeks start on Mondays. */
const FIRST_MONDAY_MS = 4 * DAY_MS;
const CONSISTENCY_WEEKS = 8;
/** Decay periods (one half-life each) kept below the newest: older jobs weigh < 2^-60 of the newest one. */
const DECAY_PERIODS_KEPT = 60;
/**
 * Each job weight is an integer number of 2^-24 units of its period's scale. Sums of integers stay exact up to
 * 2^53, i.e. for at least 2^28 (268 million) jobs per 30-day period, so addition is associative and the
 * aggregates are bit-for-bit identical whatever the order of ingestion.
 */
const WEIGHT_SCALE = 2 ** 24;

const NEUTRAL_PAYMENT = 0.5;
const NEUTRAL_RESPONSIVENESS = 0.5;
const NEUTRAL_RATING = 3;

export type DisputeOutcome = "opened" | "resolved_for_agent" | "resolved_against_agent";

/** SPEC §10 signals, times in epoch milliseconds. */
export type Signal =
  | { type: "job"; at: number; success: boolean; responseTimeMs?: number; amountUsd?: number }
  | { type: "review"; at: number; rating: number }
  | { type: "dispute"; at: number; outcome: DisputeOutcome };

/** One decay period (a half-life): exact integer sums of quantised job weights, see WEIGHT_SCALE. */
export type DecayBucket = { period: number; jobs: number; successes: number };
export type WeekBucket = { weekStart: number; completedJobs: number };

export type Aggregates = {
  signals: number;
  jobs: number;
  successfulJobs: number;
  totalAmountMicroUsd: number;
  /** Jobs (any outcome) that reported a response time, and the sum of those times. For the metrics. */
  timedJobs: number;
  responseTimeSumMs: number;
  /** Completed jobs that reported a response time, and the sum of their bucket values (multiples of 1/4). */
  responsiveJobs: number;
  responsivenessSum: number;
  reviews: number;
  ratingSum: number;
  disputesOpened: number;
  disputesResolvedForAgent: number;
  disputesResolvedAgainstAgent: number;
  /** Ascending by period; at most DECAY_PERIODS_KEPT + 1 entries. */
  decay: DecayBucket[];
  /** Ascending by weekStart; at most CONSISTENCY_WEEKS + 1 entries. */
  weeklyCompletedJobs: WeekBucket[];
};

export type Components = { payment: number; quality: number; responsiveness: number; consistency: number };

export type ScoreResult = { score: number; tier: Tier; confidence: number; components: Components };

export type Metrics = {
  totalJobs: number;
  /** Unweighted share of successful jobs; null with no jobs. */
  successRate: number | null;
  /** Mean response time of all jobs that reported one, rounded to the millisecond; null with none. */
  avgResponseTimeMs: number | null;
  /** Dispute signals of every outcome. */
  disputes: number;
  /** The quality component's dispute rate: disputes resolved against the agent per completed job, capped at 1. */
  disputeRate: number;
  reviews: number;
  /** Mean rating, 1 to 5; null with no reviews. */
  avgRating: number | null;
};

export function emptyAggregates(): Aggregates {
  return {
    signals: 0,
    jobs: 0,
    successfulJobs: 0,
    totalAmountMicroUsd: 0,
    timedJobs: 0,
    responseTimeSumMs: 0,
    responsiveJobs: 0,
    responsivenessSum: 0,
    reviews: 0,
    ratingSum: 0,
    disputesOpened: 0,
    disputesResolvedForAgent: 0,
    disputesResolvedAgainstAgent: 0,
    decay: [],
    weeklyCompletedJobs: [],
  };
}

export function responseTimeBucket(responseTimeMs: number): number {
  if (responseTimeMs <= 1_000) return 1;
  if (responseTimeMs <= 2_000) return 0.75;
  if (responseTimeMs <= 5_000) return 0.5;
  if (responseTimeMs <= 10_000) return 0.25;
  return 0;
}

/** Monday 00:00 UTC of the week containing `at`. */
export function utcWeekStart(at: number): number {
  return Math.floor((at - FIRST_MONDAY_MS) / WEEK_MS) * WEEK_MS + FIRST_MONDAY_MS;
}

/** A job's decay weight as (period, integer weight): weight ≈ 2^(at / HALF_LIFE) = 2^period × units / 2^24. */
function quantisedWeight(at: number): { period: number; units: number } {
  const period = Math.floor(at / HALF_LIFE_MS);
  const fraction = (at - period * HALF_LIFE_MS) / HALF_LIFE_MS;
  return { period, units: Math.round(2 ** fraction * WEIGHT_SCALE) };
}

function assertValid(signal: Signal): void {
  if (!Number.isFinite(signal.at)) throw new RangeError("signal time must be a finite number of milliseconds");
  switch (signal.type) {
    case "job":
      if (typeof signal.success !== "boolean") throw new RangeError("job success must be a boolean");
      if (
        signal.responseTimeMs !== undefined &&
        !(Number.isFinite(signal.responseTimeMs) && signal.responseTimeMs >= 0)
      )
        throw new RangeError("job responseTimeMs must be a finite number >= 0");
      if (signal.amountUsd !== undefined && !(Number.isFinite(signal.amountUsd) && signal.amountUsd >= 0))
        throw new RangeError("job amountUsd must be a finite number >= 0");
      return;
    case "review":
      if (!(Number.isInteger(signal.rating) && signal.rating >= 1 && signal.rating <= 5))
        throw new RangeError("review rating must be an integer from 1 to 5");
      return;
    case "dispute":
      if (!["opened", "resolved_for_agent", "resolved_against_agent"].includes(signal.outcome))
        throw new RangeError("dispute outcome must be opened, resolved_for_agent or resolved_against_agent");
      return;
    default:
      throw new RangeError("unknown signal type");
  }
}

/**
 * Adds `delta` to the bucket with key `key` in an ascending list, keeping only keys >= newest - keep.
 * A key already below the cut-off is ignored rather than re-created: the final list is then "every key within
 * `keep` of the newest key ever seen, with all its contributions", whatever the order of the calls.
 */
function addToBoundedBuckets<T>(
  buckets: readonly T[],
  keyOf: (bucket: T) => number,
  key: number,
  keep: number,
  create: () => T,
  add: (bucket: T) => T,
): T[] {
  const newest = buckets.length ? keyOf(buckets[buckets.length - 1]) : -Infinity;
  if (key < newest - keep) return buckets.slice();
  const cutoff = Math.max(newest, key) - keep;
  const next: T[] = [];
  let placed = false;
  for (const bucket of buckets) {
    const k = keyOf(bucket);
    if (!placed && key <= k) {
      next.push(key === k ? add(bucket) : add(create()));
      placed = true;
      if (key === k) continue;
    }
    next.push(bucket);
  }
  if (!placed) next.push(add(create()));
  return next.filter((bucket) => keyOf(bucket) >= cutoff);
}

/** Returns new aggregates with `signal` included; `agg` is not modified. O(1): the bucket lists are bounded. */
export function applySignal(agg: Aggregates, signal: Signal): Aggregates {
  assertValid(signal);
  const next: Aggregates = { ...agg, signals: agg.signals + 1 };
  switch (signal.type) {
    case "job": {
      const success = signal.success ? 1 : 0;
      next.jobs += 1;
      next.successfulJobs += success;
      if (signal.amountUsd !== undefined) next.totalAmountMicroUsd += Math.round(signal.amountUsd * 1_000_000);
      if (signal.responseTimeMs !== undefined) {
        next.timedJobs += 1;
        next.responseTimeSumMs += signal.responseTimeMs;
        if (signal.success) {
          next.responsiveJobs += 1;
          next.responsivenessSum += responseTimeBucket(signal.responseTimeMs);
        }
      }
      const { period, units } = quantisedWeight(signal.at);
      next.decay = addToBoundedBuckets(
        agg.decay,
        (b) => b.period,
        period,
        DECAY_PERIODS_KEPT,
        () => ({ period, jobs: 0, successes: 0 }),
        (b) => ({ period: b.period, jobs: b.jobs + units, successes: b.successes + success * units }),
      );
      if (signal.success) {
        const weekStart = utcWeekStart(signal.at);
        next.weeklyCompletedJobs = addToBoundedBuckets(
          agg.weeklyCompletedJobs,
          (b) => b.weekStart,
          weekStart,
          CONSISTENCY_WEEKS * WEEK_MS,
          () => ({ weekStart, completedJobs: 0 }),
          (b) => ({ weekStart: b.weekStart, completedJobs: b.completedJobs + 1 }),
        );
      }
      return next;
    }
    case "review":
      next.reviews += 1;
      next.ratingSum += signal.rating;
      return next;
    case "dispute":
      if (signal.outcome === "opened") next.disputesOpened += 1;
      else if (signal.outcome === "resolved_for_agent") next.disputesResolvedForAgent += 1;
      else next.disputesResolvedAgainstAgent += 1;
      return next;
  }
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

function paymentComponent(agg: Aggregates): number {
  if (agg.decay.length === 0) return NEUTRAL_PAYMENT;
  // Scale every period relative to the newest one: exact powers of two, so no overflow over any span of years.
  const newest = agg.decay[agg.decay.length - 1].period;
  let successes = 0;
  let jobs = 0;
  for (const bucket of agg.decay) {
    const scale = 2 ** (bucket.period - newest);
    successes += bucket.successes * scale;
    jobs += bucket.jobs * scale;
  }
  return successes / jobs;
}

function disputeRates(agg: Aggregates): { lost: number; won: number } {
  const completed = Math.max(1, agg.successfulJobs);
  return {
    lost: Math.min(1, agg.disputesResolvedAgainstAgent / completed),
    won: Math.min(1, agg.disputesResolvedForAgent / completed),
  };
}

function qualityComponent(agg: Aggregates): number {
  const rating = agg.reviews > 0 ? agg.ratingSum / agg.reviews : NEUTRAL_RATING;
  const { lost, won } = disputeRates(agg);
  // Written as one net penalty (penalty − credit, floored at 0) so that it is monotone in floating point too.
  const netPenalty = Math.max(0, 0.5 * lost - 0.25 * won);
  return clamp01(rating / 5 - netPenalty);
}

function responsivenessComponent(agg: Aggregates): number {
  return agg.responsiveJobs > 0 ? agg.responsivenessSum / agg.responsiveJobs : NEUTRAL_RESPONSIVENESS;
}

function consistencyComponent(agg: Aggregates, now: number): number {
  const currentWeek = utcWeekStart(now);
  const counts: number[] = [];
  for (let i = CONSISTENCY_WEEKS; i >= 1; i--) {
    const weekStart = currentWeek - i * WEEK_MS;
    counts.push(agg.weeklyCompletedJobs.find((b) => b.weekStart === weekStart)?.completedJobs ?? 0);
  }
  const mean = counts.reduce((sum, c) => sum + c, 0) / counts.length;
  if (mean === 0) return 0;
  const variance = counts.reduce((sum, c) => sum + (c - mean) ** 2, 0) / counts.length;
  return clamp01(1 - Math.sqrt(variance) / mean);
}

export function componentsFromAggregates(agg: Aggregates, now: number): Components {
  return {
    payment: paymentComponent(agg),
    quality: qualityComponent(agg),
    responsiveness: responsivenessComponent(agg),
    consistency: consistencyComponent(agg, now),
  };
}

/** The integer score of SPEC §3 from its components. */
export function composeScore(c: Components): number {
  const weighted =
    WEIGHTS.payment * c.payment +
    WEIGHTS.quality * c.quality +
    WEIGHTS.responsiveness * c.responsiveness +
    WEIGHTS.consistency * c.consistency;
  return Math.min(1000, Math.max(0, Math.round(1000 * weighted)));
}

export function tierFor(score: number, totalJobs: number): Tier {
  if (totalJobs < NEWCOMER_JOB_THRESHOLD) return "NEWCOMER";
  if (score >= 950) return "DIAMOND";
  if (score >= 850) return "PLATINUM";
  if (score >= 700) return "GOLD";
  if (score >= 500) return "SILVER";
  return "BRONZE";
}

export function confidenceFor(signals: number): number {
  return 1 - Math.exp(-signals / CONFIDENCE_SIGNAL_SCALE);
}

export function scoreFromAggregates(agg: Aggregates, now: number): ScoreResult {
  const components = componentsFromAggregates(agg, now);
  const score = composeScore(components);
  return { score, tier: tierFor(score, agg.jobs), confidence: confidenceFor(agg.signals), components };
}

export function metricsFromAggregates(agg: Aggregates): Metrics {
  return {
    totalJobs: agg.jobs,
    successRate: agg.jobs > 0 ? agg.successfulJobs / agg.jobs : null,
    avgResponseTimeMs: agg.timedJobs > 0 ? Math.round(agg.responseTimeSumMs / agg.timedJobs) : null,
    disputes: agg.disputesOpened + agg.disputesResolvedForAgent + agg.disputesResolvedAgainstAgent,
    disputeRate: disputeRates(agg).lost,
    reviews: agg.reviews,
    avgRating: agg.reviews > 0 ? agg.ratingSum / agg.reviews : null,
  };
}
