/**
 * The REST API's webhook routes (SPEC §2: `/api/v1/webhooks…`). Free, but like every authenticated call each one
 * is rate-limited and recorded in usage in the same transaction that decides it (convex/model/apiCall.ts). The
 * team is the API key's; the work is the portal's (convex/model/webhookManagement.ts).
 *
 * `Idempotency-Key` works on the POST routes as on verify (model/idempotency.ts); the answers to a create and a
 * rotation hold the signing secret, so their stored copies are encrypted (`confidential`).
 */
import { ConvexError, v } from "convex/values";
import type { Id } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import { PROBLEM_FOR_APP_ERROR, problemOutcome, vApiOutcome, type ApiEndpoint, type ApiMethod, type ApiOutcome } from "./lib/apiOutcome";
import type { AppErrorData } from "./lib/errors";
import { serverMutation } from "./lib/serverFunctions";
import { vWebhookEventType } from "./lib/validators";
import { runApiCalls, vApiRequest, type ApiRequest, type WorkResult } from "./model/apiCall";
import { parseId, type EndpointView, type WebhookCaller } from "./model/webhookEndpoints";
import * as manage from "./model/webhookManagement";

type Target = { teamId: Id<"teams">; caller: WebhookCaller };

/**
 * Runs one webhook operation as an API call. The operations throw their refusals before writing anything, so a
 * refusal is answered (and recorded) as a problem without undoing a partial change.
 */
async function webhookCall(
  ctx: MutationCtx,
  request: ApiRequest,
  call: { endpoint: ApiEndpoint; method: ApiMethod; status: number; confidential?: boolean },
  work: (target: Target) => Promise<unknown>,
): Promise<ApiOutcome> {
  const [outcome] = await runApiCalls(ctx, [request], (session) =>
    session.run({ endpoint: call.endpoint, method: call.method, request }, async ({ team, key }): Promise<WorkResult> => {
      try {
        const body = await work({ teamId: team._id, caller: { kind: "apiKey", apiKeyId: key._id } });
        return { status: call.status, ...(body !== undefined ? { body } : {}), chargeMicroUsd: 0, agentCount: 0, confidential: call.confidential };
      } catch (error) {
        if (!(error instanceof ConvexError)) throw error;
        const data = error.data as AppErrorData;
        return { ...problemOutcome(PROBLEM_FOR_APP_ERROR[data.code], data.message), chargeMicroUsd: 0, agentCount: 0 };
      }
    }),
  );
  return outcome;
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The object without its undefined fields: an absent field is left out of the JSON (a null is kept: it says something). */
function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

/** The REST shape of an endpoint: times as ISO strings, absent fields left out. */
export function restWebhook(view: EndpointView) {
  return compact({
    id: view.id,
    url: view.url,
    description: view.description,
    events: view.events,
    agentAddresses: view.agentAddresses,
    status: view.status,
    disabledReason: view.disabledReason,
    disabledAt: iso(view.disabledAt),
    previousSecretExpiresAt: iso(view.previousSecretExpiresAt),
    createdAt: iso(view.createdAt)!,
  });
}

function restDelivery(delivery: manage.DeliveryView) {
  return compact({
    id: delivery.id,
    eventId: delivery.eventId,
    type: delivery.type,
    status: delivery.status,
    attempts: delivery.attempts.map((attempt) =>
      // An attempt that got no HTTP answer (refused, timed out, unreachable) has a null status (SPEC §2).
      compact({ at: iso(attempt.at)!, status: attempt.status ?? null, durationMs: attempt.durationMs, error: attempt.error }),
    ),
    nextAttemptAt: iso(delivery.nextAttemptAt),
  });
}

export const create = serverMutation({
  args: {
    ...vApiRequest,
    url: v.string(),
    events: v.array(vWebhookEventType),
    agentAddresses: v.optional(v.array(v.string())),
    description: v.optional(v.string()),
  },
  returns: vApiOutcome,
  handler: (ctx, { url, events, agentAddresses, description, ...request }) =>
    webhookCall(ctx, request, { endpoint: "/api/v1/webhooks", method: "POST", status: 201, confidential: true }, async (target) => {
      const settings = { url, events, agentAddresses, description };
      const { webhook, secret } = await manage.createEndpoint(ctx, target, settings);
      return { webhook: restWebhook(webhook), secret };
    }),
});

export const list = serverMutation({
  args: vApiRequest,
  returns: vApiOutcome,
  handler: (ctx, request) =>
    webhookCall(ctx, request, { endpoint: "/api/v1/webhooks", method: "GET", status: 200 }, async (target) => ({
      webhooks: (await manage.listEndpoints(ctx, target)).map(restWebhook),
    })),
});

export const get = serverMutation({
  args: { ...vApiRequest, id: v.string() },
  returns: vApiOutcome,
  handler: (ctx, { id, ...request }) =>
    webhookCall(ctx, request, { endpoint: "/api/v1/webhooks/{id}", method: "GET", status: 200 }, async (target) => {
      const { webhook, deliveries } = await manage.getEndpoint(ctx, target, parseId(ctx, "webhookEndpoints", id));
      return { webhook: restWebhook(webhook), deliveries: deliveries.map(restDelivery) };
    }),
});

export const remove = serverMutation({
  args: { ...vApiRequest, id: v.string() },
  returns: vApiOutcome,
  handler: (ctx, { id, ...request }) =>
    webhookCall(ctx, request, { endpoint: "/api/v1/webhooks/{id}", method: "DELETE", status: 204 }, async (target) => {
      await manage.removeEndpoint(ctx, target, parseId(ctx, "webhookEndpoints", id));
      return undefined;
    }),
});

export const sendTest = serverMutation({
  args: { ...vApiRequest, id: v.string() },
  returns: vApiOutcome,
  handler: (ctx, { id, ...request }) =>
    webhookCall(ctx, request, { endpoint: "/api/v1/webhooks/{id}/test", method: "POST", status: 202 }, (target) =>
      manage.sendTest(ctx, target, parseId(ctx, "webhookEndpoints", id)),
    ),
});

export const rotateSecret = serverMutation({
  args: { ...vApiRequest, id: v.string() },
  returns: vApiOutcome,
  handler: (ctx, { id, ...request }) =>
    webhookCall(ctx, request, { endpoint: "/api/v1/webhooks/{id}/rotate-secret", method: "POST", status: 200, confidential: true }, async (target) => {
      const { secret, previousSecretExpiresAt } = await manage.rotateSecret(ctx, target, parseId(ctx, "webhookEndpoints", id));
      return { secret, previousSecretExpiresAt: iso(previousSecretExpiresAt)! };
    }),
});
