/** Issuing API keys: shared by apiKeys.create and the demo seed so both obey the same plan limits. */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { generateApiKey, hashApiKey, keyDisplayParts, type KeyEnv } from "../lib/apiKeyFormat";
import { appError } from "../lib/errors";
import { keyUsableAt } from "../lib/keyLifecycle";
import { recordAnalyticsEvent } from "./analytics";
import { effectiveLimits } from "../lib/plans";
import { writeAudit, type Actor } from "./audit";

/** The most keys a listing returns (the keys page, the usage filter): every key a team uses, and its recent history. */
export const MAX_LISTED_KEYS = 200;

/**
 * Keys that count toward the plan's limit: not revoked, not rotated away, not expired. Two ranges of
 * `by_team_revoked_grace_expires` (no expiry; an expiry after `now`), so the read is as long as the team's active
 * keys — at most the largest key limit it ever had — however many keys its history rotated, revoked or let expire.
 */
export async function activeKeys(ctx: QueryCtx, teamId: Id<"teams">, now: number): Promise<Doc<"apiKeys">[]> {
  const current = (expiring: boolean) =>
    ctx.db
      .query("apiKeys")
      .withIndex("by_team_revoked_grace_expires", (q) => {
        const live = q.eq("teamId", teamId).eq("revokedAt", undefined).eq("graceUntil", undefined);
        return expiring ? live.gt("expiresAt", now) : live.eq("expiresAt", undefined);
      })
      .collect();
  const [forever, expiring] = await Promise.all([current(false), current(true)]);
  return [...forever, ...expiring].sort((a, b) => a._creationTime - b._creationTime);
}

/** The key a request presents (by its hash) and its team, or null when it does not authenticate now. */
export async function usableKeyByHash(ctx: QueryCtx, keyHash: string, now: number): Promise<{ key: Doc<"apiKeys">; team: Doc<"teams"> } | null> {
  const key = await ctx.db
    .query("apiKeys")
    .withIndex("by_hash", (q) => q.eq("hash", keyHash))
    .unique();
  const team = key && keyUsableAt(key, now) ? await ctx.db.get(key.teamId) : null;
  return key && team ? { key, team } : null;
}

export type NewApiKey = {
  team: Doc<"teams">;
  env: KeyEnv;
  name?: string;
  rateLimit?: number;
  expiresAt?: number;
  createdByUserId?: Id<"users">;
  actor: Actor;
};

export type KeySettings = { name?: string; expiresAt?: number | null; rateLimit?: number | null };
type KeyPatch = { name?: string; expiresAt?: number; rateLimit?: number; graceUntil?: number };

/**
 * Checks a key's settings against the team's plan and returns them as a patch: null (remove) becomes undefined,
 * which is how a Convex patch deletes a field. A key's limit never exceeds the plan's (SPEC §1).
 */
export function validateKeySettings(team: Doc<"teams">, settings: KeySettings, now: number): KeyPatch {
  const patch: KeyPatch = {};
  if (settings.name !== undefined) {
    const name = settings.name.trim();
    if (name.length === 0 || name.length > 100) throw appError("VALIDATION_ERROR", "Key name must be 1 to 100 characters.");
    patch.name = name;
  }
  if (settings.rateLimit !== undefined && settings.rateLimit !== null) {
    const planLimit = effectiveLimits(team.plan, team.limitOverrides).rateLimitPerMinute;
    if (!Number.isInteger(settings.rateLimit) || settings.rateLimit < 1) {
      throw appError("VALIDATION_ERROR", "The rate limit must be a positive integer.");
    }
    if (settings.rateLimit > planLimit) {
      throw appError("VALIDATION_ERROR", `A key's rate limit cannot exceed the plan's ${planLimit} per minute.`);
    }
  }
  if (settings.rateLimit !== undefined) patch.rateLimit = settings.rateLimit ?? undefined;
  if (settings.expiresAt !== undefined && settings.expiresAt !== null) {
    if (!Number.isFinite(settings.expiresAt) || settings.expiresAt <= now) {
      throw appError("VALIDATION_ERROR", "The expiry must be a time in the future.");
    }
  }
  if (settings.expiresAt !== undefined) patch.expiresAt = settings.expiresAt ?? undefined;
  return patch;
}

/** Creates a key and returns it in full: the only time it exists outside the caller's hands. */
export async function issueApiKey(ctx: MutationCtx, input: NewApiKey): Promise<{ keyId: Id<"apiKeys">; key: string }> {
  const now = Date.now();
  const limits = effectiveLimits(input.team.plan, input.team.limitOverrides);
  const settings = validateKeySettings(
    input.team,
    { name: input.name ?? `${input.env === "live" ? "Live" : "Test"} key`, rateLimit: input.rateLimit, expiresAt: input.expiresAt },
    now,
  );
  const name = settings.name!;
  if ((await activeKeys(ctx, input.team._id, now)).length >= limits.maxApiKeys) {
    throw appError("LIMIT_EXCEEDED", `The ${input.team.plan} plan allows ${limits.maxApiKeys} active API keys.`);
  }

  const key = generateApiKey(input.env);
  const { prefix, last4 } = keyDisplayParts(key);
  const keyId = await ctx.db.insert("apiKeys", {
    teamId: input.team._id,
    hash: await hashApiKey(key),
    prefix,
    last4,
    env: input.env,
    name,
    createdAt: now,
    ...(input.createdByUserId !== undefined ? { createdByUserId: input.createdByUserId } : {}),
    ...(input.rateLimit !== undefined ? { rateLimit: input.rateLimit } : {}),
    ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt } : {}),
  });
  await writeAudit(ctx, {
    teamId: input.team._id,
    actor: input.actor,
    action: "key.create",
    targetType: "apiKey",
    targetId: keyId,
    details: { name, env: input.env, prefix, last4, rateLimit: input.rateLimit ?? null, expiresAt: input.expiresAt ?? null },
  });
  await recordAnalyticsEvent(ctx, { event: "api_key_created", actor: input.actor, teamId: input.team._id, properties: { env: input.env, via: input.actor.kind } });
  return { keyId, key };
}
