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

/** The active endpoints an event goes to, each once. */
export async function matchingEndpoints(ctx: MutationCtx, event: Doc<"webhookEvents">): Promise<Doc<"webhookEndpoints">[]> {
  let candidates: Doc<"webhookEndpoints">[];
  if (event.teamId !== undefined) {
    const teamId = event.teamId;
    candidates = await ctx.db
      .query("webhookEndpoints")
      .withIndex("by_team", (q) => q.eq("teamId", teamId))
      .collect();
    candidates = candidates.filter((endpoint) => endpoint.events.includes(event.type));
  } else {
    // Endpoints filtering on this agent, and endpoints taking every agent: two index ranges.
    const addresses: (string | null)[] = event.agentAddress !== undefined ? [event.agentAddress, null] : [null];
    const endpointIds = new Set<Id<"webhookEndpoints">>();
    for (const agentAddress of addresses) {
      const rows = await ctx.db
        .query("webhookSubscriptions")
        .withIndex("by_event_agent", (q) => q.eq("eventType", event.type).eq("agentAddress", agentAddress))
        .collect();
      for (const row of rows) endpointIds.add(row.endpointId);
    }
    const loaded = await Promise.all([...endpointIds].map((id) => ctx.db.get(id)));
    candidates = loaded.filter((endpoint) => endpoint !== null);
  }
  return candidates.filter((endpoint) => endpoint.status === "active");
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
