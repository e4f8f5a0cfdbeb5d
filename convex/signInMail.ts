/**
 * Sign-in mail rate limits (SPEC §9: no one can mail-bomb an address): per address and per client address, in
 * the transactional style of the API's per-key limit (lib/rateLimit.ts's sliding window counter, checked and
 * counted in one mutation). A request is let through only when both counters have room, and only then are they
 * written: a refused request writes nothing and sends nothing.
 *
 * Limits, over 15 minutes (portal.md): 5 mails to one address (a person who lost a couple of mails can still ask
 * again; a bomber gets 20 a hour at most), 30 from one client address (an office behind one NAT signing in at the
 * start of a day; a script that walks through addresses stops at 30).
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation, type MutationCtx } from "./_generated/server";
import { isSha256Hex } from "./lib/hashing";
import { checkAndCount, type RateLimitDecision } from "./lib/rateLimit";
import { appError } from "./lib/errors";
import { serverMutation } from "./lib/serverFunctions";

export const SIGN_IN_MAIL_WINDOW_MS = 15 * 60 * 1000;
export const SIGN_IN_MAILS_PER_ADDRESS = 5;
export const SIGN_IN_MAILS_PER_CLIENT = 30;
/** Counter rows deleted per transaction, and transactions per cron run. */
export const LIMIT_PURGE_PAGE = 500;
const PURGE_PAGES_PER_RUN = 20;

async function decide(ctx: MutationCtx, key: string, limit: number, now: number) {
  const row = await ctx.db
    .query("signInMailLimits")
    .withIndex("by_key", (q) => q.eq("key", key))
    .unique();
  const state = row ? { windowStart: row.windowStart, current: row.current, previous: row.previous } : null;
  return { key, row, decision: checkAndCount(state, now, limit, SIGN_IN_MAIL_WINDOW_MS) };
}

async function count(ctx: MutationCtx, { key, row, decision }: Awaited<ReturnType<typeof decide>>): Promise<void> {
  if (row) await ctx.db.patch(row._id, decision.state);
  else await ctx.db.insert("signInMailLimits", { key, ...decision.state });
}

const refusal = (scope: "address" | "client", decision: RateLimitDecision) => ({ allowed: false as const, scope, retryAfterSeconds: decision.retryAfterSeconds });

/**
 * Counts one sign-in mail to `addressHash` from `clientHash` if both have room. The app server hashes both
 * (SHA-256 hex); `clientHash` is absent when the server cannot know the client (Next without the custom server).
 */
export const allow = serverMutation({
  args: { addressHash: v.string(), clientHash: v.optional(v.string()) },
  returns: v.union(
    v.object({ allowed: v.literal(true) }),
    v.object({ allowed: v.literal(false), scope: v.union(v.literal("address"), v.literal("client")), retryAfterSeconds: v.number() }),
  ),
  handler: async (ctx, { addressHash, clientHash }) => {
    if (!isSha256Hex(addressHash) || (clientHash !== undefined && !isSha256Hex(clientHash))) {
      throw appError("VALIDATION_ERROR", "addressHash and clientHash must be SHA-256 hex digests.");
    }
    const now = Date.now();
    const address = await decide(ctx, addressHash, SIGN_IN_MAILS_PER_ADDRESS, now);
    if (!address.decision.allowed) return refusal("address", address.decision);
    const client = clientHash === undefined ? null : await decide(ctx, clientHash, SIGN_IN_MAILS_PER_CLIENT, now);
    if (client && !client.decision.allowed) return refusal("client", client.decision);
    await count(ctx, address);
    if (client) await count(ctx, client);
    return { allowed: true as const };
  },
});

/** Deletes counters that have decayed to nothing (their window and the one after it are over), a page at a time. */
export const purgeStale = internalMutation({
  args: { pagesLeft: v.optional(v.number()) },
  returns: v.object({ deleted: v.number(), continued: v.boolean() }),
  handler: async (ctx, { pagesLeft = PURGE_PAGES_PER_RUN }) => {
    const stale = await ctx.db
      .query("signInMailLimits")
      .withIndex("by_window_start", (q) => q.lt("windowStart", Date.now() - 2 * SIGN_IN_MAIL_WINDOW_MS))
      .take(LIMIT_PURGE_PAGE);
    for (const row of stale) await ctx.db.delete(row._id);
    const continued = stale.length === LIMIT_PURGE_PAGE && pagesLeft > 1;
    if (continued) await ctx.scheduler.runAfter(0, internal.signInMail.purgeStale, { pagesLeft: pagesLeft - 1 });
    return { deleted: stale.length, continued };
  },
});
