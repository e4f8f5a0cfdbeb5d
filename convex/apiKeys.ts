/** API keys (SPEC §6). The key is returned once; only its SHA-256 is stored. */
import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import type { QueryCtx } from "./_generated/server";
import { formatKeyDisplay } from "./lib/apiKeyFormat";
import { appError } from "./lib/errors";
import { keyUsableAt, rotationGraceUntil } from "./lib/keyLifecycle";
import { serverMutation, serverQuery } from "./lib/serverFunctions";
import { vKeyEnv, vRotationGracePeriod } from "./lib/validators";
import { activeKeys, issueApiKey, MAX_LISTED_KEYS, validateKeySettings } from "./model/apiKeys";
import type { Actor } from "./model/audit";
import { writeAudit } from "./model/audit";
import { requirePermission } from "./model/teams";

/**
 * Creates a key for the team. With `createdByUserId` (the portal) the user must hold `keys.manage` in the
 * team; without it the caller is an operator (CLI). Plan limits apply either way.
 */
export const create = serverMutation({
  args: {
    teamId: v.id("teams"),
    env: v.optional(vKeyEnv),
    name: v.optional(v.string()),
    rateLimit: v.optional(v.number()),
    /** Epoch ms after which the key is refused. */
    expiresAt: v.optional(v.number()),
    createdByUserId: v.optional(v.id("users")),
  },
  returns: v.object({ keyId: v.id("apiKeys"), key: v.string() }),
  handler: async (ctx, args) => {
    const team = args.createdByUserId
      ? (await requirePermission(ctx, args.teamId, args.createdByUserId, "keys.manage")).team
      : await ctx.db.get(args.teamId);
    if (!team) throw appError("NOT_FOUND", "Team not found.");
    return issueApiKey(ctx, {
      team,
      env: args.env ?? "live",
      name: args.name,
      rateLimit: args.rateLimit,
      expiresAt: args.expiresAt,
      createdByUserId: args.createdByUserId,
      actor: args.createdByUserId ? { kind: "user", userId: args.createdByUserId } : { kind: "operator" },
    });
  },
});

/** A key as the portal and CLI show it: never the hash, never the key. */
const vKeyView = v.object({
  keyId: v.id("apiKeys"),
  name: v.string(),
  env: vKeyEnv,
  display: v.string(),
  createdByUserId: v.optional(v.id("users")),
  createdAt: v.number(),
  lastUsedAt: v.optional(v.number()),
  expiresAt: v.optional(v.number()),
  rateLimit: v.optional(v.number()),
  revokedAt: v.optional(v.number()),
  graceUntil: v.optional(v.number()),
  replacedByKeyId: v.optional(v.id("apiKeys")),
  /** Whether the key authenticates right now. */
  usable: v.boolean(),
});

/**
 * The team's keys, newest first, in display form only. With `actingUserId` (the portal) the user's role must
 * manage keys (SPEC §5: billing viewers see plan, usage, costs and invoices, nothing else); without it the caller
 * is an operator.
 */
export const list = serverQuery({
  args: { teamId: v.id("teams"), actingUserId: v.optional(v.id("users")) },
  returns: v.array(vKeyView),
  handler: async (ctx, { teamId, actingUserId }) => {
    if (actingUserId) await requirePermission(ctx, teamId, actingUserId, "keys.manage");
    else if (!(await ctx.db.get(teamId))) throw appError("NOT_FOUND", "Team not found.");
    const now = Date.now();
    // Bounded whatever the team's history: the keys in use (however old), then the newest of the others that still
    // authenticate or did (rotated away, expired), then the most recently revoked.
    const listed = new Map((await activeKeys(ctx, teamId, now)).map((key) => [key._id, key]));
    const unrevoked = await ctx.db
      .query("apiKeys")
      .withIndex("by_team_revoked", (q) => q.eq("teamId", teamId).eq("revokedAt", undefined))
      .order("desc")
      .take(MAX_LISTED_KEYS);
    for (const key of unrevoked) if (listed.size < MAX_LISTED_KEYS) listed.set(key._id, key);
    const revoked = await ctx.db
      .query("apiKeys")
      .withIndex("by_team_revoked", (q) => q.eq("teamId", teamId).gt("revokedAt", 0))
      .order("desc")
      .take(MAX_LISTED_KEYS - listed.size);
    const keys = [...listed.values(), ...revoked].sort((a, b) => b._creationTime - a._creationTime);
    return Promise.all(keys.map((key) => keyView(ctx, key, now)));
  },
});

/**
 * One of the team's keys by the id a page URL carries, however old (the list shows a bounded window of them). An
 * id that is no key of this team, or no id at all, is as unknown as a missing key.
 */
export const get = serverQuery({
  args: { teamId: v.id("teams"), actingUserId: v.id("users"), keyId: v.string() },
  returns: vKeyView,
  handler: async (ctx, { teamId, actingUserId, keyId }) => {
    await requirePermission(ctx, teamId, actingUserId, "keys.manage");
    const id = ctx.db.normalizeId("apiKeys", keyId);
    const key = id === null ? null : await ctx.db.get(id);
    if (!key || key.teamId !== teamId) throw appError("NOT_FOUND", "API key not found.");
    return keyView(ctx, key, Date.now());
  },
});

async function keyView(ctx: QueryCtx, key: Doc<"apiKeys">, now: number) {
  return {
    keyId: key._id,
    name: key.name,
    env: key.env,
    display: formatKeyDisplay(key),
    ...pick(key, ["createdByUserId", "expiresAt", "rateLimit", "revokedAt", "graceUntil", "replacedByKeyId"]),
    ...(await lastUse(ctx, key._id)),
    createdAt: key.createdAt,
    usable: keyUsableAt(key, now),
  };
}

/** Revokes a key: the next call made with it is refused (it is read in every call's own transaction). */
export const revoke = serverMutation({
  args: { keyId: v.id("apiKeys"), actingUserId: v.optional(v.id("users")), teamId: v.optional(v.id("teams")) },
  returns: v.object({ keyId: v.id("apiKeys"), revokedAt: v.number() }),
  handler: async (ctx, { keyId, actingUserId, teamId }) => {
    const key = await manageableKey(ctx, keyId, actingUserId, teamId);
    if (key.revokedAt !== undefined) return { keyId, revokedAt: key.revokedAt };
    const now = Date.now();
    await ctx.db.patch(keyId, { revokedAt: now });
    await writeAudit(ctx, {
      teamId: key.teamId,
      actor: actorOf(actingUserId),
      action: "key.revoke",
      targetType: "apiKey",
      targetId: keyId,
      details: { name: key.name, display: formatKeyDisplay(key) },
    });
    return { keyId, revokedAt: now };
  },
});

/**
 * Rotates a key: a new key with the same name, environment, limit and expiry, returned once; the old key keeps
 * working for the grace period (0, 15 min, 1 h or 24 h), never past its own expiry.
 */
export const rotate = serverMutation({
  args: {
    keyId: v.id("apiKeys"),
    gracePeriod: vRotationGracePeriod,
    actingUserId: v.optional(v.id("users")),
    teamId: v.optional(v.id("teams")),
  },
  returns: v.object({ keyId: v.id("apiKeys"), key: v.string(), oldKeyId: v.id("apiKeys"), graceUntil: v.number() }),
  handler: async (ctx, { keyId, gracePeriod, actingUserId, teamId }) => {
    const old = await manageableKey(ctx, keyId, actingUserId, teamId);
    const now = Date.now();
    if (!keyUsableAt(old, now) || old.graceUntil !== undefined) {
      throw appError("CONFLICT", "Only a key in use can be rotated; this one is revoked, expired or already rotated.");
    }
    const team = (await ctx.db.get(old.teamId))!;
    const graceUntil = rotationGraceUntil(gracePeriod, now, old.expiresAt);
    // The old key stops counting toward the plan's key limit first, so rotating works on a team at its limit.
    await ctx.db.patch(keyId, { graceUntil });
    const fresh = await issueApiKey(ctx, {
      team,
      env: old.env,
      name: old.name,
      rateLimit: old.rateLimit,
      expiresAt: old.expiresAt,
      createdByUserId: actingUserId,
      actor: actorOf(actingUserId),
    });
    await ctx.db.patch(keyId, { replacedByKeyId: fresh.keyId });
    await writeAudit(ctx, {
      teamId: old.teamId,
      actor: actorOf(actingUserId),
      action: "key.rotate",
      targetType: "apiKey",
      targetId: keyId,
      details: { newKeyId: fresh.keyId, gracePeriod, graceUntil },
    });
    return { keyId: fresh.keyId, key: fresh.key, oldKeyId: keyId, graceUntil };
  },
});

/**
 * Changes a key's name, expiry or own rate limit (null removes the expiry or the limit). The limit may only be
 * at or below the plan's; an expiry may not lie in the past. The CLI and the portal's key page both come here.
 */
export const update = serverMutation({
  args: {
    keyId: v.id("apiKeys"),
    actingUserId: v.optional(v.id("users")),
    teamId: v.optional(v.id("teams")),
    name: v.optional(v.string()),
    expiresAt: v.optional(v.union(v.number(), v.null())),
    rateLimit: v.optional(v.union(v.number(), v.null())),
  },
  returns: v.null(),
  handler: async (ctx, { keyId, actingUserId, teamId, name, expiresAt, rateLimit }) => {
    const key = await manageableKey(ctx, keyId, actingUserId, teamId);
    const team = (await ctx.db.get(key.teamId))!;
    const now = Date.now();
    const changes = validateKeySettings(team, { name, expiresAt, rateLimit }, now);
    // A rotated key's grace period never outlives a new, earlier expiry.
    if (typeof changes.expiresAt === "number" && key.graceUntil !== undefined && key.graceUntil > changes.expiresAt) {
      changes.graceUntil = changes.expiresAt;
    }
    await ctx.db.patch(keyId, changes);
    await writeAudit(ctx, {
      teamId: key.teamId,
      actor: actorOf(actingUserId),
      action: "key.update",
      targetType: "apiKey",
      targetId: keyId,
      details: {
        ...(name !== undefined ? { name: changes.name as string } : {}),
        ...(expiresAt !== undefined ? { expiresAt } : {}),
        ...(rateLimit !== undefined ? { rateLimit } : {}),
      },
    });
    return null;
  },
});

function actorOf(actingUserId: Id<"users"> | undefined): Actor {
  return actingUserId ? { kind: "user", userId: actingUserId } : { kind: "operator" };
}

/**
 * The key, after checking the acting user may manage its team's keys (operators may always). With `teamId` (the
 * portal, acting in one team) a key of any other team is NOT_FOUND, even one the user could manage there.
 */
async function manageableKey(
  ctx: QueryCtx,
  keyId: Id<"apiKeys">,
  actingUserId: Id<"users"> | undefined,
  teamId?: Id<"teams">,
): Promise<Doc<"apiKeys">> {
  const key = await ctx.db.get(keyId);
  if (!key || (teamId !== undefined && key.teamId !== teamId)) throw appError("NOT_FOUND", "API key not found.");
  if (actingUserId) await requirePermission(ctx, key.teamId, actingUserId, "keys.manage");
  return key;
}

/** When the key was last used, as the usage roll-up noted it (to the minute). */
async function lastUse(ctx: QueryCtx, apiKeyId: Id<"apiKeys">): Promise<{ lastUsedAt?: number }> {
  const activity = await ctx.db
    .query("apiKeyActivity")
    .withIndex("by_key", (q) => q.eq("apiKeyId", apiKeyId))
    .unique();
  return activity ? { lastUsedAt: activity.lastUsedAt } : {};
}

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]])) as Partial<Pick<T, K>>;
}
