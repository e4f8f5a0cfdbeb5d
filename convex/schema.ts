/**
 * The whole GhostSpeak data model. Every table and index is explained in prisma-free-notes/data-model.md.
 *
 * Conventions: money is integer micro-USD in `v.number()` (safe to 2^53 µUSD ≈ $9 billion, and plain JSON
 * unlike int64); times are epoch milliseconds in `v.number()`; secrets are stored only as SHA-256 hex
 * (`*Hash`) or encrypted (`*Ciphertext`). Index names list their fields in order.
 */
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import {
  vActorKind,
  vBucketScope,
  vGranularity,
  vAgentAggregates,
  vAgentStatus,
  vDeliveryStatus,
  vInvitableRole,
  vInviteStatus,
  vKeyEnv,
  vLimitOverrides,
  vPlan,
  vRateLimitState,
  vRole,
  vScoreComponents,
  vTeamStatus,
  vTier,
  vWebhookEventType,
} from "./lib/validators";

export default defineSchema({
  // ── Users and next-auth ──────────────────────────────────────────────────────────────────────────────
  users: defineTable({
    /** Lowercased; one user per address. */
    email: v.string(),
    name: v.optional(v.string()),
    image: v.optional(v.string()),
    emailVerified: v.optional(v.number()),
    /** When the user's first sign-in completed (a user made by an invite or the CLI has none until then). */
    signedUpAt: v.optional(v.number()),
  }).index("by_email", ["email"]),

  accounts: defineTable({
    userId: v.id("users"),
    type: v.string(),
    provider: v.string(),
    providerAccountId: v.string(),
    // Provider access/refresh/id tokens are deliberately not stored: sign-in only needs the identity, and a
    // token never kept is a token that cannot leak.
  })
    .index("by_provider_account", ["provider", "providerAccountId"])
    .index("by_user", ["userId"]),

  sessions: defineTable({
    sessionTokenHash: v.string(),
    userId: v.id("users"),
    expires: v.number(),
  })
    .index("by_token_hash", ["sessionTokenHash"])
    .index("by_user", ["userId"])
    .index("by_expires", ["expires"]),

  verificationTokens: defineTable({
    identifier: v.string(),
    tokenHash: v.string(),
    expires: v.number(),
  })
    .index("by_identifier_token_hash", ["identifier", "tokenHash"])
    .index("by_expires", ["expires"]),

  // ── Teams ────────────────────────────────────────────────────────────────────────────────────────────
  teams: defineTable({
    name: v.string(),
    plan: vPlan,
    status: vTeamStatus,
    /** Enterprise contract limits; ignored on other plans. */
    limitOverrides: v.optional(vLimitOverrides),
    /** Enterprise only: the contract's monthly fee (enterprise has no list price). */
    contractBaseFeeMicroUsd: v.optional(v.number()),
    /** Owner-set monthly spend cap on the month's total (base fee + overage). */
    spendCapMicroUsd: v.optional(v.number()),
    stripeCustomerId: v.optional(v.string()),
    stripeSubscriptionId: v.optional(v.string()),
    /** When the team became past due (402s start after the grace period). */
    pastDueSince: v.optional(v.number()),
    disabledReason: v.optional(v.string()),
    /** The time of the team's first API call, set once by the usage roll-up (the "first API call" event). */
    firstApiCallAt: v.optional(v.number()),
  })
    .index("by_status", ["status"])
    .index("by_plan", ["plan"])
    .index("by_stripe_customer", ["stripeCustomerId"]),

  members: defineTable({
    teamId: v.id("teams"),
    userId: v.id("users"),
    role: vRole,
  })
    .index("by_team_user", ["teamId", "userId"])
    .index("by_user", ["userId"])
    .index("by_team_role", ["teamId", "role"]),

  invites: defineTable({
    teamId: v.id("teams"),
    /** Lowercased. */
    email: v.string(),
    role: vInvitableRole,
    tokenHash: v.string(),
    invitedByUserId: v.id("users"),
    status: vInviteStatus,
    expiresAt: v.number(),
    lastSentAt: v.number(),
    acceptedAt: v.optional(v.number()),
    acceptedByUserId: v.optional(v.id("users")),
    revokedAt: v.optional(v.number()),
  })
    .index("by_token_hash", ["tokenHash"])
    .index("by_team_status_expires", ["teamId", "status", "expiresAt"])
    .index("by_team_email_status", ["teamId", "email", "status"])
    .index("by_email_status", ["email", "status"]),

  // ── API keys and the request path ────────────────────────────────────────────────────────────────────
  apiKeys: defineTable({
    teamId: v.id("teams"),
    /** SHA-256 hex of the whole key; the key itself is never stored. */
    hash: v.string(),
    /** Environment prefix + first 4 secret characters, e.g. `gs_live_Ab3x`. */
    prefix: v.string(),
    last4: v.string(),
    env: vKeyEnv,
    name: v.string(),
    /** Absent for keys made by an operator (CLI) or the demo seed. */
    createdByUserId: v.optional(v.id("users")),
    createdAt: v.number(),
    expiresAt: v.optional(v.number()),
    /** Per-minute limit below the plan's; absent = the plan's. */
    rateLimit: v.optional(v.number()),
    revokedAt: v.optional(v.number()),
    /** Set when the key was rotated away: it keeps working until then. */
    graceUntil: v.optional(v.number()),
    replacedByKeyId: v.optional(v.id("apiKeys")),
  })
    .index("by_hash", ["hash"])
    .index("by_team_revoked", ["teamId", "revokedAt"])
    .index("by_team_revoked_grace_expires", ["teamId", "revokedAt", "graceUntil", "expiresAt"]),

  /**
   * Sharded sliding-window-counter state of a key (lib/rateLimitShards.ts): the key's limit split over up to 256
   * shards so concurrent calls of one busy key write different documents. A shard row exists once it counted a call.
   */
  rateLimitShards: defineTable({
    apiKeyId: v.id("apiKeys"),
    shard: v.number(),
    ...vRateLimitState.fields,
  }).index("by_key_shard", ["apiKeyId", "shard"]),

  /** When a key was last used, kept apart from the key so that the request path, which reads every key it serves, never conflicts with it. */
  apiKeyActivity: defineTable({
    apiKeyId: v.id("apiKeys"),
    lastUsedAt: v.number(),
  }).index("by_key", ["apiKeyId"]),

  idempotencyRecords: defineTable({
    teamId: v.id("teams"),
    apiKeyId: v.id("apiKeys"),
    /** The `Idempotency-Key` header. */
    key: v.string(),
    method: v.string(),
    endpoint: v.string(),
    /** SHA-256 hex of the request body, to tell a replay from a conflicting reuse. */
    requestHash: v.string(),
    responseStatus: v.number(),
    /** The stored answer as JSON; sealed (secretBox, WEBHOOK_ENCRYPTION_KEY) when it holds a secret. */
    responseBody: v.string(),
    sealed: v.optional(v.boolean()),
    createdAt: v.number(),
    expiresAt: v.number(),
  })
    .index("by_team_key", ["teamId", "key"])
    .index("by_expires", ["expiresAt"]),

  // ── Ghost Score ──────────────────────────────────────────────────────────────────────────────────────
  agents: defineTable({
    /** Solana address, base58. */
    address: v.string(),
    score: v.number(),
    tier: vTier,
    confidence: v.number(),
    components: vScoreComponents,
    aggregates: vAgentAggregates,
    status: vAgentStatus,
    flaggedReason: v.optional(v.string()),
    /** Version of the score formula that produced `score`. */
    scoreVersion: v.number(),
    scoreUpdatedAt: v.number(),
    lastSignalAt: v.optional(v.number()),
  })
    .index("by_address", ["address"])
    .index("by_tier", ["tier"])
    .index("by_status", ["status"])
    .index("by_score_updated", ["scoreUpdatedAt"]),

  signals: defineTable({
    /** The producer's id: a second signal with the same id is a duplicate. */
    signalId: v.string(),
    agentId: v.id("agents"),
    type: v.union(v.literal("job"), v.literal("review"), v.literal("dispute")),
    at: v.number(),
    success: v.optional(v.boolean()),
    responseTimeMs: v.optional(v.number()),
    amountMicroUsd: v.optional(v.number()),
    rating: v.optional(v.number()),
    outcome: v.optional(
      v.union(v.literal("opened"), v.literal("resolved_for_agent"), v.literal("resolved_against_agent")),
    ),
  })
    .index("by_signal_id", ["signalId"])
    .index("by_agent_at", ["agentId", "at"]),

  /** Operators' flag/unflag decisions, kept beside the agent's current status (agents belong to no team's audit log). */
  agentFlagChanges: defineTable({
    agentId: v.id("agents"),
    action: v.union(v.literal("flag"), v.literal("unflag")),
    reason: v.optional(v.string()),
    actorKind: vActorKind,
    at: v.number(),
  }).index("by_agent_at", ["agentId", "at"]),

  // ── Usage and billing ────────────────────────────────────────────────────────────────────────────────
  usageEvents: defineTable({
    teamId: v.id("teams"),
    apiKeyId: v.id("apiKeys"),
    /** Route template, never the raw path. */
    endpoint: v.string(),
    method: v.string(),
    status: v.number(),
    billable: v.boolean(),
    costMicroUsd: v.number(),
    agentCount: v.number(),
    responseTimeMs: v.number(),
    requestId: v.string(),
    /** Made with a test key: recorded, never billed. */
    test: v.boolean(),
    timestamp: v.number(),
    /** The team's plan when the call was made: operators' figures count calls and revenue by plan. */
    plan: vPlan,
    /** The commit timestamp of the call's transaction (`db.vars.commitTs`): the usage roll-up's cursor. */
    commitTs: v.commitTs(),
  })
    // The only index: every API call writes a row into each index of this table. Commit order, unlike creation
    // time, never lets a transaction that commits late land behind a cursor that already passed it.
    .index("by_commit_ts", ["commitTs"]),

  /**
   * Usage added up by the roll-up (lib/usageBuckets.ts): per key, team and platform (by plan), per UTC hour and
   * day, per endpoint. What charts, the usage API, statements, meter reports and operator figures read.
   */
  usageBuckets: defineTable({
    scope: vBucketScope,
    /** The key's id, the team's id, or the plan (platform). */
    subject: v.string(),
    granularity: vGranularity,
    start: v.number(),
    endpoint: v.string(),
    calls: v.number(),
    billableCalls: v.number(),
    clientErrors: v.number(),
    serverErrors: v.number(),
    costMicroUsd: v.number(),
    agentCount: v.number(),
    latencySumMs: v.number(),
    /** Call counts per latency bucket; the bucket bounds are fixed in lib/latency.ts. */
    latencyBuckets: v.array(v.number()),
  })
    .index("by_subject", ["scope", "subject", "granularity", "start", "endpoint"])
    .index("by_scope_start", ["scope", "granularity", "start"]),

  /** A team's usage for one UTC month, added up by the roll-up: spend cap, included usage and threshold events. */
  usagePeriods: defineTable({
    teamId: v.id("teams"),
    periodStart: v.number(),
    calls: v.number(),
    billableCalls: v.number(),
    costMicroUsd: v.number(),
    /** When the 80 % / 100 % `usage.threshold` events were sent; each at most once a period. */
    threshold80At: v.optional(v.number()),
    threshold100At: v.optional(v.number()),
  }).index("by_team_period", ["teamId", "periodStart"]),

  /** The usage roll-up's position: one row, the last usage event it counted (commit timestamp, then creation time). */
  usageRollupCursor: defineTable({
    commitTs: v.int64(),
    creationTime: v.number(),
    /** Every event committed before this time (epoch ms) has been counted. */
    watermark: v.number(),
  }),

  billingStatements: defineTable({
    teamId: v.id("teams"),
    periodStart: v.number(),
    periodEnd: v.number(),
    plan: vPlan,
    baseFeeMicroUsd: v.number(),
    /** null = unlimited (enterprise). */
    includedMicroUsd: v.union(v.number(), v.null()),
    usageMicroUsd: v.number(),
    overageMicroUsd: v.number(),
    totalMicroUsd: v.number(),
    source: v.union(v.literal("local"), v.literal("stripe")),
    status: v.union(v.literal("open"), v.literal("finalized"), v.literal("paid"), v.literal("failed"), v.literal("void")),
    stripeInvoiceId: v.optional(v.string()),
    hostedInvoiceUrl: v.optional(v.string()),
    finalizedAt: v.optional(v.number()),
  })
    .index("by_team_period", ["teamId", "periodStart"])
    .index("by_stripe_invoice", ["stripeInvoiceId"]),

  /** Stripe webhook events already handled, so a redelivered event changes nothing. */
  stripeEvents: defineTable({
    eventId: v.string(),
    type: v.string(),
    processedAt: v.number(),
  }).index("by_event_id", ["eventId"]),

  /** Hourly usage sent to Stripe as meter events; `identifier` (team + hour) makes a resend harmless. */
  meterReports: defineTable({
    teamId: v.id("teams"),
    hourStart: v.number(),
    identifier: v.string(),
    valueMicroUsd: v.number(),
    status: v.union(v.literal("pending"), v.literal("sent"), v.literal("failed")),
    attempts: v.number(),
    sentAt: v.optional(v.number()),
    lastError: v.optional(v.string()),
  })
    .index("by_identifier", ["identifier"])
    .index("by_status_hour", ["status", "hourStart"])
    .index("by_team_hour", ["teamId", "hourStart"]),

  // ── Webhooks ─────────────────────────────────────────────────────────────────────────────────────────
  webhookEndpoints: defineTable({
    teamId: v.id("teams"),
    url: v.string(),
    description: v.optional(v.string()),
    events: v.array(vWebhookEventType),
    /** Only events about these agents; absent = all agents. */
    agentAddresses: v.optional(v.array(v.string())),
    status: v.union(v.literal("active"), v.literal("disabled")),
    disabledReason: v.optional(v.union(v.literal("gone"), v.literal("failing"), v.literal("manual"))),
    disabledAt: v.optional(v.number()),
    secretCiphertext: v.string(),
    /** The secret before the last rotation, still used to sign until `previousSecretExpiresAt`. */
    previousSecretCiphertext: v.optional(v.string()),
    previousSecretExpiresAt: v.optional(v.number()),
    /** Start of the current run of failed deliveries (24 h of it disables the endpoint). */
    failingSince: v.optional(v.number()),
    createdByUserId: v.optional(v.id("users")),
  })
    .index("by_team", ["teamId"])
    .index("by_status", ["status"]),

  /**
   * Fan-out index of endpoints: one row per (endpoint, event type, agent filter entry) so an event finds its
   * endpoints by index instead of scanning every endpoint. `agentAddress` null = all agents.
   */
  webhookSubscriptions: defineTable({
    endpointId: v.id("webhookEndpoints"),
    teamId: v.id("teams"),
    eventType: vWebhookEventType,
    agentAddress: v.union(v.string(), v.null()),
  })
    .index("by_event_agent", ["eventType", "agentAddress"])
    .index("by_endpoint", ["endpointId"]),

  /** The outbox: written in the same transaction as the change that causes the event. */
  webhookEvents: defineTable({
    type: vWebhookEventType,
    /** Team-scoped events (usage.threshold, webhook.test) name their team; score events go to every subscriber. */
    teamId: v.optional(v.id("teams")),
    agentAddress: v.optional(v.string()),
    data: v.any(),
    status: v.union(v.literal("pending"), v.literal("dispatched")),
    dispatchedAt: v.optional(v.number()),
    /** A fan-out in pages (webhookDispatch.ts): the source and creation time it goes on after. */
    fanoutCursor: v.optional(v.object({ source: v.number(), after: v.number() })),
  })
    .index("by_status", ["status"])
    .index("by_team", ["teamId"]),

  webhookDeliveries: defineTable({
    teamId: v.id("teams"),
    endpointId: v.id("webhookEndpoints"),
    eventId: v.id("webhookEvents"),
    eventType: vWebhookEventType,
    status: vDeliveryStatus,
    attempts: v.number(),
    nextAttemptAt: v.optional(v.number()),
    lastAttemptAt: v.optional(v.number()),
    /** Set by a claim, cleared when its attempt is recorded: still set at the next claim = that attempt died. */
    claimedAt: v.optional(v.number()),
    deliveredAt: v.optional(v.number()),
    lastError: v.optional(v.string()),
    updatedAt: v.number(),
  })
    .index("by_status_next_attempt", ["status", "nextAttemptAt"])
    .index("by_status_updated", ["status", "updatedAt"])
    .index("by_endpoint", ["endpointId"])
    .index("by_endpoint_status_updated", ["endpointId", "status", "updatedAt"])
    .index("by_event", ["eventId"]),

  webhookAttempts: defineTable({
    deliveryId: v.id("webhookDeliveries"),
    endpointId: v.id("webhookEndpoints"),
    teamId: v.id("teams"),
    at: v.number(),
    /** HTTP status; absent when no answer came (timeout, refused, SSRF guard). */
    status: v.optional(v.number()),
    durationMs: v.number(),
    /** First 1 KiB of the answer. */
    responseExcerpt: v.optional(v.string()),
    error: v.optional(v.string()),
  })
    .index("by_delivery", ["deliveryId"])
    .index("by_at", ["at"]),

  // ── Audit and mail ───────────────────────────────────────────────────────────────────────────────────
  auditLog: defineTable({
    teamId: v.id("teams"),
    actorKind: vActorKind,
    actorUserId: v.optional(v.id("users")),
    /** e.g. `key.create`, `member.role_change`, `plan.change`. */
    action: v.string(),
    targetType: v.optional(v.string()),
    targetId: v.optional(v.string()),
    /** Action-specific facts (never secrets). */
    details: v.optional(v.record(v.string(), v.union(v.string(), v.number(), v.boolean(), v.null()))),
    at: v.number(),
  })
    .index("by_team_at", ["teamId", "at"])
    .index("by_team_action_at", ["teamId", "action", "at"])
    .index("by_team_actor_at", ["teamId", "actorUserId", "at"]),

  /**
   * Sign-in mail counters (signInMail.ts): a sliding window counter per address and per client address, keyed by
   * the SHA-256 of "address:<email>" or "client:<address>", so no address is stored. A row is written only when a
   * mail is let through; a cron deletes rows whose count has decayed to nothing.
   */
  signInMailLimits: defineTable({
    key: v.string(),
    ...vRateLimitState.fields,
  })
    .index("by_key", ["key"])
    .index("by_window_start", ["windowStart"]),

  /**
   * Mail captured instead of sent when SMTP is not configured, kept 15 minutes (devOutbox.ts). Mail from the app
   * server (magic links, invites) is `bodyCiphertext` only: its text and HTML sealed under the outbox key in
   * DATA_DIR, so no sign-in token is in the database in clear. Notices written by Convex functions carry no
   * token and keep `text` in clear.
   */
  devOutbox: defineTable({
    to: v.string(),
    subject: v.string(),
    text: v.optional(v.string()),
    html: v.optional(v.string()),
    bodyCiphertext: v.optional(v.string()),
  }),

  // ── Product analytics ────────────────────────────────────────────────────────────────────────────────
  /**
   * The product-analytics outbox (model/analytics.ts, analyticsOutbox.ts): a funnel event written by the mutation
   * that made the change, only while POSTHOG_KEY is set, then claimed, sent to PostHog and deleted by the app
   * server's drain. `leaseUntil` is 0 while unclaimed; a claim moves it ahead, so a drain that died leaves its rows
   * due again. Nothing in it names a person: `distinctId` is a SHA-256 of a user id, properties carry no address,
   * key or secret.
   */
  analyticsEvents: defineTable({
    /** PostHog dedupes on it: a batch sent again after a crash counts once. */
    uuid: v.string(),
    event: v.string(),
    distinctId: v.string(),
    teamId: v.optional(v.id("teams")),
    properties: v.record(v.string(), v.union(v.string(), v.number(), v.boolean(), v.null())),
    /** When the change happened (the event's timestamp in PostHog). */
    at: v.number(),
    leaseUntil: v.number(),
    attempts: v.number(),
  }).index("by_lease_until", ["leaseUntil"]),
});
