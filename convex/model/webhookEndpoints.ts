/**
 * Webhook endpoints: who may manage them, what an endpoint may contain, and the fan-out index
 * (`webhookSubscriptions`) kept in step with each endpoint row.
 */
import { v, type Infer } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { appError } from "../lib/errors";
import type { Permission } from "../lib/permissions";
import { isSolanaAddress } from "../lib/solanaAddress";
import { vWebhookEventType, WEBHOOK_EVENT_TYPES } from "../lib/validators";
import { privateUrlsAllowed, webhookUrlProblem } from "../lib/webhookUrl";
import type { Actor } from "./audit";
import { requirePermission } from "./teams";

export const MAX_AGENT_FILTER = 1_000;
export const MAX_DESCRIPTION_LENGTH = 500;
/** How long the secret before a rotation keeps signing (SPEC §4). */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * Who calls: a portal user (their membership and role are checked here) or an API key of the team (REST; the
 * app server derived the team from the key, so holding the key is the permission).
 */
export const vWebhookCaller = v.union(
  v.object({ kind: v.literal("user"), userId: v.id("users") }),
  v.object({ kind: v.literal("apiKey"), apiKeyId: v.id("apiKeys") }),
);
export type WebhookCaller = Infer<typeof vWebhookCaller>;

/** The team after checking the caller may act on it; an API key may only act on its own team. */
export async function requireWebhookAccess(
  ctx: QueryCtx,
  teamId: Id<"teams">,
  caller: WebhookCaller,
  permission: Permission = "webhooks.manage",
): Promise<Doc<"teams">> {
  if (caller.kind === "user") return (await requirePermission(ctx, teamId, caller.userId, permission)).team;
  const [team, key] = await Promise.all([ctx.db.get(teamId), ctx.db.get(caller.apiKeyId)]);
  if (!team || !key || key.teamId !== teamId) throw appError("NOT_FOUND", "Team not found.");
  return team;
}

/**
 * An endpoint or delivery id as the caller sent it (a URL path, a form): ids are opaque to callers, so a string
 * that is no id of the table is as unknown as a missing row.
 */
export function parseId<T extends "webhookEndpoints" | "webhookDeliveries">(ctx: QueryCtx, table: T, id: string): Id<T> {
  const parsed = ctx.db.normalizeId(table, id);
  if (parsed === null) throw appError("NOT_FOUND", table === "webhookEndpoints" ? "Webhook endpoint not found." : "Delivery not found.");
  return parsed;
}

/** The endpoint, when it belongs to `teamId`; another team's endpoint is as unknown as a missing one. */
export async function requireEndpoint(ctx: QueryCtx, teamId: Id<"teams">, endpointId: Id<"webhookEndpoints">): Promise<Doc<"webhookEndpoints">> {
  const endpoint = await ctx.db.get(endpointId);
  if (!endpoint || endpoint.teamId !== teamId) throw appError("NOT_FOUND", "Webhook endpoint not found.");
  return endpoint;
}

/** An API key's calls are audited as the system acting for the key, naming the key. */
export function auditActor(caller: WebhookCaller): { actor: Actor; details: Record<string, string> } {
  return caller.kind === "user"
    ? { actor: { kind: "user", userId: caller.userId }, details: {} }
    : { actor: { kind: "system" }, details: { viaApiKeyId: caller.apiKeyId } };
}

export type EndpointSettings = {
  url: string;
  events: WebhookEventType[];
  agentAddresses?: string[];
  description?: string;
};

/** Checks and normalises settings (duplicate events and addresses dropped, blank description removed). */
export function validateEndpointSettings(input: EndpointSettings): EndpointSettings {
  const url = input.url.trim();
  const problem = webhookUrlProblem(url, privateUrlsAllowed());
  if (problem) throw appError("VALIDATION_ERROR", problem);
  const events = [...new Set(input.events)];
  if (events.length === 0) throw appError("VALIDATION_ERROR", "Choose at least one event.");
  let agentAddresses: string[] | undefined;
  if (input.agentAddresses !== undefined) {
    agentAddresses = [...new Set(input.agentAddresses.map((address) => address.trim()))];
    if (agentAddresses.length > MAX_AGENT_FILTER) {
      throw appError("VALIDATION_ERROR", `An endpoint may filter on at most ${MAX_AGENT_FILTER} agents.`);
    }
    const invalid = agentAddresses.find((address) => !isSolanaAddress(address));
    if (invalid !== undefined) throw appError("VALIDATION_ERROR", `Not a Solana address: ${invalid.slice(0, 64)}`);
    // An empty filter would match nothing, which nobody means: it is "all agents".
    if (agentAddresses.length === 0) agentAddresses = undefined;
  }
  const description = input.description?.trim();
  if (description !== undefined && description.length > MAX_DESCRIPTION_LENGTH) {
    throw appError("VALIDATION_ERROR", `The description is longer than ${MAX_DESCRIPTION_LENGTH} characters.`);
  }
  return { url, events, ...(agentAddresses ? { agentAddresses } : {}), ...(description ? { description } : {}) };
}

/**
 * The event types fanned out through `webhookSubscriptions`: score events, which belong to no team. Team-scoped
 * events (`usage.threshold`, `webhook.test`) go to their team's endpoints (`by_team`), so rows for them would
 * never be read, and would double the rows an endpoint filtering on 1,000 agents writes (4,000 instead of 2,000
 * inserts, and as many deletes when it changes: within a hair of Convex's 8,192 writes).
 */
export const SUBSCRIBED_EVENT_TYPES: readonly WebhookEventType[] = ["score.updated", "tier.changed"];

/**
 * Rewrites the endpoint's fan-out rows: one per (score event type, filtered agent), or one per score event type
 * with a null agent when the endpoint takes every agent. Score events find their endpoints through these rows.
 */
export async function writeSubscriptions(ctx: MutationCtx, endpoint: Doc<"webhookEndpoints">): Promise<void> {
  await deleteSubscriptions(ctx, endpoint._id);
  const agents: (string | null)[] = endpoint.agentAddresses ?? [null];
  for (const eventType of endpoint.events.filter((type) => SUBSCRIBED_EVENT_TYPES.includes(type))) {
    for (const agentAddress of agents) {
      await ctx.db.insert("webhookSubscriptions", { endpointId: endpoint._id, teamId: endpoint.teamId, eventType, agentAddress });
    }
  }
}

export async function deleteSubscriptions(ctx: MutationCtx, endpointId: Id<"webhookEndpoints">): Promise<void> {
  const rows = await ctx.db
    .query("webhookSubscriptions")
    .withIndex("by_endpoint", (q) => q.eq("endpointId", endpointId))
    .collect();
  for (const row of rows) await ctx.db.delete(row._id);
}

/** The secrets that sign right now, newest first: two during a rotation's overlap. */
export function signingCiphertexts(endpoint: Doc<"webhookEndpoints">, now: number): string[] {
  const previousValid =
    endpoint.previousSecretCiphertext !== undefined &&
    endpoint.previousSecretExpiresAt !== undefined &&
    endpoint.previousSecretExpiresAt > now;
  return previousValid ? [endpoint.secretCiphertext, endpoint.previousSecretCiphertext!] : [endpoint.secretCiphertext];
}

export const vEndpointView = v.object({
  id: v.id("webhookEndpoints"),
  url: v.string(),
  description: v.optional(v.string()),
  events: v.array(vWebhookEventType),
  agentAddresses: v.optional(v.array(v.string())),
  status: v.union(v.literal("active"), v.literal("disabled")),
  disabledReason: v.optional(v.union(v.literal("gone"), v.literal("failing"), v.literal("manual"))),
  disabledAt: v.optional(v.number()),
  failingSince: v.optional(v.number()),
  /** Until when the secret before the last rotation still signs. */
  previousSecretExpiresAt: v.optional(v.number()),
  createdAt: v.number(),
});
export type EndpointView = Infer<typeof vEndpointView>;

export function endpointView(endpoint: Doc<"webhookEndpoints">, now: number): EndpointView {
  const overlap = endpoint.previousSecretExpiresAt !== undefined && endpoint.previousSecretExpiresAt > now;
  return {
    id: endpoint._id,
    url: endpoint.url,
    ...(endpoint.description !== undefined ? { description: endpoint.description } : {}),
    events: endpoint.events,
    ...(endpoint.agentAddresses !== undefined ? { agentAddresses: endpoint.agentAddresses } : {}),
    status: endpoint.status,
    ...(endpoint.disabledReason !== undefined ? { disabledReason: endpoint.disabledReason } : {}),
    ...(endpoint.disabledAt !== undefined ? { disabledAt: endpoint.disabledAt } : {}),
    ...(endpoint.failingSince !== undefined ? { failingSince: endpoint.failingSince } : {}),
    ...(overlap ? { previousSecretExpiresAt: endpoint.previousSecretExpiresAt } : {}),
    createdAt: endpoint._creationTime,
  };
}
