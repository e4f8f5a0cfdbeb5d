/**
 * Public API calls as one transaction (SPEC §2, ARCHITECTURE.md): authenticate the key, count the call against
 * the key's rate limit, check the team's standing, replay or refuse an idempotent retry, do the work, enforce the
 * spend cap, and record the call — so a burst of concurrent calls can never pass the limit, and a call is recorded
 * exactly once or, when it fails, not at all.
 *
 * Order and what each refusal costs:
 * - unknown, revoked, expired or rotated-out key → 401; nothing is written (the call is not authenticated);
 * - rate limit exceeded → 429 RATE_LIMITED, recorded;
 * - team disabled → 403, past due beyond grace → 402, recorded;
 * - `Idempotency-Key` reused: same body → the stored answer with `Idempotent-Replayed: true`, recorded but never
 *   billed again; another body or endpoint → 409 IDEMPOTENCY_CONFLICT, recorded;
 * - the work (e.g. 404 AGENT_NOT_FOUND, recorded, not billed), or the REST layer's own refusal of the request once
 *   the key is known good (400, 413, 415: usage.recordRefusal), recorded, not billed;
 * - a billable answer that would take the month past the team's spend cap → 429 QUOTA_EXCEEDED, recorded.
 * Every refusal after authentication counts against the rate limit: it was a request. A HEAD call (a GET route
 * answered without a body) is recorded as HEAD and never billed.
 *
 * A session may decide several calls in one transaction (the REST layer coalesces concurrent calls): they are
 * decided one after the other, exactly as if each had its own transaction in that order, while the key, team and
 * the counter shards are read once and the shards written once at the end (`finish`).
 *
 * No key lookup is cached across transactions: the key is read in the call's own transaction, so a revocation
 * applies to the very next call, everywhere.
 *
 * What a call writes, and why no two concurrent calls need to write the same document (on a Convex deployment
 * they would conflict and one would be retried): its usage event (a new document, model/usageRecording.ts), one
 * shard of its key's rate-limit counter when it is let through (lib/rateLimitShards.ts), and its idempotency record
 * when it carries a key. A refused call writes only its usage event; the app server may even decide a refusal
 * without the counter (`rateLimitedUntil`, below).
 */
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { problemOutcome, UNAUTHORIZED_DETAIL, type ApiMethod, type ApiOutcome, type ApiProblem, type ApiProblemCode } from "../lib/apiOutcome";
import { effectiveLimits, keyRateLimit } from "../lib/plans";
import { rateLimitHeaders, type RateLimitState } from "../lib/rateLimit";
import { anotherShard, decideOnShards, type ShardedDecision } from "../lib/rateLimitShards";
import { spendCapReached, utcMonthPeriod } from "../lib/statement";
import { teamStanding } from "../lib/teamStanding";
import { agentByAddress } from "./agentReads";
import { usableKeyByHash } from "./apiKeys";
import { findIdempotencyRecord, matchIdempotency, storeIdempotencyRecord, type StoredAnswer } from "./idempotency";
import { UsageRecorder } from "./usageRecording";

/** What the REST layer knows of a request, besides the endpoint's own arguments. */
export const vApiRequest = {
  /** SHA-256 hex of the presented key; the key itself never leaves the REST layer. */
  keyHash: v.string(),
  requestId: v.string(),
  /** When the REST layer received the request (epoch ms): the recorded response time runs from here. */
  receivedAt: v.number(),
  /** POST only: the `Idempotency-Key` header and the SHA-256 of the body it was sent with. */
  idempotency: v.optional(v.object({ key: v.string(), requestHash: v.string() })),
  /**
   * The app server already saw this key refused until then (epoch ms, from an earlier answer's
   * `rateLimitedUntil`): the call is refused without reading the key's counter. Refusing early is always safe: that
   * time is the soonest the counter could have let a call through had no other call been made.
   */
  rateLimitedUntil: v.optional(v.number()),
  /** The call is a HEAD on a GET route: answered without a body, recorded as HEAD, never billed (SPEC §2). */
  head: v.optional(v.boolean()),
};

export type ApiRequest = {
  keyHash: string;
  requestId: string;
  receivedAt: number;
  idempotency?: { key: string; requestHash: string };
  rateLimitedUntil?: number;
  head?: boolean;
};

export type CallContext = { ctx: MutationCtx; team: Doc<"teams">; key: Doc<"apiKeys">; now: number; requestId: string };

/** What the work of an endpoint decided; `chargeMicroUsd` is the list price of a successful answer, else 0. */
export type WorkResult = {
  status: number;
  body?: unknown;
  problem?: ApiProblem;
  headers?: Record<string, string>;
  chargeMicroUsd: number;
  /** Agents the call looked up (recorded in usage). */
  agentCount: number;
  /** The answer holds a secret (a webhook signing secret): its idempotency copy is stored encrypted (SPEC §9). */
  confidential?: boolean;
};

type Settled = WorkResult & { replayed?: boolean };

/** The method usage records: a HEAD on a GET route is recorded as such. */
const recordedMethod = (method: ApiMethod, request: ApiRequest): ApiMethod => (request.head ? "HEAD" : method);

/** A shard of a key's counter as this transaction sees it. */
type ShardState = { shard: number; id: Id<"rateLimitShards"> | null; state: RateLimitState | null; changed: boolean };

/** A key as this transaction sees it: its row, its team, and the shards of its counter read so far. */
type KeyState = {
  key: Doc<"apiKeys">;
  team: Doc<"teams">;
  limit: number;
  shards: ShardState[];
};

const refusal = (code: ApiProblemCode, detail: string): Settled => ({ ...problemOutcome(code, detail), chargeMicroUsd: 0, agentCount: 0 });

export class ApiSession {
  private readonly now = Date.now();
  private readonly keys = new Map<string, KeyState | null>();
  private readonly agents = new Map<string, Promise<Doc<"agents"> | null>>();
  private readonly usage: UsageRecorder;

  constructor(private readonly ctx: MutationCtx) {
    this.usage = new UsageRecorder(ctx);
  }

  async run(call: { endpoint: string; method: ApiMethod; request: ApiRequest }, work: (c: CallContext) => Promise<WorkResult>): Promise<ApiOutcome> {
    const { request } = call;
    const state = await this.keyState(request.keyHash);
    if (!state) return problemOutcome("UNAUTHORIZED", UNAUTHORIZED_DETAIL);
    const { key, team } = state;
    const now = this.now;

    const decision = await this.countCall(state, request.rateLimitedUntil);
    const settled = await this.settle(call, state, decision.allowed, work);
    const billable = settled.chargeMicroUsd > 0 && key.env === "live" && !settled.replayed && !request.head;
    await this.usage.record({
      teamId: team._id,
      apiKeyId: key._id,
      endpoint: call.endpoint,
      method: recordedMethod(call.method, request),
      status: settled.status,
      billable,
      costMicroUsd: billable ? settled.chargeMicroUsd : 0,
      agentCount: settled.agentCount,
      responseTimeMs: Math.max(0, now - request.receivedAt),
      requestId: request.requestId,
      test: key.env === "test",
      timestamp: now,
      plan: team.plan,
    });
    return {
      status: settled.status,
      ...(settled.body !== undefined ? { body: settled.body } : {}),
      ...(settled.problem ? { problem: settled.problem } : {}),
      headers: { ...rateLimitHeaders(decision), ...settled.headers, ...(settled.replayed ? { "Idempotent-Replayed": "true" } : {}) },
      ...(decision.retryAt !== null ? { rateLimitedUntil: decision.retryAt } : {}),
    };
  }

  /**
   * Counts the call on its key's counter: on a shard chosen at random, and when that one is full on one other
   * (lib/rateLimitShards.ts). Refused at once, reading no shard, when the app server knows the key is refused
   * until later.
   */
  private async countCall(state: KeyState, rateLimitedUntil: number | undefined): Promise<ShardedDecision> {
    const now = this.now;
    if (rateLimitedUntil !== undefined && now < rateLimitedUntil) return knownRefusal(state.limit, now, rateLimitedUntil);
    if (state.shards.length === 0) await this.readShard(state);
    for (;;) {
      const decision = decideOnShards(state.shards, now, state.limit);
      if (decision.counted !== null) {
        const shard = state.shards[decision.counted];
        shard.state = decision.state;
        shard.changed = true;
        return decision;
      }
      if (state.shards.length >= 2 || !(await this.readShard(state))) return decision;
    }
  }

  /** Reads one more shard of the key's counter, chosen at random among the unread; false when all were read. */
  private async readShard(state: KeyState): Promise<boolean> {
    const shard = anotherShard(state.limit, state.shards.map((s) => s.shard), Math.random);
    if (shard === null) return false;
    const row = await this.ctx.db
      .query("rateLimitShards")
      .withIndex("by_key_shard", (q) => q.eq("apiKeyId", state.key._id).eq("shard", shard))
      .unique();
    state.shards.push({ shard, id: row?._id ?? null, state: row && { windowStart: row.windowStart, current: row.current, previous: row.previous }, changed: false });
    return true;
  }

  /**
   * Records a call that failed on our side (its own transaction rolled back, so nothing of it was written): a 500,
   * never billed, not counted against the rate limit. Its team (for the error report), or null when the key does
   * not authenticate.
   */
  async recordServerError(call: { endpoint: string; method: ApiMethod; request: ApiRequest }): Promise<Id<"teams"> | null> {
    const state = await this.keyState(call.request.keyHash);
    if (!state) return null;
    await this.usage.record({
      teamId: state.team._id,
      apiKeyId: state.key._id,
      endpoint: call.endpoint,
      method: recordedMethod(call.method, call.request),
      status: 500,
      billable: false,
      costMicroUsd: 0,
      agentCount: 0,
      responseTimeMs: Math.max(0, this.now - call.request.receivedAt),
      requestId: call.request.requestId,
      test: state.key.env === "test",
      timestamp: this.now,
      plan: state.team.plan,
    });
    return state.team._id;
  }

  /** An agent by address, read once per transaction however many of its calls ask (hot agents are common). */
  agent(address: string): Promise<Doc<"agents"> | null> {
    let found = this.agents.get(address);
    if (!found) {
      found = agentByAddress(this.ctx, address);
      this.agents.set(address, found);
    }
    return found;
  }

  /** Writes the counter shards the session's calls counted on. */
  async finish(): Promise<void> {
    for (const state of this.keys.values()) {
      for (const shard of state?.shards ?? []) {
        if (!shard.changed || !shard.state) continue;
        if (shard.id) await this.ctx.db.patch(shard.id, shard.state);
        else await this.ctx.db.insert("rateLimitShards", { apiKeyId: state!.key._id, shard: shard.shard, ...shard.state });
      }
    }
  }

  private async keyState(keyHash: string): Promise<KeyState | null> {
    const known = this.keys.get(keyHash);
    if (known !== undefined) return known;
    const found = await usableKeyByHash(this.ctx, keyHash, this.now);
    const state: KeyState | null = found && {
      ...found,
      limit: keyRateLimit(effectiveLimits(found.team.plan, found.team.limitOverrides).rateLimitPerMinute, found.key.rateLimit),
      shards: [],
    };
    this.keys.set(keyHash, state);
    return state;
  }

  private async settle(
    call: { endpoint: string; method: ApiMethod; request: ApiRequest },
    { key, team, limit }: KeyState,
    allowed: boolean,
    work: (c: CallContext) => Promise<WorkResult>,
  ): Promise<Settled> {
    const now = this.now;
    if (!allowed) return refusal("RATE_LIMITED", `This key allows ${limit} requests per minute; retry after the Retry-After delay.`);
    const standing = teamStanding(team, now);
    if (standing === "disabled") return refusal("FORBIDDEN", "This team is disabled. Contact support.");
    if (standing === "payment_required") {
      return refusal("PAYMENT_REQUIRED", "This team's payment is past due. Update the payment method in the portal.");
    }

    const idempotent = call.request.idempotency;
    const record = idempotent ? await findIdempotencyRecord(this.ctx, team._id, idempotent.key) : null;
    if (idempotent) {
      const match = await matchIdempotency(record, idempotent, call.endpoint, now);
      if (match.kind === "conflict") {
        return refusal("IDEMPOTENCY_CONFLICT", "This Idempotency-Key was used with another request in the last 24 hours.");
      }
      if (match.kind === "replay") return { ...replayOf(match.answer), chargeMicroUsd: 0, agentCount: 0, replayed: true };
    }

    const result = await work({ ctx: this.ctx, team, key, now, requestId: call.request.requestId });
    const charge = key.env === "live" ? result.chargeMicroUsd : 0;
    if (charge > 0 && team.spendCapMicroUsd !== undefined) {
      const capped = spendCapReached(
        {
          plan: team.plan,
          usageMicroUsd: await this.usage.monthCostSoFar(team._id, now),
          contractBaseFeeMicroUsd: team.contractBaseFeeMicroUsd,
          spendCapMicroUsd: team.spendCapMicroUsd,
        },
        charge,
      );
      if (capped) {
        // The cap lifts with the next UTC month (SPEC §1): that is when a retry can succeed, unless the owner
        // raises the cap first.
        const retryAfter = Math.max(1, Math.ceil((utcMonthPeriod(now).end - now) / 1000));
        return { ...refusal("QUOTA_EXCEEDED", "This call would take the team past its monthly spend cap."), headers: { "Retry-After": String(retryAfter) } };
      }
    }
    // Only answers of the work are kept for replay; refusals above are for a retry to get past.
    if (idempotent) {
      await storeIdempotencyRecord(this.ctx, record, {
        teamId: team._id,
        apiKeyId: key._id,
        request: idempotent,
        method: call.method,
        endpoint: call.endpoint,
        answer: { status: result.status, body: result.body, problem: result.problem, requestId: call.request.requestId },
        confidential: result.confidential === true,
        now,
      });
    }
    return result;
  }
}

/** A stored answer as it is replayed: a problem keeps the original request's id, as a body keeps its own. */
function replayOf({ status, body, problem, requestId }: StoredAnswer): Pick<WorkResult, "status" | "body" | "problem"> {
  return {
    status,
    ...(body !== undefined ? { body } : {}),
    ...(problem ? { problem: requestId !== undefined ? { ...problem, requestId } : problem } : {}),
  };
}

/** Decides the calls in order in this transaction; one outcome per call. */
export async function runApiCalls<C>(
  ctx: MutationCtx,
  calls: readonly C[],
  decide: (session: ApiSession, call: C) => Promise<ApiOutcome>,
): Promise<ApiOutcome[]> {
  const session = new ApiSession(ctx);
  const outcomes: ApiOutcome[] = [];
  for (const call of calls) outcomes.push(await decide(session, call));
  await session.finish();
  return outcomes;
}

/** The refusal of a call the app server knows is refused until `until`: the key's limit, nothing left, retry then. */
function knownRefusal(limit: number, now: number, until: number): ShardedDecision {
  const retryAfterSeconds = Math.max(1, Math.ceil((until - now) / 1000));
  return {
    allowed: false,
    state: { windowStart: 0, current: 0, previous: 0 },
    limit,
    remaining: 0,
    resetAt: Math.ceil(now / 1000) + retryAfterSeconds,
    resetAfterSeconds: retryAfterSeconds,
    retryAfterSeconds,
    counted: null,
    retryAt: until,
  };
}
