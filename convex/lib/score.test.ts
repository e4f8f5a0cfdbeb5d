import fc from "fast-check";
import type { Infer } from "convex/values";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type Aggregates,
  applySignal,
  type Components,
  composeScore,
  confidenceFor,
  emptyAggregates,
  HALF_LIFE_MS,
  metricsFromAggregates,
  responseTimeBucket,
  scoreFromAggregates,
  type Signal,
  TIER_NAMES,
  tierFor,
  utcWeekStart,
} from "./score";
import { TIERS, type vAgentAggregates, type vScoreComponents } from "./validators";

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Wednesday 2026-11-25 12:00 UTC; its week started on Monday 2026-11-23. */
const NOW = Date.UTC(2026, 10, 25, 12);
const THIS_MONDAY = Date.UTC(2026, 10, 23);

const build = (signals: readonly Signal[]): Aggregates => signals.reduce(applySignal, emptyAggregates());
const job = (at: number, success: boolean, responseTimeMs?: number): Signal => ({
  type: "job",
  at,
  success,
  ...(responseTimeMs === undefined ? {} : { responseTimeMs }),
});
const review = (rating: number, at = NOW - DAY): Signal => ({ type: "review", at, rating });
const dispute = (outcome: "opened" | "resolved_for_agent" | "resolved_against_agent", at = NOW - DAY): Signal => ({
  type: "dispute",
  at,
  outcome,
});
/** `count` successful jobs in the current (partial) week: they count for everything except consistency. */
const jobsThisWeek = (count: number, success = true, responseTimeMs = 500): Signal[] =>
  Array.from({ length: count }, (_, i) => job(THIS_MONDAY + i * 1000, success, responseTimeMs));

/** Weight quantisation error bound: 2^-24 relative per weight. */
const WEIGHT_TOLERANCE = 1e-7;

describe("utcWeekStart", () => {
  it("returns Monday 00:00 UTC", () => {
    expect(utcWeekStart(NOW)).toBe(THIS_MONDAY);
    expect(utcWeekStart(THIS_MONDAY)).toBe(THIS_MONDAY);
    expect(utcWeekStart(THIS_MONDAY - 1)).toBe(THIS_MONDAY - WEEK);
    expect(new Date(utcWeekStart(0)).toISOString()).toBe("1969-12-29T00:00:00.000Z");
  });
});

describe("empty aggregates", () => {
  it("use the neutral values: payment 0.5, quality 0.6, responsiveness 0.5, consistency 0", () => {
    const result = scoreFromAggregates(emptyAggregates(), NOW);
    expect(result.components).toEqual({ payment: 0.5, quality: 0.6, responsiveness: 0.5, consistency: 0 });
    // 1000 × (0.4×0.5 + 0.3×0.6 + 0.2×0.5) = 200 + 180 + 100
    expect(result.score).toBe(480);
    expect(result.tier).toBe("NEWCOMER");
    expect(result.confidence).toBe(0);
  });

  it("have null averages in the metrics", () => {
    expect(metricsFromAggregates(emptyAggregates())).toEqual({
      totalJobs: 0,
      successRate: null,
      avgResponseTimeMs: null,
      disputes: 0,
      disputeRate: 0,
      reviews: 0,
      avgRating: null,
    });
  });
});

describe("payment component", () => {
  const paymentOf = (signals: Signal[], now = NOW) => scoreFromAggregates(build(signals), now).components.payment;

  it("is the plain success rate for jobs at the same time", () => {
    expect(paymentOf([job(NOW, true), job(NOW, true), job(NOW, false), job(NOW, true)])).toBe(0.75);
  });

  it("halves the weight of a job per 30 days of age", () => {
    // success weight 1, failure 30 days older weight 1/2: 1 / 1.5
    expect(paymentOf([job(NOW, true), job(NOW - HALF_LIFE_MS, false)])).toBeCloseTo(2 / 3, 7);
    // failure weight 1, success weight 1/2: 0.5 / 1.5
    expect(paymentOf([job(NOW, false), job(NOW - HALF_LIFE_MS, true)])).toBeCloseTo(1 / 3, 7);
    // success weight 1, failure 60 days older weight 1/4: 1 / 1.25
    expect(paymentOf([job(NOW, true), job(NOW - 2 * HALF_LIFE_MS, false)])).toBeCloseTo(0.8, 7);
    // 15 days: weight 2^-0.5
    const w = 2 ** -0.5;
    expect(paymentOf([job(NOW, true), job(NOW - HALF_LIFE_MS / 2, false)])).toBeCloseTo(1 / (1 + w), 7);
  });

  it("depends only on the jobs' ages relative to each other, not on now", () => {
    const signals = [job(NOW - 90 * DAY, true), job(NOW - 40 * DAY, false), job(NOW - DAY, true)];
    expect(paymentOf(signals, NOW)).toBe(paymentOf(signals, NOW + 365 * DAY));
  });

  it("is 1 with only successes and 0 with only failures", () => {
    expect(paymentOf([job(NOW - 400 * DAY, true), job(NOW, true)])).toBe(1);
    expect(paymentOf([job(NOW - 400 * DAY, false), job(NOW, false)])).toBe(0);
  });
});

describe("quality component", () => {
  const qualityOf = (signals: Signal[]) => scoreFromAggregates(build(signals), NOW).components.quality;

  it("is the average rating / 5", () => {
    expect(qualityOf([review(5), review(4)])).toBeCloseTo(0.9, 12);
    expect(qualityOf([review(1)])).toBeCloseTo(0.2, 12);
  });

  it("subtracts 0.5 × disputes lost per completed job", () => {
    // 10 completed jobs, 1 dispute lost: rate 0.1, penalty 0.05
    expect(qualityOf([review(5), review(4), ...jobsThisWeek(10), dispute("resolved_against_agent")])).toBeCloseTo(
      0.85,
      12,
    );
  });

  it("credits 0.25 × disputes won per completed job, never beyond the penalty", () => {
    const base = [review(5), review(4), ...jobsThisWeek(10), dispute("resolved_against_agent")];
    // credit 0.25 × 0.1 = 0.025
    expect(qualityOf([...base, dispute("resolved_for_agent")])).toBeCloseTo(0.875, 12);
    // credit 0.25 × 0.5 = 0.125 exceeds the 0.05 penalty: capped, quality back to the reviews' 0.9
    expect(qualityOf([...base, ...Array.from({ length: 5 }, () => dispute("resolved_for_agent"))])).toBeCloseTo(
      0.9,
      12,
    );
    // won disputes alone never lift quality above the reviews
    expect(qualityOf([review(3), ...jobsThisWeek(2), dispute("resolved_for_agent")])).toBeCloseTo(0.6, 12);
  });

  it("ignores opened disputes and failed jobs", () => {
    const base = [review(4), ...jobsThisWeek(4), dispute("resolved_against_agent")];
    // rate 1/4 → 0.8 − 0.125
    expect(qualityOf(base)).toBeCloseTo(0.675, 12);
    expect(qualityOf([...base, dispute("opened"), dispute("opened")])).toBe(qualityOf(base));
    expect(qualityOf([...base, job(NOW, false, 100)])).toBe(qualityOf(base));
  });

  it("caps the dispute rate at 1 and clamps quality at 0", () => {
    const signals = [
      review(1),
      ...jobsThisWeek(2),
      ...Array.from({ length: 3 }, () => dispute("resolved_against_agent")),
    ];
    expect(qualityOf(signals)).toBe(0);
    expect(metricsFromAggregates(build(signals)).disputeRate).toBe(1);
    // no completed job: the rate divides by 1
    expect(metricsFromAggregates(build([dispute("resolved_against_agent")])).disputeRate).toBe(1);
  });

  it("uses a neutral rating of 3 without reviews", () => {
    expect(qualityOf([...jobsThisWeek(5)])).toBeCloseTo(0.6, 12);
  });
});

describe("responsiveness component", () => {
  it("maps response times to buckets at the inclusive bounds", () => {
    expect([0, 1000, 1001, 2000, 2001, 5000, 5001, 10_000, 10_001, 60_000].map(responseTimeBucket)).toEqual([
      1, 1, 0.75, 0.75, 0.5, 0.5, 0.25, 0.25, 0, 0,
    ]);
  });

  it("averages the buckets of completed jobs with a response time", () => {
    const times = [1000, 1001, 2000, 5000, 10_000, 10_001];
    const signals = [
      ...times.map((t, i) => job(NOW - i * DAY, true, t)),
      job(NOW, false, 50_000), // failed: ignored
      job(NOW, true), // no response time: ignored
    ];
    // (1 + 0.75 + 0.75 + 0.5 + 0.25 + 0) / 6
    expect(scoreFromAggregates(build(signals), NOW).components.responsiveness).toBe(3.25 / 6);
    // the metric averages every job that reported a time, failed ones included
    expect(metricsFromAggregates(build(signals)).avgResponseTimeMs).toBe(
      Math.round((times.reduce((a, b) => a + b, 0) + 50_000) / 7),
    );
  });
});

describe("consistency component", () => {
  /** `perWeek[i]` completed jobs in the i-th of the 8 full weeks before the current one (oldest first). */
  const weeks = (perWeek: number[]): Signal[] =>
    perWeek.flatMap((count, i) =>
      Array.from({ length: count }, (_, j) => job(THIS_MONDAY - (8 - i) * WEEK + j * 3_600_000, true, 500)),
    );
  const consistencyOf = (signals: Signal[], now = NOW) =>
    scoreFromAggregates(build(signals), now).components.consistency;

  it("is 1 for the same count every week", () => {
    expect(consistencyOf(weeks([2, 2, 2, 2, 2, 2, 2, 2]))).toBe(1);
  });

  it("is 1 − stddev / mean", () => {
    // mean 1.5, population stddev 0.5
    expect(consistencyOf(weeks([1, 2, 1, 2, 1, 2, 1, 2]))).toBeCloseTo(1 - 0.5 / 1.5, 12);
    // mean 3, stddev 1
    expect(consistencyOf(weeks([2, 4, 2, 4, 2, 4, 2, 4]))).toBeCloseTo(2 / 3, 12);
  });

  it("clamps at 0 when the variation exceeds the mean, and is 0 without completed jobs", () => {
    // one busy week: CV = √7
    expect(consistencyOf(weeks([8, 0, 0, 0, 0, 0, 0, 0]))).toBe(0);
    expect(consistencyOf([])).toBe(0);
    expect(consistencyOf([job(THIS_MONDAY - 3 * WEEK, false, 500)])).toBe(0);
  });

  it("ignores the current week and weeks before the last 8", () => {
    const base = weeks([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(consistencyOf([...base, ...jobsThisWeek(5), job(THIS_MONDAY - 9 * WEEK, true, 500)])).toBe(1);
  });

  it("is computed relative to now", () => {
    const signals = weeks([1, 1, 1, 1, 1, 1, 1, 1]);
    // A week later the oldest week falls out and the current week (empty) comes in: counts 1×7 and 0.
    const later = consistencyOf(signals, NOW + WEEK);
    const mean = 7 / 8;
    const sd = Math.sqrt((7 * (1 - mean) ** 2 + mean ** 2) / 8);
    expect(later).toBeCloseTo(1 - sd / mean, 12);
    expect(consistencyOf(signals, NOW + 20 * WEEK)).toBe(0);
  });
});

describe("confidence", () => {
  it("is 1 − e^(−n/20)", () => {
    expect(confidenceFor(0)).toBe(0);
    expect(confidenceFor(20)).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(confidenceFor(100)).toBeGreaterThan(0.99);
    expect(scoreFromAggregates(build([review(4), dispute("opened"), job(NOW, true)]), NOW).confidence).toBeCloseTo(
      1 - Math.exp(-3 / 20),
      12,
    );
  });
});

describe("schema", () => {
  it("has the same tier names as the schema's validator", () => {
    expect([...TIER_NAMES]).toEqual([...TIERS]);
  });

  it("stores exactly the aggregates and components of this module", () => {
    expectTypeOf<Aggregates>().toEqualTypeOf<Infer<typeof vAgentAggregates>>();
    expectTypeOf<Components>().toEqualTypeOf<Infer<typeof vScoreComponents>>();
  });
});

describe("tiers", () => {
  it("switches exactly at the boundaries", () => {
    const cases: Array<[number, string]> = [
      [0, "BRONZE"],
      [499, "BRONZE"],
      [500, "SILVER"],
      [699, "SILVER"],
      [700, "GOLD"],
      [849, "GOLD"],
      [850, "PLATINUM"],
      [949, "PLATINUM"],
      [950, "DIAMOND"],
      [1000, "DIAMOND"],
    ];
    for (const [score, tier] of cases) expect(tierFor(score, 5), `score ${score}`).toBe(tier);
  });

  it("is NEWCOMER below 5 jobs whatever the score", () => {
    expect(tierFor(1000, 4)).toBe("NEWCOMER");
    expect(tierFor(0, 0)).toBe("NEWCOMER");
    expect(tierFor(1000, 5)).toBe("DIAMOND");
  });

  it("composes boundary scores from components", () => {
    const c = (payment: number, quality: number, responsiveness: number, consistency: number) =>
      composeScore({ payment, quality, responsiveness, consistency });
    expect(c(0.9975, 0, 0.5, 0)).toBe(499); // 399 + 100
    expect(c(1, 0, 0.5, 0)).toBe(500);
    expect(c(1, 0.33, 0.5, 0)).toBe(599);
    expect(c(1, 0.5, 0.745, 0)).toBe(699); // 400 + 150 + 149
    expect(c(1, 0.5, 0.75, 0)).toBe(700);
    expect(c(1, 1, 0.745, 0)).toBe(849);
    expect(c(1, 1, 0.75, 0)).toBe(850);
    expect(c(1, 1, 1, 0.49)).toBe(949);
    expect(c(1, 1, 1, 0.5)).toBe(950);
    expect(c(1, 1, 1, 1)).toBe(1000);
    expect(c(0, 0, 0, 0)).toBe(0);
    // halves round up: 400 × 0.00125 = 0.5
    expect(c(0.00125, 0, 0, 0)).toBe(1);
  });
});

describe("worked examples from signals", () => {
  it("4 vs 5 jobs: SILVER at exactly 500 only from the fifth job", () => {
    // completed jobs at 5 s (responsiveness 0.5) in the current week (consistency 0), rating 1 and enough lost
    // disputes to clamp quality at 0: 1000 × (0.4 × 1 + 0.2 × 0.5) = 500.
    const penalties = [review(1), ...Array.from({ length: 5 }, () => dispute("resolved_against_agent"))];
    const four = scoreFromAggregates(build([...penalties, ...jobsThisWeek(4, true, 5000)]), NOW);
    expect(four).toMatchObject({ score: 500, tier: "NEWCOMER" });
    const five = scoreFromAggregates(build([...penalties, ...jobsThisWeek(5, true, 5000)]), NOW);
    expect(five.components).toEqual({ payment: 1, quality: 0, responsiveness: 0.5, consistency: 0 });
    expect(five).toMatchObject({ score: 500, tier: "SILVER" });
  });

  it("a complete profile", () => {
    // 8 full weeks with 2 completed jobs each (consistency 1), all answered in 0.8 s (responsiveness 1),
    // plus 4 failed jobs in the current week, reviews 5, 5, 4, 4 (0.9) and one dispute lost of 16 completed jobs.
    const signals: Signal[] = [];
    for (let w = 1; w <= 8; w++) {
      signals.push(job(THIS_MONDAY - w * WEEK + DAY, true, 800), job(THIS_MONDAY - w * WEEK + 2 * DAY, true, 800));
    }
    signals.push(...jobsThisWeek(4, false, 800), review(5), review(5), review(4), review(4));
    signals.push(dispute("resolved_against_agent"));
    const agg = build(signals);
    const result = scoreFromAggregates(agg, NOW);

    // payment: the 16 successes are 9–58 days older than the 4 failures; compute the weighted rate exactly.
    const weight = (at: number) => 2 ** ((at - NOW) / HALF_LIFE_MS);
    const jobs = signals.filter((s): s is Extract<Signal, { type: "job" }> => s.type === "job");
    const expectedPayment =
      jobs.filter((j) => j.success).reduce((sum, j) => sum + weight(j.at), 0) /
      jobs.reduce((sum, j) => sum + weight(j.at), 0);
    expect(result.components.payment).toBeCloseTo(expectedPayment, 7);
    expect(result.components.quality).toBeCloseTo(0.9 - 0.5 / 16, 12);
    expect(result.components.responsiveness).toBe(1);
    expect(result.components.consistency).toBe(1);
    const expected = Math.round(1000 * (0.4 * expectedPayment + 0.3 * (0.9 - 0.5 / 16) + 0.2 + 0.1));
    expect(result.score).toBe(expected);
    expect(metricsFromAggregates(agg)).toEqual({
      totalJobs: 20,
      successRate: 0.8,
      avgResponseTimeMs: 800,
      disputes: 1,
      disputeRate: 1 / 16,
      reviews: 4,
      avgRating: 4.5,
    });
  });
});

describe("applySignal", () => {
  it("does not modify its input", () => {
    const agg = build([job(NOW, true, 100), review(3)]);
    const copy = structuredClone(agg);
    applySignal(agg, job(NOW - 100 * DAY, false, 100));
    expect(agg).toEqual(copy);
  });

  it("rejects malformed signals", () => {
    const agg = emptyAggregates();
    expect(() => applySignal(agg, review(0))).toThrow(RangeError);
    expect(() => applySignal(agg, review(4.5))).toThrow(RangeError);
    expect(() => applySignal(agg, job(Number.NaN, true))).toThrow(RangeError);
    expect(() => applySignal(agg, job(NOW, true, -1))).toThrow(RangeError);
    expect(() => applySignal(agg, { type: "dispute", at: NOW, outcome: "lost" } as unknown as Signal)).toThrow(
      RangeError,
    );
  });

  it("records the job amount in micro-USD", () => {
    const agg = build([
      { type: "job", at: NOW, success: true, amountUsd: 1.5 },
      { type: "job", at: NOW, success: false, amountUsd: 0.1 },
    ]);
    expect(agg.totalAmountMicroUsd).toBe(1_600_000);
  });

  it("stays small, bounded and JSON-serialisable over decades of signals", () => {
    let agg = emptyAggregates();
    const start = Date.UTC(2000, 0, 1);
    for (let i = 0; i < 20_000; i++) agg = applySignal(agg, job(start + i * 13 * 3_600_000, i % 7 !== 0, i % 12_000));
    expect(agg.decay.length).toBeLessThanOrEqual(61);
    expect(agg.weeklyCompletedJobs.length).toBeLessThanOrEqual(9);
    expect(JSON.parse(JSON.stringify(agg))).toEqual(agg);
    expect(JSON.stringify(agg).length).toBeLessThan(5_000);
    const { score, components } = scoreFromAggregates(agg, start + 20_000 * 13 * 3_600_000);
    expect(Number.isInteger(score)).toBe(true);
    for (const value of Object.values(components)) expect(Number.isFinite(value)).toBe(true);
  });
});

// ── Properties ───────────────────────────────────────────────────────────────────────────────────────────

const SPAN = 3 * 365 * DAY;
const arbAt = fc.integer({ min: NOW - SPAN, max: NOW });
const arbJob = fc.record({
  type: fc.constant("job" as const),
  at: arbAt,
  success: fc.boolean(),
  responseTimeMs: fc.option(fc.integer({ min: 0, max: 15_000 }), { nil: undefined }),
});
const arbSignal: fc.Arbitrary<Signal> = fc.oneof(
  { arbitrary: arbJob, weight: 3 },
  fc.record({ type: fc.constant("review" as const), at: arbAt, rating: fc.integer({ min: 1, max: 5 }) }),
  fc.record({
    type: fc.constant("dispute" as const),
    at: arbAt,
    outcome: fc.constantFrom("opened" as const, "resolved_for_agent" as const, "resolved_against_agent" as const),
  }),
);
/** JSON drops undefined fields, as a Convex document would. */
const normalise = (signals: Signal[]): Signal[] => JSON.parse(JSON.stringify(signals));
const arbSignals = fc.array(arbSignal, { maxLength: 60 }).map(normalise);
const arbNow = fc.integer({ min: NOW, max: NOW + 120 * DAY });

/** A direct, non-incremental reading of the definitions in score.ts's header, for comparison. */
function referenceComponents(signals: Signal[], now: number) {
  const jobs = signals.filter((s): s is Extract<Signal, { type: "job" }> => s.type === "job");
  const reviews = signals.filter((s): s is Extract<Signal, { type: "review" }> => s.type === "review");
  const disputes = signals.filter((s): s is Extract<Signal, { type: "dispute" }> => s.type === "dispute");
  const completed = jobs.filter((j) => j.success);
  let payment = 0.5;
  if (jobs.length) {
    const newest = Math.max(...jobs.map((j) => j.at));
    const w = (at: number) => 2 ** ((at - newest) / HALF_LIFE_MS);
    payment = completed.reduce((s, j) => s + w(j.at), 0) / jobs.reduce((s, j) => s + w(j.at), 0);
  }
  const rating = reviews.length ? reviews.reduce((s, r) => s + r.rating, 0) / reviews.length : 3;
  const denominator = Math.max(1, completed.length);
  const lost = Math.min(1, disputes.filter((d) => d.outcome === "resolved_against_agent").length / denominator);
  const won = Math.min(1, disputes.filter((d) => d.outcome === "resolved_for_agent").length / denominator);
  const quality = Math.min(1, Math.max(0, rating / 5 - 0.5 * lost + Math.min(0.5 * lost, 0.25 * won)));
  const timed = completed.filter((j) => j.responseTimeMs !== undefined);
  const responsiveness = timed.length
    ? timed.reduce((s, j) => s + responseTimeBucket(j.responseTimeMs!), 0) / timed.length
    : 0.5;
  const week = utcWeekStart(now);
  const counts = Array.from({ length: 8 }, (_, i) => week - (8 - i) * WEEK).map(
    (start) => completed.filter((j) => j.at >= start && j.at < start + WEEK).length,
  );
  const mean = counts.reduce((a, b) => a + b, 0) / 8;
  const sd = Math.sqrt(counts.reduce((a, c) => a + (c - mean) ** 2, 0) / 8);
  const consistency = mean === 0 ? 0 : Math.min(1, Math.max(0, 1 - sd / mean));
  return { payment, quality, responsiveness, consistency };
}

describe("properties", () => {
  it("matches a direct computation from the whole ledger", () => {
    fc.assert(
      fc.property(arbSignals, arbNow, (signals, now) => {
        const actual = scoreFromAggregates(build(signals), now).components;
        const expected = referenceComponents(signals, now);
        expect(actual.payment).toBeCloseTo(expected.payment, 6);
        expect(Math.abs(actual.payment - expected.payment)).toBeLessThanOrEqual(WEIGHT_TOLERANCE);
        expect(actual.quality).toBeCloseTo(expected.quality, 12);
        expect(actual.responsiveness).toBeCloseTo(expected.responsiveness, 12);
        expect(actual.consistency).toBeCloseTo(expected.consistency, 12);
      }),
      { numRuns: 300 },
    );
  });

  it("gives an integer score in 0..1000, components in [0, 1], confidence in [0, 1)", () => {
    fc.assert(
      fc.property(arbSignals, arbNow, (signals, now) => {
        const { score, confidence, components } = scoreFromAggregates(build(signals), now);
        expect(Number.isInteger(score)).toBe(true);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1000);
        expect(confidence).toBeGreaterThanOrEqual(0);
        expect(confidence).toBeLessThan(1);
        for (const value of Object.values(components)) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never raises the score for a failed job", () => {
    fc.assert(
      fc.property(
        arbSignals,
        arbAt,
        fc.option(fc.integer({ min: 0, max: 15_000 }), { nil: undefined }),
        arbNow,
        (signals, at, rt, now) => {
          const before = scoreFromAggregates(build(signals), now);
          const after = scoreFromAggregates(build([...signals, ...normalise([job(at, false, rt)])]), now);
          expect(after.score).toBeLessThanOrEqual(before.score);
          expect(after.components.payment).toBeLessThanOrEqual(before.components.payment);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never raises the score for a dispute resolved against the agent; an opened dispute changes nothing", () => {
    fc.assert(
      fc.property(arbSignals, arbAt, arbNow, (signals, at, now) => {
        const before = scoreFromAggregates(build(signals), now);
        const lost = scoreFromAggregates(build([...signals, dispute("resolved_against_agent", at)]), now);
        expect(lost.score).toBeLessThanOrEqual(before.score);
        expect(lost.components.quality).toBeLessThanOrEqual(before.components.quality);
        const opened = scoreFromAggregates(build([...signals, dispute("opened", at)]), now);
        expect(opened.score).toBe(before.score);
        expect(opened.components).toEqual(before.components);
      }),
      { numRuns: 500 },
    );
  });

  it("does not depend on the order of ingestion", () => {
    const arbPermuted = arbSignals.chain((signals) =>
      fc.tuple(
        fc.constant(signals),
        fc.shuffledSubarray(signals, { minLength: signals.length, maxLength: signals.length }),
      ),
    );
    fc.assert(
      fc.property(arbPermuted, arbNow, ([signals, permuted], now) => {
        const a = build(signals);
        const b = build(permuted);
        // Integer response times and exact weight sums: the aggregates are identical, not merely close.
        expect(b).toEqual(a);
        const ra = scoreFromAggregates(a, now);
        const rb = scoreFromAggregates(b, now);
        expect(rb.score).toBe(ra.score);
        for (const key of ["payment", "quality", "responsiveness", "consistency"] as const) {
          expect(Math.abs(rb.components[key] - ra.components[key])).toBeLessThanOrEqual(1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("applying one signal to aggregates of N signals equals building from the N + 1", () => {
    fc.assert(
      fc.property(
        arbSignals,
        arbSignal.map((s) => normalise([s])[0]),
        arbNow,
        (signals, extra, now) => {
          const incremental = applySignal(build(signals), extra);
          const fromScratch = build([extra, ...signals]);
          expect(incremental).toEqual(fromScratch);
          expect(scoreFromAggregates(incremental, now)).toEqual(scoreFromAggregates(fromScratch, now));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("stays exact over centuries: payment matches the log-domain formula, whatever the epoch", () => {
    const arbWide = fc.array(
      fc.record({
        type: fc.constant("job" as const),
        at: fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2400, 0, 1) }),
        success: fc.boolean(),
      }),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(arbWide, fc.integer({ min: -5_000, max: 5_000 }), (jobs, shiftDays) => {
        // Shifting every job by the same time changes nothing but the quantisation of each weight.
        const shifted = jobs.map((j) => ({ ...j, at: j.at + shiftDays * DAY }));
        const a = scoreFromAggregates(build(jobs), Date.UTC(2400, 0, 2)).components.payment;
        const b = scoreFromAggregates(build(shifted), Date.UTC(2420, 0, 2)).components.payment;
        expect(Number.isFinite(a)).toBe(true);
        expect(Math.abs(a - b)).toBeLessThanOrEqual(2 * WEIGHT_TOLERANCE);
        // Jobs more than 60 half-lives older than the newest one are dropped; the rest follow the formula.
        const newest = Math.max(...jobs.map((j) => j.at));
        const kept = jobs.filter((j) => Math.floor(j.at / HALF_LIFE_MS) >= Math.floor(newest / HALF_LIFE_MS) - 60);
        const w = (at: number) => 2 ** ((at - newest) / HALF_LIFE_MS);
        const expected =
          kept.filter((j) => j.success).reduce((s, j) => s + w(j.at), 0) / kept.reduce((s, j) => s + w(j.at), 0);
        expect(Math.abs(a - expected)).toBeLessThanOrEqual(WEIGHT_TOLERANCE);
        // Pruning old periods does not depend on the order either.
        expect(build([...jobs].reverse())).toEqual(build(jobs));
        expect(build([...jobs].sort((x, y) => x.at - y.at))).toEqual(build(jobs));
      }),
      { numRuns: 300 },
    );
  });
});
