import { z } from "zod";
import { api } from "../../../../convex/_generated/api";
import type { FunctionReturnType } from "convex/server";
import type { Doc, Id } from "../../../../convex/_generated/dataModel";
import { KEY_ENVS } from "../../../../convex/lib/apiKeyFormat";
import { ROTATION_GRACE_PERIODS } from "../../../../convex/lib/keyLifecycle";
import { effectiveLimits } from "../../../../convex/lib/plans";
import type { Backend } from "../../backend/types";
import { createTRPCRouter, teamProcedure } from "../init";
import { watch } from "../live";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Expiries the create form offers; none by default. */
export const KEY_EXPIRY_DAYS = [30, 90, 365] as const;

const keyId = z.object({ keyId: z.string().min(1) });

/**
 * The key as one of the team's keys, however old. The id comes from the browser and the key functions take typed
 * ids, so a string that is no key of this team (or no id at all) is answered NOT_FOUND by apiKeys.get rather than
 * failing their argument validation; the functions check the team again themselves.
 */
function teamKey(ctx: { backend: Backend; team: { _id: Id<"teams"> }; userId: Id<"users"> }, raw: string) {
  return ctx.backend.query(api.apiKeys.get, { teamId: ctx.team._id, actingUserId: ctx.userId, keyId: raw });
}

/** The keys page's answer: the keys in display form, plus the plan's key limit for the page to show. */
function keysView(team: Doc<"teams">, keys: FunctionReturnType<typeof api.apiKeys.list>) {
  const { maxApiKeys } = effectiveLimits(team.plan, team.limitOverrides);
  const now = Date.now();
  // The same keys the plan limit counts: usable, not rotated away.
  const active = keys.filter((key) => key.usable && key.graceUntil === undefined && (key.expiresAt ?? Infinity) > now).length;
  return { keys, plan: team.plan, limits: { maxApiKeys, active } };
}

export const apiKeysRouter = createTRPCRouter({
  list: teamProcedure("keys.manage").query(async ({ ctx }) =>
    keysView(ctx.team, await ctx.backend.query(api.apiKeys.list, { teamId: ctx.team._id, actingUserId: ctx.userId })),
  ),

  /** `list`, kept current (a key used, revoked or rotated elsewhere): live.ts. */
  live: teamProcedure("keys.manage").subscription(({ ctx, signal }) =>
    watch({ ...ctx, permission: "keys.manage" }, api.apiKeys.list, { teamId: ctx.team._id, actingUserId: ctx.userId }, signal, (keys) => keysView(ctx.team, keys)),
  ),

  /** The key is in the answer once and never again. */
  create: teamProcedure("keys.manage")
    .input(
      z.object({
        name: z.string().trim().min(1, "Give the key a name.").max(100, "At most 100 characters."),
        env: z.enum(KEY_ENVS),
        expiresInDays: z.literal(KEY_EXPIRY_DAYS).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.backend.mutation(api.apiKeys.create, {
        teamId: ctx.team._id,
        createdByUserId: ctx.userId,
        name: input.name,
        env: input.env,
        ...(input.expiresInDays ? { expiresAt: Date.now() + input.expiresInDays * DAY_MS } : {}),
      }),
    ),

  rotate: teamProcedure("keys.manage")
    .input(keyId.extend({ gracePeriod: z.enum(ROTATION_GRACE_PERIODS) }))
    .mutation(async ({ ctx, input }) =>
      ctx.backend.mutation(api.apiKeys.rotate, {
        teamId: ctx.team._id,
        actingUserId: ctx.userId,
        keyId: (await teamKey(ctx, input.keyId)).keyId,
        gracePeriod: input.gracePeriod,
      }),
    ),

  /** One key for its page, with the plan's per-minute limit its own limit may not exceed. */
  get: teamProcedure("keys.manage")
    .input(keyId)
    .query(async ({ ctx, input }) => ({
      key: await teamKey(ctx, input.keyId),
      plan: ctx.team.plan,
      planRateLimit: effectiveLimits(ctx.team.plan, ctx.team.limitOverrides).rateLimitPerMinute,
    })),

  /**
   * Renames a key or sets its own per-minute limit (null returns it to the plan's), through apiKeys.update, which
   * checks the limit as the CLI's `key create --rate-limit` is checked (validateKeySettings: never above the plan's).
   */
  update: teamProcedure("keys.manage")
    .input(
      keyId.extend({
        name: z.string().trim().min(1, "Give the key a name.").max(100, "At most 100 characters.").optional(),
        rateLimit: z
          .number({ error: "The rate limit must be a whole number." })
          .int("The rate limit must be a whole number.")
          .min(1, "The rate limit must be at least 1 per minute.")
          .nullable()
          .optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await ctx.backend.mutation(api.apiKeys.update, {
        teamId: ctx.team._id,
        actingUserId: ctx.userId,
        keyId: (await teamKey(ctx, input.keyId)).keyId,
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.rateLimit !== undefined ? { rateLimit: input.rateLimit } : {}),
      });
      return null;
    }),

  revoke: teamProcedure("keys.manage")
    .input(keyId)
    .mutation(async ({ ctx, input }) =>
      ctx.backend.mutation(api.apiKeys.revoke, {
        teamId: ctx.team._id,
        actingUserId: ctx.userId,
        keyId: (await teamKey(ctx, input.keyId)).keyId,
      }),
    ),
});
