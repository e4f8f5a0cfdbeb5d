/**
 * The public API's request and response schemas (SPEC §2). They validate requests at the edge and, through
 * `@hono/zod-openapi`, are the OpenAPI document: what is documented is what is enforced.
 */
import { z } from "@hono/zod-openapi";
import { isSolanaAddress } from "../../../../convex/lib/solanaAddress";
import { TIER_NAMES } from "../../../../convex/lib/score";

const EXAMPLE_ADDRESS = "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU";

export const SolanaAddress = z
  .string()
  .max(64)
  .refine(isSolanaAddress, "must be a Solana address: base58 that decodes to exactly 32 bytes")
  .openapi({ example: EXAMPLE_ADDRESS, description: "A Solana address: base58, 32 bytes." });

const RequiredScore = z.number().min(0).max(1000).optional().openapi({ description: "The minimum Ghost Score (0–1000)." });
const Tier = z.enum(TIER_NAMES).openapi("Tier");
const Timestamp = z.string().openapi({ format: "date-time", example: "2026-11-28T12:00:00.000Z" });
const RequestId = z.string().openapi({
  description:
    "The id of the request that produced this answer: the X-Request-Id header's, except on an idempotent replay, " +
    "whose body is the stored one byte for byte (the original request's id) while its X-Request-Id header is new.",
});

export const VerifyRequest = z
  .object({ agentAddress: SolanaAddress, requiredScore: RequiredScore, returnMetrics: z.boolean().optional() })
  .openapi("VerifyRequest");

const Components = z
  .object({ payment: z.number(), quality: z.number(), responsiveness: z.number(), consistency: z.number() })
  .openapi("ScoreComponents", { description: "The four score components, each in [0, 1] (see the score docs)." });

const Metrics = z
  .object({
    totalJobs: z.number().int(),
    successRate: z.number().nullable().openapi({ description: "Share of successful jobs; null with no jobs." }),
    avgResponseTimeMs: z.number().nullable().openapi({ description: "Mean reported response time; null when no job reported one." }),
    disputes: z.number().int(),
    disputeRate: z.number(),
    reviews: z.number().int(),
    avgRating: z.number().nullable().openapi({ description: "Mean rating 1–5; null with no reviews." }),
    components: Components,
  })
  .openapi("Metrics", { description: "Real figures from the agent's signal ledger; null where there is no data." });

export const Verification = z
  .object({
    agentAddress: z.string(),
    verified: z.boolean().openapi({ description: "Known, not flagged, and meeting the required score." }),
    ghostScore: z.number().int(),
    tier: Tier,
    meetsRequirement: z.boolean(),
    confidence: z.number(),
    scoreUpdatedAt: Timestamp,
    verifiedAt: Timestamp,
    requestId: RequestId,
    metrics: Metrics.optional().openapi({ description: "Only with returnMetrics: true." }),
  })
  .openapi("Verification");

export const ScoreAnswer = z
  .object({
    agentAddress: z.string(),
    ghostScore: z.number().int(),
    tier: Tier,
    confidence: z.number(),
    scoreUpdatedAt: Timestamp,
    requestId: RequestId,
  })
  .openapi("Score");

export const ScoreParams = z.object({
  address: SolanaAddress.openapi({ param: { name: "address", in: "path" } }),
});

export const BatchRequest = z
  .object({
    agents: z.array(z.string()).min(1).max(100).openapi({ description: "1 to 100 addresses; duplicates are answered once." }),
    requiredScore: RequiredScore,
  })
  .openapi("BatchRequest");

const BatchResult = z
  .object({
    agentAddress: z.string(),
    found: z.boolean(),
    verified: z.boolean(),
    ghostScore: z.number().int().optional(),
    tier: Tier.optional(),
    meetsRequirement: z.boolean().optional(),
    error: z.enum(["INVALID_ADDRESS", "AGENT_NOT_FOUND"]).optional(),
  })
  .openapi("BatchResult");

export const BatchAnswer = z
  .object({
    results: z.array(BatchResult).openapi({ description: "One per unique address, in order of first occurrence." }),
    summary: z.object({
      requested: z.number().int(),
      unique: z.number().int(),
      found: z.number().int(),
      notFound: z.number().int(),
      invalid: z.number().int(),
      tierDistribution: z.record(Tier, z.number().int()),
    }),
    cost: z.object({
      billableAgents: z.number().int().openapi({ description: "Unique found agents billed (0 with a test key)." }),
      amountUsd: z.number(),
    }),
    timing: z.object({ totalMs: z.number(), avgPerAgentMs: z.number() }).openapi({ description: "Server time spent on this batch." }),
    requestId: RequestId,
  })
  .openapi("BatchAnswer");

/** The range rules (from before to, at most 31 days by hour or 366 by day) are checked once defaults are known. */
export const UsageQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: "Default: the start of the current UTC month." }),
  to: z.iso.datetime({ offset: true }).optional().openapi({
    description: "Exclusive. Default: the end of the current hour. The range spans at most 31 days by hour, 366 by day.",
  }),
  granularity: z.enum(["hour", "day"]).default("day"),
});

const Figures = { calls: z.number().int(), billable: z.number().int(), costUsd: z.number() };

export const UsageAnswer = z
  .object({
    from: Timestamp,
    to: Timestamp,
    granularity: z.enum(["hour", "day"]),
    totals: z.object(Figures).openapi({ description: "calls = every recorded call; billable = billable calls." }),
    endpoints: z.array(z.object({ endpoint: z.string(), ...Figures })),
    series: z.array(z.object({ start: Timestamp, ...Figures })),
    requestId: RequestId,
  })
  .openapi("Usage");
