/**
 * `GET /api/v1/usage` (SPEC §2): the key's team's usage, from the team's usage buckets and the calls the roll-up
 * has not counted yet, never from a scan of raw events. Free, but still a call: authenticated, rate-limited and
 * recorded like every other (model/apiCall.ts).
 *
 * Two functions, so a report never holds the writer: the REST layer runs `report` (a query: it may read thousands
 * of buckets) and then `recordCall` (a small mutation that authenticates, counts and records the call, and may
 * refuse it, in which case the report is dropped). The answer shows usage before the call.
 */
import { v } from "convex/values";
import { problemOutcome, vApiEndpoint, vApiMethod, vApiOutcome } from "./lib/apiOutcome";
import { serverMutation, serverQuery } from "./lib/serverFunctions";
import { usageReport } from "./lib/usageSeries";
import { vGranularity } from "./lib/validators";
import { ApiSession, runApiCalls, vApiRequest } from "./model/apiCall";
import { usableKeyByHash } from "./model/apiKeys";
import { currentBuckets } from "./model/usageBuckets";

const vFigures = v.object({ calls: v.number(), billable: v.number(), costUsd: v.number() });

export const report = serverQuery({
  args: {
    /** SHA-256 hex of the presented key: the report is its team's. */
    keyHash: v.string(),
    /** Epoch ms, rounded down to its bucket. */
    from: v.number(),
    /** Epoch ms, exclusive. */
    to: v.number(),
    granularity: vGranularity,
  },
  /** Null when the key does not authenticate (the recording mutation answers the 401). */
  returns: v.union(
    v.null(),
    v.object({
      from: v.string(),
      to: v.string(),
      granularity: vGranularity,
      totals: vFigures,
      endpoints: v.array(v.object({ endpoint: v.string(), calls: v.number(), billable: v.number(), costUsd: v.number() })),
      series: v.array(v.object({ start: v.string(), calls: v.number(), billable: v.number(), costUsd: v.number() })),
    }),
  ),
  handler: async (ctx, { keyHash, from, to, granularity }) => {
    const found = await usableKeyByHash(ctx, keyHash, Date.now());
    if (!found) return null;
    const range = { from, to, granularity };
    return usageReport(await currentBuckets(ctx, [{ scope: "team", subject: found.team._id }], range), range);
  },
});

/** Authenticates, rate-limits and records a usage call; the 200's body is filled in by the REST layer from `report`. */
export const recordCall = serverMutation({
  args: vApiRequest,
  returns: vApiOutcome,
  handler: async (ctx, request) => {
    const [outcome] = await runApiCalls(ctx, [request], (session) =>
      session.run({ endpoint: "/api/v1/usage", method: "GET", request }, async () => ({ status: 200, chargeMicroUsd: 0, agentCount: 0 })),
    );
    return outcome;
  },
});

/**
 * A request the REST layer refuses on its own once the key is known good — a body or parameters that fail the
 * schema (400), a body over 64 KiB (413) or of another media type (415): authenticated, counted against the rate
 * limit and recorded like any call, never billed (SPEC §2). The outcome is that refusal with the rate-limit
 * headers, or what the call gets before its request is looked at (401, 429, 403, 402).
 */
export const recordRefusal = serverMutation({
  args: {
    ...vApiRequest,
    endpoint: vApiEndpoint,
    method: vApiMethod,
    problem: v.object({
      code: v.union(v.literal("VALIDATION_ERROR"), v.literal("PAYLOAD_TOO_LARGE"), v.literal("UNSUPPORTED_MEDIA_TYPE")),
      detail: v.string(),
    }),
  },
  returns: vApiOutcome,
  handler: async (ctx, { endpoint, method, problem, ...request }) => {
    const [outcome] = await runApiCalls(ctx, [request], (session) =>
      session.run({ endpoint, method, request }, async () => ({ ...problemOutcome(problem.code, problem.detail), chargeMicroUsd: 0, agentCount: 0 })),
    );
    return outcome;
  },
});

/**
 * Records an authenticated call that answered 500 (SPEC §2: 5xx are recorded, never billed). Its own transaction
 * rolled back, so the REST layer reports it here; a key that does not authenticate records nothing.
 */
export const recordServerError = serverMutation({
  args: { keyHash: v.string(), requestId: v.string(), receivedAt: v.number(), head: v.optional(v.boolean()), endpoint: vApiEndpoint, method: vApiMethod },
  returns: v.object({ recorded: v.boolean(), teamId: v.optional(v.id("teams")) }),
  handler: async (ctx, { endpoint, method, ...request }) => {
    const session = new ApiSession(ctx);
    const teamId = await session.recordServerError({ endpoint, method, request });
    await session.finish();
    return teamId ? { recorded: true, teamId } : { recorded: false };
  },
});
