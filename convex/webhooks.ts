/**
 * Webhook endpoints of a team (SPEC §4) for the portal and the operator: the caller is a signed-in user (whose
 * membership and role are checked inside each function) or, for REST-shaped calls, an API key of the team. The
 * REST API itself goes through convex/webhooksApi.ts, which records each call as usage in the same transaction.
 * Endpoint and delivery ids are taken as strings: one that is no id is NOT_FOUND, like another team's.
 */
import { v } from "convex/values";
import { serverMutation, serverQuery } from "./lib/serverFunctions";
import { vWebhookEventType } from "./lib/validators";
import { parseId, vEndpointView, vWebhookCaller } from "./model/webhookEndpoints";
import * as manage from "./model/webhookManagement";

const target = { teamId: v.id("teams"), caller: vWebhookCaller };
const vSettings = {
  url: v.string(),
  events: v.array(vWebhookEventType),
  agentAddresses: v.optional(v.array(v.string())),
  description: v.optional(v.string()),
};

export const create = serverMutation({
  args: { ...target, ...vSettings },
  returns: v.object({ webhook: vEndpointView, secret: v.string() }),
  handler: (ctx, { teamId, caller, ...settings }) => manage.createEndpoint(ctx, { teamId, caller }, settings),
});

export const list = serverQuery({
  args: target,
  returns: v.array(vEndpointView),
  handler: (ctx, args) => manage.listEndpoints(ctx, args),
});

export const get = serverQuery({
  args: { ...target, endpointId: v.string() },
  returns: v.object({ webhook: vEndpointView, deliveries: v.array(manage.vDeliveryView) }),
  handler: (ctx, { endpointId, ...target }) => manage.getEndpoint(ctx, target, parseId(ctx, "webhookEndpoints", endpointId)),
});

export const update = serverMutation({
  args: {
    ...target,
    endpointId: v.string(),
    url: v.optional(v.string()),
    events: v.optional(v.array(vWebhookEventType)),
    agentAddresses: v.optional(v.union(v.array(v.string()), v.null())),
    description: v.optional(v.union(v.string(), v.null())),
    status: v.optional(v.union(v.literal("active"), v.literal("disabled"))),
  },
  returns: vEndpointView,
  handler: (ctx, { teamId, caller, endpointId, ...changes }) => manage.updateEndpoint(ctx, { teamId, caller }, parseId(ctx, "webhookEndpoints", endpointId), changes),
});

export const remove = serverMutation({
  args: { ...target, endpointId: v.string() },
  returns: v.null(),
  handler: async (ctx, { endpointId, ...target }) => {
    await manage.removeEndpoint(ctx, target, parseId(ctx, "webhookEndpoints", endpointId));
    return null;
  },
});

/** Portal only (SPEC §2: over REST the secret is in the answers to create and rotate only). */
export const revealSecret = serverMutation({
  args: { teamId: v.id("teams"), userId: v.id("users"), endpointId: v.string() },
  returns: v.object({ secret: v.string(), previousSecret: v.optional(v.string()), previousSecretExpiresAt: v.optional(v.number()) }),
  handler: (ctx, { endpointId, ...who }) => manage.revealSecret(ctx, who, parseId(ctx, "webhookEndpoints", endpointId)),
});

export const rotateSecret = serverMutation({
  args: { ...target, endpointId: v.string() },
  returns: v.object({ secret: v.string(), previousSecretExpiresAt: v.number() }),
  handler: (ctx, { endpointId, ...target }) => manage.rotateSecret(ctx, target, parseId(ctx, "webhookEndpoints", endpointId)),
});

export const sendTest = serverMutation({
  args: { ...target, endpointId: v.string() },
  returns: v.object({ eventId: v.id("webhookEvents"), deliveryId: v.string() }),
  handler: (ctx, { endpointId, ...target }) => manage.sendTest(ctx, target, parseId(ctx, "webhookEndpoints", endpointId)),
});

export const redeliver = serverMutation({
  args: { ...target, deliveryId: v.string() },
  returns: v.null(),
  handler: async (ctx, { deliveryId, ...target }) => {
    await manage.redeliver(ctx, target, parseId(ctx, "webhookDeliveries", deliveryId));
    return null;
  },
});

export const replayFailed = serverMutation({
  args: { ...target, endpointId: v.string(), since: v.number() },
  returns: v.object({ replayed: v.number(), more: v.boolean() }),
  handler: (ctx, { endpointId, since, ...target }) => manage.replayFailed(ctx, target, parseId(ctx, "webhookEndpoints", endpointId), since),
});
