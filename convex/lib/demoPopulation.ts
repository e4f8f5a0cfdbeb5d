/**
 * The demo population: a deterministic, varied set of agents with realistic signal histories, so a newcomer's
 * first `npm start` has every tier to look at. Agent `i` is always the same address with the same signal ids
 * (`demo-<i>-<n>`), drawn from a PRNG seeded with `i`, so seeding twice only finds duplicates.
 *
 * Each agent is drawn from the archetype of the tier it should land in (steady, fast and well-reviewed for
 * DIAMOND; irregular, slow, failing and disputed for BRONZE). The draw is scored with the real formula and
 * redrawn (from the same PRNG, so still deterministic) until it lands in its tier, which it does within three
 * draws for the first 1,000 agents on any day of the week: the archetypes sit well inside their tier's range.
 */
import { applySignal, emptyAggregates, scoreFromAggregates, type Tier } from "./score";
import { type SignalInput, toScoreSignal } from "./signalInput";
import { encodeBase58 } from "./solanaAddress";

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const MAX_DRAWS = 20;

/** Tier targets by index, repeating: the first six cover every tier, agent 0 is a strong, verifiable agent. */
const TIER_CYCLE: readonly Tier[] = [
  "PLATINUM",
  "GOLD",
  "SILVER",
  "BRONZE",
  "NEWCOMER",
  "DIAMOND",
  "GOLD",
  "SILVER",
  "GOLD",
  "PLATINUM",
  "SILVER",
  "BRONZE",
  "GOLD",
  "NEWCOMER",
  "SILVER",
  "GOLD",
  "DIAMOND",
  "SILVER",
  "BRONZE",
  "GOLD",
];
/** Every agent whose index is FLAG_OFFSET modulo TIER_CYCLE's length is flagged (a GOLD, a NEWCOMER, …). */
const FLAG_OFFSET = 12;
const FLAG_REASONS = [
  "Customers reported jobs paid for but never delivered",
  "Identity under review after a key compromise",
  "Suspected wash trading of jobs between related agents",
];

type Weighted<T> = readonly (readonly [weight: number, value: T])[];

type Archetype = {
  /** Active for this many of the last weeks (a uniform draw in the range). */
  weeks: readonly [number, number];
  jobsPerWeek: number;
  /** Each week's job count is jobsPerWeek ± up to this much. */
  weeklyJitter: number;
  successRate: number;
  /** Response time ranges in ms, by weight. */
  responseMs: Weighted<readonly [number, number]>;
  reviewRate: number;
  ratings: Weighted<number>;
  disputeRate: number;
  disputeOutcomes: Weighted<"opened" | "resolved_for_agent" | "resolved_against_agent">;
};

const FAST: readonly [number, number] = [150, 1_000];
const QUICK: readonly [number, number] = [1_001, 2_000];
const SLOW: readonly [number, number] = [2_001, 5_000];
const SLUGGISH: readonly [number, number] = [5_001, 10_000];
const TIMEOUT: readonly [number, number] = [10_001, 30_000];

const ARCHETYPES: Record<Exclude<Tier, "NEWCOMER">, Archetype> = {
  DIAMOND: {
    weeks: [10, 10],
    jobsPerWeek: 9,
    weeklyJitter: 1,
    successRate: 0.995,
    responseMs: [
      [96, FAST],
      [4, QUICK],
    ],
    reviewRate: 0.3,
    ratings: [
      [92, 5],
      [8, 4],
    ],
    disputeRate: 0.01,
    disputeOutcomes: [[1, "resolved_for_agent"]],
  },
  PLATINUM: {
    weeks: [9, 10],
    jobsPerWeek: 7,
    weeklyJitter: 2,
    successRate: 0.96,
    responseMs: [
      [70, FAST],
      [25, QUICK],
      [5, SLOW],
    ],
    reviewRate: 0.3,
    ratings: [
      [60, 5],
      [35, 4],
      [5, 3],
    ],
    disputeRate: 0.01,
    disputeOutcomes: [
      [2, "resolved_for_agent"],
      [1, "opened"],
    ],
  },
  GOLD: {
    weeks: [8, 10],
    jobsPerWeek: 5,
    weeklyJitter: 2,
    successRate: 0.88,
    responseMs: [
      [40, FAST],
      [30, QUICK],
      [20, SLOW],
      [10, SLUGGISH],
    ],
    reviewRate: 0.3,
    ratings: [
      [35, 5],
      [40, 4],
      [20, 3],
      [5, 2],
    ],
    disputeRate: 0.02,
    disputeOutcomes: [
      [1, "resolved_for_agent"],
      [1, "resolved_against_agent"],
      [1, "opened"],
    ],
  },
  SILVER: {
    weeks: [6, 10],
    jobsPerWeek: 4,
    weeklyJitter: 3,
    successRate: 0.72,
    responseMs: [
      [20, FAST],
      [25, QUICK],
      [30, SLOW],
      [15, SLUGGISH],
      [10, TIMEOUT],
    ],
    reviewRate: 0.35,
    ratings: [
      [15, 5],
      [30, 4],
      [30, 3],
      [20, 2],
      [5, 1],
    ],
    disputeRate: 0.05,
    disputeOutcomes: [
      [1, "resolved_for_agent"],
      [2, "resolved_against_agent"],
      [1, "opened"],
    ],
  },
  BRONZE: {
    weeks: [4, 10],
    jobsPerWeek: 3,
    weeklyJitter: 3,
    successRate: 0.45,
    responseMs: [
      [10, FAST],
      [15, QUICK],
      [30, SLOW],
      [25, SLUGGISH],
      [20, TIMEOUT],
    ],
    reviewRate: 0.4,
    ratings: [
      [5, 5],
      [10, 4],
      [20, 3],
      [35, 2],
      [30, 1],
    ],
    disputeRate: 0.12,
    disputeOutcomes: [
      [1, "resolved_for_agent"],
      [4, "resolved_against_agent"],
      [1, "opened"],
    ],
  },
};

/** mulberry32: a small, fast 32-bit PRNG; plenty for demo data and identical on every platform. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Distinct, well-mixed seeds for each agent and purpose (splitmix-style integer hash). */
function seedFor(index: number, purpose: number): number {
  let h = (Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(purpose + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function pick<T>(random: () => number, options: Weighted<T>): T {
  const total = options.reduce((sum, [weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [weight, value] of options) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return options[options.length - 1][1];
}

function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** The Solana-shaped address of demo agent `index` (32 bytes from its own PRNG stream). */
export function demoAgentAddress(index: number): string {
  const random = prng(seedFor(index, 1));
  return encodeBase58(Uint8Array.from({ length: 32 }, () => Math.floor(random() * 256)));
}

export function demoTierTarget(index: number): Tier {
  return TIER_CYCLE[index % TIER_CYCLE.length];
}

export function demoFlagReason(index: number): string | undefined {
  if (index % TIER_CYCLE.length !== FLAG_OFFSET) return undefined;
  return FLAG_REASONS[Math.floor(index / TIER_CYCLE.length) % FLAG_REASONS.length];
}

/** A signal before it has an id, a line and an agent (Omit distributed over the union). */
type Draft = SignalInput extends infer S
  ? S extends SignalInput
    ? Omit<S, "id" | "line" | "agentAddress">
    : never
  : never;

/** A few jobs in the last two weeks, maybe a review: an agent too new to have a tier. */
function drawNewcomer(random: () => number, end: number): Draft[] {
  const drafts: Draft[] = [];
  const jobs = between(random, 1, 4);
  for (let i = 0; i < jobs; i++) {
    const at = end - between(random, 1, 14 * 24) * 3_600_000;
    drafts.push({ type: "job", at, success: random() < 0.9, responseTimeMs: between(random, ...FAST) });
    if (random() < 0.4) drafts.push({ type: "review", at: at + 3_600_000, rating: between(random, 3, 5) });
  }
  return drafts;
}

function drawHistory(random: () => number, archetype: Archetype, end: number): Draft[] {
  const drafts: Draft[] = [];
  const weeks = between(random, ...archetype.weeks);
  for (let week = 0; week < weeks; week++) {
    const weekEnd = end - week * WEEK_MS;
    const jobs = Math.max(0, archetype.jobsPerWeek + between(random, -archetype.weeklyJitter, archetype.weeklyJitter));
    for (let j = 0; j < jobs; j++) {
      const at = weekEnd - between(random, 1, WEEK_MS - 1);
      const success = random() < archetype.successRate;
      const amountCents = between(random, 50, 5_000);
      drafts.push({
        type: "job",
        at,
        success,
        responseTimeMs: between(random, ...pick(random, archetype.responseMs)),
        amountMicroUsd: amountCents * 10_000,
      });
      // Feedback follows the job within a day; only jobs that happened can be reviewed or disputed.
      const later = Math.min(end - 1, at + between(random, 60_000, DAY_MS));
      if (random() < archetype.reviewRate)
        drafts.push({ type: "review", at: later, rating: pick(random, archetype.ratings) });
      if (random() < archetype.disputeRate)
        drafts.push({ type: "dispute", at: later, outcome: pick(random, archetype.disputeOutcomes) });
    }
  }
  return drafts;
}

export type DemoAgent = { index: number; address: string; tier: Tier; flaggedReason?: string; signals: SignalInput[] };

/**
 * Demo agent `index`, its history ending at the start of `now`'s UTC day (so a day's reruns draw the same
 * times) and scored at `now`.
 */
export function demoAgent(index: number, now: number): DemoAgent {
  const address = demoAgentAddress(index);
  const tier = demoTierTarget(index);
  const end = Math.floor(now / DAY_MS) * DAY_MS;
  const random = prng(seedFor(index, 2));
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const drafts = tier === "NEWCOMER" ? drawNewcomer(random, end) : drawHistory(random, ARCHETYPES[tier], end);
    drafts.sort((a, b) => a.at - b.at);
    const signals = drafts.map(
      (draft, n) => ({ ...draft, id: `demo-${index}-${n}`, line: n + 1, agentAddress: address }) as SignalInput,
    );
    const aggregates = signals.reduce((agg, s) => applySignal(agg, toScoreSignal(s)), emptyAggregates());
    if (scoreFromAggregates(aggregates, now).tier === tier) {
      const flaggedReason = demoFlagReason(index);
      return { index, address, tier, ...(flaggedReason ? { flaggedReason } : {}), signals };
    }
  }
  // Unreachable with the archetypes above (demoPopulation.test.ts draws thousands of agents); a change that
  // breaks that must fail loudly rather than seed a population without its tiers.
  throw new Error(`demo agent ${index} did not land in ${tier} in ${MAX_DRAWS} draws`);
}
