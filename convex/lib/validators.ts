/**
 * Convex validators for the enumerations of the data model, built from the same constant lists the pure
 * modules use, so the schema, function arguments and TypeScript types never drift apart.
 */
import { v, type VLiteral, type VUnion } from "convex/values";
import { KEY_ENVS } from "./apiKeyFormat";
import { ROTATION_GRACE_PERIODS } from "./keyLifecycle";
import { INVITABLE_ROLES, ROLES } from "./permissions";
import { PLANS } from "./plans";
import { BUCKET_SCOPES, GRANULARITIES } from "./usageBuckets";

function literals<const T extends readonly [string, string, ...string[]]>(values: T) {
  const [a, b, ...rest] = values.map((value) => v.literal(value));
  // v.union's own type is per call site; this names the union of the list's literals instead.
  return v.union(a, b, ...rest) as unknown as VUnion<T[number], VLiteral<T[number]>[], "required", never>;
}

export const vRole = literals(ROLES);
export const vInvitableRole = literals(INVITABLE_ROLES);
export const vPlan = literals(PLANS);
export const vKeyEnv = literals(KEY_ENVS);
export const vRotationGracePeriod = literals(ROTATION_GRACE_PERIODS);

export const TEAM_STATUSES = ["active", "past_due", "disabled"] as const;
export const vTeamStatus = literals(TEAM_STATUSES);

export const INVITE_STATUSES = ["pending", "accepted", "revoked", "expired"] as const;
export const vInviteStatus = literals(INVITE_STATUSES);

export const AGENT_STATUSES = ["active", "flagged"] as const;
export const vAgentStatus = literals(AGENT_STATUSES);

/** Kept equal to score.ts's TIER_NAMES by score.test.ts. */
export const TIERS = ["NEWCOMER", "BRONZE", "SILVER", "GOLD", "PLATINUM", "DIAMOND"] as const;
export const vTier = literals(TIERS);

export const WEBHOOK_EVENT_TYPES = ["score.updated", "tier.changed", "usage.threshold", "webhook.test"] as const;
export const vWebhookEventType = literals(WEBHOOK_EVENT_TYPES);

/** An attempt in flight leaves its delivery `pending` (the claim only moves `nextAttemptAt` a lease ahead). */
export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export const vDeliveryStatus = literals(DELIVERY_STATUSES);

/** Who did something recorded in the audit log. */
export const ACTOR_KINDS = ["user", "operator", "system"] as const;
export const vActorKind = literals(ACTOR_KINDS);

/** Usage bucket scopes and time granularities (lib/usageBuckets.ts). */
export const vBucketScope = literals(BUCKET_SCOPES);
export const vGranularity = literals(GRANULARITIES);

/** Score components of SPEC §3, each in [0, 1]. */
export const vScoreComponents = v.object({
  payment: v.number(),
  quality: v.number(),
  responsiveness: v.number(),
  consistency: v.number(),
});

/**
 * Running aggregates of an agent's signal ledger: exactly `Aggregates` of ./score.ts (a test holds the two
 * together), kept incrementally so a new signal costs O(1) work.
 */
export const vAgentAggregates = v.object({
  signals: v.number(),
  jobs: v.number(),
  successfulJobs: v.number(),
  totalAmountMicroUsd: v.number(),
  timedJobs: v.number(),
  responseTimeSumMs: v.number(),
  responsiveJobs: v.number(),
  responsivenessSum: v.number(),
  reviews: v.number(),
  ratingSum: v.number(),
  disputesOpened: v.number(),
  disputesResolvedForAgent: v.number(),
  disputesResolvedAgainstAgent: v.number(),
  /** Time-decay sums per half-life period, ascending. */
  decay: v.array(v.object({ period: v.number(), jobs: v.number(), successes: v.number() })),
  /** Completed jobs per UTC week (Monday start), the recent weeks only, ascending. */
  weeklyCompletedJobs: v.array(v.object({ weekStart: v.number(), completedJobs: v.number() })),
});

/** Sliding-window-counter state of one key: exactly `RateLimitState` of ./rateLimit.ts. */
export const vRateLimitState = v.object({
  windowStart: v.number(),
  current: v.number(),
  previous: v.number(),
});

/** Limits an enterprise contract sets instead of the plan's (SPEC §1). */
export const vLimitOverrides = v.object({
  rateLimitPerMinute: v.optional(v.number()),
  maxMembers: v.optional(v.number()),
  maxApiKeys: v.optional(v.number()),
  maxWebhookEndpoints: v.optional(v.number()),
});
