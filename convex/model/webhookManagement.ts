/**
 * What a team can do with its webhook endpoints (SPEC §4), shared by the portal's functions (convex/webhooks.ts)
 * and the REST API's (convex/webhooksApi.ts). Each operation checks the caller first and throws an app error
 * before writing anything, so a refusal never leaves half a change; every change is audited in its transaction.
 */
import { v, type Infer } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import type { AuditAction } from "../lib/auditActions";
import { appError } from "../lib/errors";
import { effectiveLimits } from "../lib/plans";
import { configuredEncryptionKey, decryptSecret, encryptSecret } from "../lib/secretBox";
import { vDeliveryStatus, vWebhookEventType } from "../lib/validators";
import { generateWebhookSecret } from "../lib/webhookSignature";
import { recordAnalyticsEvent } from "./analytics";
import { writeAudit } from "./audit";
import {
  auditActor,
  deleteSubscriptions,
  endpointView,
  requireEndpoint,
  requireWebhookAccess,
  ROTATION_OVERLAP_MS,
  validateEndpointSettings,
  writeSubscriptions,
  type EndpointSettings,
  type EndpointView,
  type WebhookCaller,
  type WebhookEventType,
} from "./webhookEndpoints";
import { createDelivery } from "./webhookOutbox";

/** The latest deliveries shown with an endpoint (SPEC §2). */
export const DELIVERY_PAGE = 100;
/** Failed deliveries one replay call re-queues at most. */
export const MAX_REPLAY = 500;

type Target = { teamId: Id<"teams">; caller: WebhookCaller };

/** The audit row of a webhook change, in the change's transaction; a change made with an API key names the key. */
async function auditChange(
  ctx: MutationCtx,
  { teamId, caller }: Target,
  action: AuditAction,
  target: { type: "webhookEndpoint" | "webhookDelivery"; id: string },
  facts: Record<string, string | number | boolean | null> = {},
): Promise<void> {
  const { actor, details } = auditActor(caller);
  await writeAudit(ctx, {
    teamId,
    actor,
    action,
    targetType: target.type,
    targetId: target.id,
    details: { ...details, ...facts },
  });
}

function settingsFacts(settings: EndpointSettings) {
  return { url: settings.url, events: settings.events.join(","), agentFilter: settings.agentAddresses?.length ?? 0 };
}

export async function createEndpoint(ctx: MutationCtx, { teamId, caller }: Target, input: EndpointSettings): Promise<{ webhook: EndpointView; secret: string }> {
  const team = await requireWebhookAccess(ctx, teamId, caller);
  const settings = validateEndpointSettings(input);
  const limit = effectiveLimits(team.plan, team.limitOverrides).maxWebhookEndpoints;
  const existing = await ctx.db
    .query("webhookEndpoints")
    .withIndex("by_team", (q) => q.eq("teamId", teamId))
    .take(limit);
  if (existing.length >= limit) throw appError("LIMIT_EXCEEDED", `The ${team.plan} plan allows ${limit} webhook endpoints.`);
  const secret = generateWebhookSecret();
  const endpointId = await ctx.db.insert("webhookEndpoints", {
    teamId,
    ...settings,
    status: "active",
    secretCiphertext: await encryptSecret(secret, configuredEncryptionKey()),
    ...(caller.kind === "user" ? { createdByUserId: caller.userId } : {}),
  });
  const endpoint = (await ctx.db.get(endpointId))!;
  await writeSubscriptions(ctx, endpoint);
  await auditChange(ctx, { teamId, caller }, "webhook.create", { type: "webhookEndpoint", id: endpointId }, settingsFacts(settings));
  await recordAnalyticsEvent(ctx, {
    event: "webhook_endpoint_created",
    actor: auditActor(caller).actor,
    teamId,
    properties: { via: caller.kind, eventTypes: settings.events.length },
  });
  return { webhook: endpointView(endpoint, Date.now()), secret };
}

export async function listEndpoints(ctx: QueryCtx, { teamId, caller }: Target): Promise<EndpointView[]> {
  await requireWebhookAccess(ctx, teamId, caller);
  const endpoints = await ctx.db
    .query("webhookEndpoints")
    .withIndex("by_team", (q) => q.eq("teamId", teamId))
    .order("desc")
    .collect();
  const now = Date.now();
  return endpoints.map((endpoint) => endpointView(endpoint, now));
}

export const vAttemptView = v.object({
  at: v.number(),
  status: v.optional(v.number()),
  durationMs: v.number(),
  responseExcerpt: v.optional(v.string()),
  error: v.optional(v.string()),
});

export const vDeliveryView = v.object({
  id: v.id("webhookDeliveries"),
  eventId: v.id("webhookEvents"),
  type: vWebhookEventType,
  status: vDeliveryStatus,
  attempts: v.array(vAttemptView),
  nextAttemptAt: v.optional(v.number()),
  deliveredAt: v.optional(v.number()),
  lastError: v.optional(v.string()),
  createdAt: v.number(),
});
export type DeliveryView = Infer<typeof vDeliveryView>;

async function deliveryView(ctx: QueryCtx, delivery: Doc<"webhookDeliveries">): Promise<DeliveryView> {
  const attempts = await ctx.db
    .query("webhookAttempts")
    .withIndex("by_delivery", (q) => q.eq("deliveryId", delivery._id))
    .collect();
  return {
    id: delivery._id,
    eventId: delivery.eventId,
    type: delivery.eventType,
    status: delivery.status,
    attempts: attempts.map(({ at, status, durationMs, responseExcerpt, error }) => ({
      at,
      durationMs,
      ...(status !== undefined ? { status } : {}),
      ...(responseExcerpt !== undefined ? { responseExcerpt } : {}),
      ...(error !== undefined ? { error } : {}),
    })),
    ...(delivery.status === "pending" && delivery.nextAttemptAt !== undefined ? { nextAttemptAt: delivery.nextAttemptAt } : {}),
    ...(delivery.deliveredAt !== undefined ? { deliveredAt: delivery.deliveredAt } : {}),
    ...(delivery.lastError !== undefined ? { lastError: delivery.lastError } : {}),
    createdAt: delivery._creationTime,
  };
}

/** The endpoint and its latest 100 deliveries, newest first, each with its attempts. */
export async function getEndpoint(
  ctx: QueryCtx,
  { teamId, caller }: Target,
  endpointId: Id<"webhookEndpoints">,
): Promise<{ webhook: EndpointView; deliveries: DeliveryView[] }> {
  await requireWebhookAccess(ctx, teamId, caller);
  const endpoint = await requireEndpoint(ctx, teamId, endpointId);
  const deliveries = await ctx.db
    .query("webhookDeliveries")
    .withIndex("by_endpoint", (q) => q.eq("endpointId", endpointId))
    .order("desc")
    .take(DELIVERY_PAGE);
  return {
    webhook: endpointView(endpoint, Date.now()),
    deliveries: await Promise.all(deliveries.map((delivery) => deliveryView(ctx, delivery))),
  };
}

export type EndpointChanges = {
  url?: string;
  events?: WebhookEventType[];
  /** null clears the filter (all agents). */
  agentAddresses?: string[] | null;
  /** null clears the description. */
  description?: string | null;
  /** `active` enables a disabled endpoint and forgets its run of failures; `disabled` disables it by hand. */
  status?: "active" | "disabled";
};

export async function updateEndpoint(
  ctx: MutationCtx,
  { teamId, caller }: Target,
  endpointId: Id<"webhookEndpoints">,
  { status, ...changes }: EndpointChanges,
): Promise<EndpointView> {
  await requireWebhookAccess(ctx, teamId, caller);
  const endpoint = await requireEndpoint(ctx, teamId, endpointId);
  const agentAddresses = changes.agentAddresses === undefined ? endpoint.agentAddresses : (changes.agentAddresses ?? undefined);
  const description = changes.description === undefined ? endpoint.description : (changes.description ?? undefined);
  const settings = validateEndpointSettings({
    url: changes.url ?? endpoint.url,
    events: changes.events ?? endpoint.events,
    ...(agentAddresses !== undefined ? { agentAddresses } : {}),
    ...(description !== undefined ? { description } : {}),
  });
  const now = Date.now();
  const state =
    status === undefined || status === endpoint.status
      ? {}
      : status === "active"
        ? { status, disabledReason: undefined, disabledAt: undefined, failingSince: undefined }
        : { status, disabledReason: "manual" as const, disabledAt: now };
  await ctx.db.patch(endpointId, {
    url: settings.url,
    events: settings.events,
    agentAddresses: settings.agentAddresses,
    description: settings.description,
    ...state,
  });
  const updated = (await ctx.db.get(endpointId))!;
  await writeSubscriptions(ctx, updated);
  const action =
    state.status === "active" ? "webhook.enable" : state.status === "disabled" ? "webhook.disable" : "webhook.update";
  await auditChange(ctx, { teamId, caller }, action, { type: "webhookEndpoint", id: endpointId }, settingsFacts(settings));
  return endpointView(updated, now);
}

/** Deletes the endpoint; its pending deliveries fail when next picked up, and its log ages out with the rest. */
export async function removeEndpoint(ctx: MutationCtx, { teamId, caller }: Target, endpointId: Id<"webhookEndpoints">): Promise<void> {
  await requireWebhookAccess(ctx, teamId, caller);
  const endpoint = await requireEndpoint(ctx, teamId, endpointId);
  await deleteSubscriptions(ctx, endpointId);
  await ctx.db.delete(endpointId);
  await auditChange(ctx, { teamId, caller }, "webhook.delete", { type: "webhookEndpoint", id: endpointId }, { url: endpoint.url });
}

/** The signing secret (and the previous one during a rotation's overlap), for owners and admins; audited. */
export async function revealSecret(
  ctx: MutationCtx,
  { teamId, userId }: { teamId: Id<"teams">; userId: Id<"users"> },
  endpointId: Id<"webhookEndpoints">,
): Promise<{ secret: string; previousSecret?: string; previousSecretExpiresAt?: number }> {
  await requireWebhookAccess(ctx, teamId, { kind: "user", userId }, "webhooks.revealSecret");
  const endpoint = await requireEndpoint(ctx, teamId, endpointId);
  const key = configuredEncryptionKey();
  const overlap = endpoint.previousSecretCiphertext !== undefined && (endpoint.previousSecretExpiresAt ?? 0) > Date.now();
  await writeAudit(ctx, {
    teamId,
    actor: { kind: "user", userId },
    action: "webhook.secret.reveal",
    targetType: "webhookEndpoint",
    targetId: endpointId,
  });
  return {
    secret: await decryptSecret(endpoint.secretCiphertext, key),
    ...(overlap
      ? { previousSecret: await decryptSecret(endpoint.previousSecretCiphertext!, key), previousSecretExpiresAt: endpoint.previousSecretExpiresAt }
      : {}),
  };
}

/**
 * A new secret, returned once; the current one keeps signing beside it for 24 h. Rotating again within the
 * overlap drops the oldest secret: at most two ever sign.
 */
export async function rotateSecret(
  ctx: MutationCtx,
  { teamId, caller }: Target,
  endpointId: Id<"webhookEndpoints">,
): Promise<{ secret: string; previousSecretExpiresAt: number }> {
  await requireWebhookAccess(ctx, teamId, caller);
  const endpoint = await requireEndpoint(ctx, teamId, endpointId);
  const secret = generateWebhookSecret();
  const previousSecretExpiresAt = Date.now() + ROTATION_OVERLAP_MS;
  await ctx.db.patch(endpointId, {
    secretCiphertext: await encryptSecret(secret, configuredEncryptionKey()),
    previousSecretCiphertext: endpoint.secretCiphertext,
    previousSecretExpiresAt,
  });
  await auditChange(ctx, { teamId, caller }, "webhook.secret.rotate", { type: "webhookEndpoint", id: endpointId }, { previousSecretExpiresAt });
  return { secret, previousSecretExpiresAt };
}

/** A `webhook.test` event to this endpoint only (whatever events it subscribes to, and also when disabled). */
export async function sendTest(
  ctx: MutationCtx,
  { teamId, caller }: Target,
  endpointId: Id<"webhookEndpoints">,
): Promise<{ eventId: Id<"webhookEvents">; deliveryId: Id<"webhookDeliveries"> }> {
  await requireWebhookAccess(ctx, teamId, caller);
  const endpoint = await requireEndpoint(ctx, teamId, endpointId);
  const now = Date.now();
  // Written already dispatched: its one delivery is created here, so no fan-out reaches the team's other endpoints.
  const eventId = await ctx.db.insert("webhookEvents", {
    type: "webhook.test",
    teamId,
    data: { endpointId, message: "A test event from GhostSpeak.", sentAt: new Date(now).toISOString() },
    status: "dispatched",
    dispatchedAt: now,
  });
  const deliveryId = await createDelivery(ctx, endpoint, { _id: eventId, type: "webhook.test" });
  await auditChange(ctx, { teamId, caller }, "webhook.test", { type: "webhookEndpoint", id: endpointId }, { deliveryId });
  return { eventId, deliveryId };
}

/**
 * Makes a delivery due again now (one more attempt; if it fails, the retries it had left continue). The same
 * `webhook-id` is sent, so a receiver that already took the event can recognise it.
 */
export async function redeliver(ctx: MutationCtx, { teamId, caller }: Target, deliveryId: Id<"webhookDeliveries">): Promise<void> {
  await requireWebhookAccess(ctx, teamId, caller);
  const delivery = await ctx.db.get(deliveryId);
  if (!delivery || delivery.teamId !== teamId) throw appError("NOT_FOUND", "Delivery not found.");
  const endpoint = await requireEndpoint(ctx, teamId, delivery.endpointId);
  if (delivery.eventType !== "webhook.test") requireActive(endpoint);
  await requeue(ctx, delivery);
  await auditChange(ctx, { teamId, caller }, "webhook.redeliver", { type: "webhookDelivery", id: deliveryId });
}

/** Re-queues the endpoint's failed deliveries last changed at or after `since` (at most 500 per call). */
export async function replayFailed(
  ctx: MutationCtx,
  { teamId, caller }: Target,
  endpointId: Id<"webhookEndpoints">,
  since: number,
): Promise<{ replayed: number; more: boolean }> {
  await requireWebhookAccess(ctx, teamId, caller);
  requireActive(await requireEndpoint(ctx, teamId, endpointId));
  const failed = await ctx.db
    .query("webhookDeliveries")
    .withIndex("by_endpoint_status_updated", (q) => q.eq("endpointId", endpointId).eq("status", "failed").gte("updatedAt", since))
    .take(MAX_REPLAY + 1);
  const replayed = failed.slice(0, MAX_REPLAY);
  for (const delivery of replayed) await requeue(ctx, delivery);
  await auditChange(ctx, { teamId, caller }, "webhook.replay", { type: "webhookEndpoint", id: endpointId }, {
    since,
    replayed: replayed.length,
  });
  return { replayed: replayed.length, more: failed.length > MAX_REPLAY };
}

/** Due now, with an attempt scheduled; `attempts` keeps counting, so the retries left are those it had left. */
async function requeue(ctx: MutationCtx, delivery: Doc<"webhookDeliveries">): Promise<void> {
  const now = Date.now();
  await ctx.db.patch(delivery._id, { status: "pending", nextAttemptAt: now, updatedAt: now });
  await ctx.scheduler.runAfter(0, internal.webhookDelivery.deliver, { deliveryId: delivery._id });
}

/** Deliveries to a disabled endpoint would only fail again: it has to be enabled first. */
function requireActive(endpoint: Doc<"webhookEndpoints">): void {
  if (endpoint.status !== "active") throw appError("CONFLICT", "The endpoint is disabled; enable it first.");
}
