/**
 * The app server's side of the product-analytics outbox (model/analytics.ts writes it). A drain claims a bounded
 * batch under a lease, sends it to PostHog with each row's uuid, then acknowledges it (the rows are deleted) or
 * releases it for a later retry. A drain that dies mid-batch leaves its rows leased; when the lease runs out they
 * are claimed again and sent again with the same uuids, which PostHog counts once. Rows still undelivered after
 * `ANALYTICS_RETENTION_MS` (PostHog unreachable for a week, or analytics switched off) are purged by a cron.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import schema from "./schema";
import { internalMutation } from "./_generated/server";
import { serverMutation } from "./lib/serverFunctions";

/** Rows one claim returns at most, whatever the backlog. */
export const MAX_CLAIM = 100;
const MIN_LEASE_MS = 1_000;
const MAX_LEASE_MS = 10 * 60_000;
export const ANALYTICS_RETENTION_MS = 7 * 24 * 60 * 60_000;
/** Rows deleted per purge transaction, and transactions per cron run. */
export const ANALYTICS_PURGE_PAGE = 500;
const PURGE_PAGES_PER_RUN = 20;

// The stored row's own validators (schema.ts), so the claim's answer cannot drift from the table.
const { uuid, event, distinctId, teamId, properties, at, attempts } = schema.tables.analyticsEvents.validator.fields;
const vClaimed = v.object({ id: v.id("analyticsEvents"), uuid, event, distinctId, teamId, properties, at, attempts });

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(Math.floor(value), min), max);

/**
 * Up to `limit` rows that nobody holds (unclaimed first, then expired leases; oldest first within each), leased
 * until now + `leaseMs`. The lease end doubles as the claim's token for `release`.
 */
export const claim = serverMutation({
  args: { limit: v.number(), leaseMs: v.number() },
  returns: v.object({ leaseUntil: v.number(), events: v.array(vClaimed) }),
  handler: async (ctx, { limit, leaseMs }) => {
    const now = Date.now();
    const leaseUntil = now + clamp(leaseMs, MIN_LEASE_MS, MAX_LEASE_MS);
    const rows = await ctx.db
      .query("analyticsEvents")
      .withIndex("by_lease_until", (q) => q.lt("leaseUntil", now))
      .take(clamp(limit, 1, MAX_CLAIM));
    for (const row of rows) await ctx.db.patch(row._id, { leaseUntil });
    return {
      leaseUntil,
      events: rows.map(({ _id, _creationTime, leaseUntil: _lease, ...row }) => ({ id: _id, ...row })),
    };
  },
});

/** PostHog took them: delete. A row already gone (acknowledged by a drain whose lease ran out first) is skipped. */
export const acknowledge = serverMutation({
  args: { ids: v.array(v.id("analyticsEvents")) },
  returns: v.object({ deleted: v.number() }),
  handler: async (ctx, { ids }) => {
    let deleted = 0;
    for (const id of ids.slice(0, MAX_CLAIM)) {
      if (await ctx.db.get(id)) {
        await ctx.db.delete(id);
        deleted++;
      }
    }
    return { deleted };
  },
});

/** The send failed: the rows this claim still holds become due again after `retryAfterMs`, one attempt more. */
export const release = serverMutation({
  args: { ids: v.array(v.id("analyticsEvents")), leaseUntil: v.number(), retryAfterMs: v.number() },
  returns: v.null(),
  handler: async (ctx, { ids, leaseUntil, retryAfterMs }) => {
    const due = Date.now() + clamp(retryAfterMs, 0, MAX_LEASE_MS);
    for (const id of ids.slice(0, MAX_CLAIM)) {
      const row = await ctx.db.get(id);
      // Another drain claimed it after this lease ran out: it is theirs now.
      if (row && row.leaseUntil === leaseUntil) await ctx.db.patch(id, { leaseUntil: due, attempts: row.attempts + 1 });
    }
    return null;
  },
});

/** Deletes rows older than the retention, oldest first, a page per transaction. */
export const purgeStale = internalMutation({
  args: { pagesLeft: v.optional(v.number()) },
  returns: v.object({ deleted: v.number(), continued: v.boolean() }),
  handler: async (ctx, { pagesLeft = PURGE_PAGES_PER_RUN }) => {
    const stale = await ctx.db
      .query("analyticsEvents")
      .withIndex("by_creation_time", (q) => q.lt("_creationTime", Date.now() - ANALYTICS_RETENTION_MS))
      .take(ANALYTICS_PURGE_PAGE);
    for (const row of stale) await ctx.db.delete(row._id);
    const continued = stale.length === ANALYTICS_PURGE_PAGE && pagesLeft > 1;
    if (continued) await ctx.scheduler.runAfter(0, internal.analyticsOutbox.purgeStale, { pagesLeft: pagesLeft - 1 });
    return { deleted: stale.length, continued };
  },
});
