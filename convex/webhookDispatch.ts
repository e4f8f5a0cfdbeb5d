/**
 * The webhook pipeline's transactions (all internal): fan-out of the outbox, claiming a delivery for one attempt,
 * recording the attempt's outcome, the minute cron that picks up due retries, and the 30-day cleanup.
 *
 * At-least-once: a delivery stays `pending` until the mutation recording a successful (or final) attempt commits.
 * Claiming only pushes `nextAttemptAt` one lease ahead, so an action that dies mid-attempt leaves a delivery the
 * retry cron picks up again once the lease has run out; that next claim logs the dead attempt and counts it.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
import { internalMutation, type MutationCtx } from "./_generated/server";
import { MAX_ATTEMPTS, nextAttemptAt } from "./lib/retrySchedule";
import { signingCiphertexts } from "./model/webhookEndpoints";
import { disableEndpoint } from "./model/webhookNotice";
import { createDelivery, matchingEndpointsPage } from "./model/webhookOutbox";
import { attemptSucceeded } from "./lib/webhookOutcome";

/** Events looked at per transaction; the dispatcher reschedules itself while more are pending. */
const DISPATCH_BATCH = 25;
/**
 * Deliveries made per transaction, each an insert and a scheduled attempt: far under Convex's 1,000 scheduled
 * functions a mutation. An event with more matching endpoints keeps its place (`fanoutCursor`) and goes on in the
 * next run.
 */
export const FANOUT_PAGE = 200;
/**
 * Longer than an attempt can take (its 10 s deadline covers the DNS lookup too), so a live attempt is never
 * doubled; short, so an attempt that died is retried by the next cron run or the one after.
 */
export const CLAIM_LEASE_MS = 30_000;
/** SPEC §4: at most 50 retries per cron run. */
export const RETRY_BATCH = 50;
export const FAILING_DISABLE_MS = 24 * 60 * 60 * 1000;
export const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const CLEANUP_BATCH = 200;
const DIED_ERROR = "The attempt did not finish: the process stopped before its outcome was recorded.";

/**
 * Fans pending outbox events out to their endpoints, oldest first, one delivery per endpoint, at most FANOUT_PAGE
 * deliveries a run; an event is marked dispatched once its last page is done.
 */
export const dispatchPending = internalMutation({
  args: {},
  returns: v.object({ events: v.number(), deliveries: v.number() }),
  handler: async (ctx) => {
    const events = await ctx.db
      .query("webhookEvents")
      .withIndex("by_status", (q) => q.eq("status", "pending"))
      .take(DISPATCH_BATCH);
    let dispatched = 0;
    let deliveries = 0;
    for (const event of events) {
      if (deliveries >= FANOUT_PAGE) break;
      const page = await matchingEndpointsPage(ctx, event, event.fanoutCursor, FANOUT_PAGE - deliveries);
      for (const endpoint of page.endpoints) await createDelivery(ctx, endpoint, event);
      deliveries += page.endpoints.length;
      if (page.next) {
        await ctx.db.patch(event._id, { fanoutCursor: page.next });
        break;
      }
      await ctx.db.patch(event._id, { status: "dispatched", dispatchedAt: Date.now(), fanoutCursor: undefined });
      dispatched++;
    }
    if (dispatched < events.length || events.length === DISPATCH_BATCH) await ctx.scheduler.runAfter(0, internal.webhookDispatch.dispatchPending, {});
    return { events: dispatched, deliveries };
  },
});

const vClaimed = v.object({
  url: v.string(),
  eventId: v.id("webhookEvents"),
  eventType: v.string(),
  /** Epoch ms the event was written: `createdAt` of the payload. */
  eventCreatedAt: v.number(),
  data: v.any(),
  secretCiphertexts: v.array(v.string()),
});

/**
 * Takes a due pending delivery for one attempt (null when it is not due, already taken, or finished). A delivery
 * whose endpoint was deleted or disabled fails here without an attempt; a test send goes to a disabled endpoint
 * all the same, so a receiver can be tried before its endpoint is enabled again.
 */
export const claim = internalMutation({
  args: { deliveryId: v.id("webhookDeliveries") },
  returns: v.union(vClaimed, v.null()),
  handler: async (ctx, { deliveryId }) => {
    const now = Date.now();
    const delivery = await ctx.db.get(deliveryId);
    if (!delivery || delivery.status !== "pending" || (delivery.nextAttemptAt ?? 0) > now) return null;
    const [endpoint, event] = await Promise.all([ctx.db.get(delivery.endpointId), ctx.db.get(delivery.eventId)]);
    if (!endpoint || !event || (endpoint.status !== "active" && event.type !== "webhook.test")) {
      await ctx.db.patch(deliveryId, {
        status: "failed",
        nextAttemptAt: undefined,
        lastError: endpoint ? "The endpoint is disabled." : "The endpoint was deleted.",
        updatedAt: now,
      });
      return null;
    }
    let attempts = delivery.attempts;
    if (delivery.claimedAt !== undefined) {
      // The previous claim's attempt died before recording its outcome: it is logged and counts as an attempt,
      // so a delivery that kills its process every time still ends after the schedule's attempts.
      attempts += 1;
      await ctx.db.insert("webhookAttempts", {
        deliveryId,
        endpointId: delivery.endpointId,
        teamId: delivery.teamId,
        at: delivery.claimedAt,
        durationMs: 0,
        error: DIED_ERROR,
      });
      await ctx.db.patch(deliveryId, { attempts, lastAttemptAt: delivery.claimedAt, lastError: DIED_ERROR, updatedAt: now });
      if (attempts >= MAX_ATTEMPTS) {
        await ctx.db.patch(deliveryId, { status: "failed", nextAttemptAt: undefined });
        return null;
      }
    }
    await ctx.db.patch(deliveryId, { nextAttemptAt: now + CLAIM_LEASE_MS, claimedAt: now, updatedAt: now });
    return {
      url: endpoint.url,
      eventId: event._id,
      eventType: event.type,
      eventCreatedAt: event._creationTime,
      data: event.data,
      secretCiphertexts: signingCiphertexts(endpoint, now),
    };
  },
});

/** Records one attempt and moves the delivery on: delivered, retried later, or failed. */
export const recordAttempt = internalMutation({
  args: {
    deliveryId: v.id("webhookDeliveries"),
    at: v.number(),
    durationMs: v.number(),
    status: v.optional(v.number()),
    responseExcerpt: v.optional(v.string()),
    error: v.optional(v.string()),
    retryAfter: v.optional(v.string()),
  },
  returns: v.null(),
  handler: async (ctx, { deliveryId, retryAfter, ...attempt }) => {
    const delivery = await ctx.db.get(deliveryId);
    if (!delivery) return null;
    await ctx.db.insert("webhookAttempts", { deliveryId, endpointId: delivery.endpointId, teamId: delivery.teamId, ...attempt });
    if (delivery.status !== "pending") return null;
    const now = Date.now();
    const attempts = delivery.attempts + 1;
    // The claim's outcome is recorded: the next claim is not taken for a dead attempt.
    await ctx.db.patch(deliveryId, { claimedAt: undefined });
    const endpoint = await ctx.db.get(delivery.endpointId);
    const status = attempt.status;
    if (attemptSucceeded(status)) {
      await ctx.db.patch(deliveryId, {
        status: "delivered",
        attempts,
        deliveredAt: now,
        lastAttemptAt: attempt.at,
        nextAttemptAt: undefined,
        lastError: undefined,
        updatedAt: now,
      });
      if (endpoint?.failingSince !== undefined) await ctx.db.patch(endpoint._id, { failingSince: undefined });
      return null;
    }
    const next = status === 410 ? null : nextAttemptAt({ attemptsMade: attempts, now, retryAfter });
    await ctx.db.patch(deliveryId, {
      status: next === null ? "failed" : "pending",
      attempts,
      lastAttemptAt: attempt.at,
      nextAttemptAt: next ?? undefined,
      lastError: attempt.error ?? `HTTP ${status}`,
      updatedAt: now,
    });
    if (endpoint) await noteFailure(ctx, endpoint, status, attempt.at);
    return null;
  },
});

/** 410 disables at once; otherwise a run of failures 24 h long does. */
async function noteFailure(ctx: MutationCtx, endpoint: Doc<"webhookEndpoints">, status: number | undefined, at: number): Promise<void> {
  if (endpoint.status !== "active") return;
  if (status === 410) return disableEndpoint(ctx, endpoint, "gone");
  const failingSince = endpoint.failingSince ?? at;
  if (Date.now() - failingSince >= FAILING_DISABLE_MS) return disableEndpoint(ctx, endpoint, "failing");
  if (endpoint.failingSince === undefined) await ctx.db.patch(endpoint._id, { failingSince });
}

/**
 * The minute cron: starts an attempt for at most 50 due deliveries (retries, and attempts whose action died),
 * and fans out any event still pending (its dispatcher died with the process).
 */
export const runDue = internalMutation({
  args: {},
  returns: v.object({ scheduled: v.number() }),
  handler: async (ctx) => {
    const now = Date.now();
    const due = await ctx.db
      .query("webhookDeliveries")
      .withIndex("by_status_next_attempt", (q) => q.eq("status", "pending").lte("nextAttemptAt", now))
      .take(RETRY_BATCH);
    for (const delivery of due) await ctx.scheduler.runAfter(0, internal.webhookDelivery.deliver, { deliveryId: delivery._id });
    const stranded = await ctx.db
      .query("webhookEvents")
      .withIndex("by_status", (q) => q.eq("status", "pending"))
      .first();
    if (stranded) await ctx.scheduler.runAfter(0, internal.webhookDispatch.dispatchPending, {});
    return { scheduled: due.length };
  },
});

/**
 * Deletes delivered and failed deliveries (with their attempts) last changed more than 30 days ago, then
 * dispatched events older than that which no delivery still refers to. Pages through; reschedules itself
 * while a full page was deleted.
 */
export const cleanup = internalMutation({
  args: {},
  returns: v.object({ deliveries: v.number(), events: v.number() }),
  handler: async (ctx) => {
    const cutoff = Date.now() - RETENTION_MS;
    let deliveries = 0;
    for (const status of ["delivered", "failed"] as const) {
      const old = await ctx.db
        .query("webhookDeliveries")
        .withIndex("by_status_updated", (q) => q.eq("status", status).lt("updatedAt", cutoff))
        .take(CLEANUP_BATCH - deliveries);
      for (const delivery of old) {
        const attempts = await ctx.db
          .query("webhookAttempts")
          .withIndex("by_delivery", (q) => q.eq("deliveryId", delivery._id))
          .collect();
        for (const attempt of attempts) await ctx.db.delete(attempt._id);
        await ctx.db.delete(delivery._id);
      }
      deliveries += old.length;
    }
    const oldEvents = await ctx.db
      .query("webhookEvents")
      .withIndex("by_status", (q) => q.eq("status", "dispatched").lt("_creationTime", cutoff))
      .take(CLEANUP_BATCH);
    let events = 0;
    for (const event of oldEvents) {
      const referenced = await ctx.db
        .query("webhookDeliveries")
        .withIndex("by_event", (q) => q.eq("eventId", event._id))
        .first();
      if (referenced) continue;
      await ctx.db.delete(event._id);
      events++;
    }
    if (deliveries === CLEANUP_BATCH || events === CLEANUP_BATCH) await ctx.scheduler.runAfter(0, internal.webhookDispatch.cleanup, {});
    return { deliveries, events };
  },
});
