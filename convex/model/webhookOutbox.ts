/**
 * The webhook outbox (SPEC §4): an event is a `webhookEvents` row written by the same mutation as the change
 * that causes it, so it exists exactly when the change committed. Fan-out turns it into one delivery per
 * matching endpoint; each new delivery's first attempt is scheduled in that same transaction.
 */
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import type { WebhookEventType } from "./webhookEndpoints";

export type NewWebhookEvent = {
  type: WebhookEventType;
  /** Team-scoped events (usage.threshold, webhook.test) name their team; score events go to every subscriber. */
  teamId?: Id<"teams">;
  agentAddress?: string;
  data: Record<string, unknown>;
};

/**
 * Transactions that already scheduled a fan-out: one ingestion mutation may write thousands of events, and one
 * dispatcher run (which pages through all pending events) is enough for all of them. Keyed by the handler's
 * context object, which lives exactly as long as its transaction.
 */
const dispatchScheduled = new WeakSet<object>();

/** Writes the event to the outbox and makes sure a fan-out runs right after this transaction commits. */
export async function enqueueWebhookEvent(ctx: MutationCtx, event: NewWebhookEvent): Promise<Id<"webhookEvents">> {
  const eventId = await ctx.db.insert("webhookEvents", { ...event, status: "pending" });
  if (!dispatchScheduled.has(ctx)) {
    dispatchScheduled.add(ctx);
    await ctx.scheduler.runAfter(0, internal.webhookDispatch.dispatchPending, {});
  }
  return eventId;
}

/** Where an event's fan-out stands: the source it is reading and the creation time of the last row it took there. */
export type FanoutCursor = { source: number; after: number };

/**
 * The next page of active endpoints an event goes to, at most `limit`, after `cursor`; `next` is null once every
 * source is read. Sources: the team's endpoints (team-scoped events), or the subscriptions filtering on the
 * event's agent and those taking every agent — each endpoint in one source only, so each is taken once. Every
 * read is an index range after the cursor: a page costs the same however many endpoints an event has.
 */
export async function matchingEndpointsPage(
  ctx: MutationCtx,
  event: Doc<"webhookEvents">,
  cursor: FanoutCursor | undefined,
  limit: number,
): Promise<{ endpoints: Doc<"webhookEndpoints">[]; next: FanoutCursor | null }> {
  const teamId = event.teamId;
  const sources = teamId !== undefined ? [null] : event.agentAddress !== undefined ? [event.agentAddress, null] : [null];
  const endpoints: Doc<"webhookEndpoints">[] = [];
  let { source, after } = cursor ?? { source: 0, after: -1 };
  while (source < sources.length) {
    const want = limit - endpoints.length;
    let rows: { id: Id<"webhookEndpoints">; at: number }[];
    if (teamId !== undefined) {
      const page = await ctx.db
        .query("webhookEndpoints")
        .withIndex("by_team", (q) => q.eq("teamId", teamId).gt("_creationTime", after))
        .take(want);
      rows = page.map((endpoint) => ({ id: endpoint._id, at: endpoint._creationTime }));
    } else {
      const agentAddress = sources[source];
      const page = await ctx.db
        .query("webhookSubscriptions")
        .withIndex("by_event_agent", (q) => q.eq("eventType", event.type).eq("agentAddress", agentAddress).gt("_creationTime", after))
        .take(want);
      rows = page.map((row) => ({ id: row.endpointId, at: row._creationTime }));
    }
    for (const row of rows) {
      const endpoint = await ctx.db.get(row.id);
      if (endpoint && endpoint.status === "active" && endpoint.events.includes(event.type)) endpoints.push(endpoint);
    }
    if (rows.length === want) return { endpoints, next: { source, after: rows[rows.length - 1].at } };
    source += 1;
    after = -1;
  }
  return { endpoints, next: null };
}

/** A pending delivery due now, with its first attempt scheduled to start as soon as this transaction commits. */
export async function createDelivery(
  ctx: MutationCtx,
  endpoint: Doc<"webhookEndpoints">,
  event: Pick<Doc<"webhookEvents">, "_id" | "type">,
): Promise<Id<"webhookDeliveries">> {
  const now = Date.now();
  const deliveryId = await ctx.db.insert("webhookDeliveries", {
    teamId: endpoint.teamId,
    endpointId: endpoint._id,
    eventId: event._id,
    eventType: event.type,
    status: "pending",
    attempts: 0,
    nextAttemptAt: now,
    updatedAt: now,
  });
  await ctx.scheduler.runAfter(0, internal.webhookDelivery.deliver, { deliveryId });
  return deliveryId;
}
