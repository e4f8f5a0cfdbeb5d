/**
 * `Idempotency-Key` on POST endpoints (SPEC §2): the answer of a call is kept for 24 hours under the team and
 * the key; the same key with the same endpoint and body replays it, anything else under that key is a conflict.
 * An expired record counts as absent and is overwritten by the next call that uses its key.
 *
 * An answer holding a secret (a webhook endpoint's creation or a secret rotation) is kept like any other, so a
 * client that lost the answer gets the secret on its retry, as Stripe and Svix do; but it is stored encrypted under
 * WEBHOOK_ENCRYPTION_KEY, like the endpoint's own secret (SPEC §9), and the hourly purge deletes it after 24 h.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import type { ApiOutcome } from "../lib/apiOutcome";
import { configuredEncryptionKey, decryptSecret, encryptSecret } from "../lib/secretBox";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;

export type IdempotencyRequest = { key: string; requestHash: string };

/** `requestId`: the original request's, which a replayed problem carries as a replayed body does. */
export type StoredAnswer = Pick<ApiOutcome, "status" | "body" | "problem"> & { requestId?: string };

export async function findIdempotencyRecord(
  ctx: QueryCtx,
  teamId: Id<"teams">,
  key: string,
): Promise<Doc<"idempotencyRecords"> | null> {
  return ctx.db
    .query("idempotencyRecords")
    .withIndex("by_team_key", (q) => q.eq("teamId", teamId).eq("key", key))
    .unique();
}

/** Replay the record, refuse a conflicting reuse, or go ahead (no live record for this key). */
export async function matchIdempotency(
  record: Doc<"idempotencyRecords"> | null,
  request: IdempotencyRequest,
  endpoint: string,
  now: number,
): Promise<{ kind: "replay"; answer: StoredAnswer } | { kind: "conflict" } | { kind: "new" }> {
  if (!record || record.expiresAt <= now) return { kind: "new" };
  if (record.endpoint !== endpoint || record.requestHash !== request.requestHash) return { kind: "conflict" };
  const text = record.sealed ? await decryptSecret(record.responseBody, configuredEncryptionKey()) : record.responseBody;
  return { kind: "replay", answer: JSON.parse(text) as StoredAnswer };
}

export async function storeIdempotencyRecord(
  ctx: MutationCtx,
  existing: Doc<"idempotencyRecords"> | null,
  fields: {
    teamId: Id<"teams">;
    apiKeyId: Id<"apiKeys">;
    request: IdempotencyRequest;
    method: string;
    endpoint: string;
    answer: StoredAnswer;
    /** The answer holds a secret: stored encrypted. */
    confidential: boolean;
    now: number;
  },
): Promise<void> {
  const text = JSON.stringify(fields.answer);
  const record = {
    teamId: fields.teamId,
    apiKeyId: fields.apiKeyId,
    key: fields.request.key,
    method: fields.method,
    endpoint: fields.endpoint,
    requestHash: fields.request.requestHash,
    responseStatus: fields.answer.status,
    responseBody: fields.confidential ? await encryptSecret(text, configuredEncryptionKey()) : text,
    ...(fields.confidential ? { sealed: true } : {}),
    createdAt: fields.now,
    expiresAt: fields.now + IDEMPOTENCY_TTL_MS,
  };
  if (existing) await ctx.db.replace(existing._id, record);
  else await ctx.db.insert("idempotencyRecords", record);
}
