import type { FunctionReturnType } from "convex/server";
import { z } from "zod";
import { api } from "../../../../convex/_generated/api";
import type { Doc } from "../../../../convex/_generated/dataModel";
import { effectiveLimits } from "../../../../convex/lib/plans";
import { WEBHOOK_EVENT_TYPES } from "../../../../convex/lib/validators";
import { MAX_AGENT_FILTER, MAX_DESCRIPTION_LENGTH } from "../../../../convex/model/webhookEndpoints";
import { MAX_WEBHOOK_URL_LENGTH } from "../../../../convex/lib/webhookUrl";
import { isSolanaAddress } from "../../../../convex/lib/solanaAddress";
import { assertWebhookHostPublic } from "../../webhooks/webhookUrlCheck";
import { createTRPCRouter, teamProcedure } from "../init";
import { watch } from "../live";

const endpointId = z.object({ endpointId: z.string().min(1).max(64) });
const settings = {
  url: z.string().trim().min(1, "Enter the URL.").max(MAX_WEBHOOK_URL_LENGTH),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, "Choose at least one event."),
  agentAddresses: z
    .array(z.string().trim().refine(isSolanaAddress, "Not a Solana address."))
    .max(MAX_AGENT_FILTER, `At most ${MAX_AGENT_FILTER} agents.`),
  description: z.string().trim().max(MAX_DESCRIPTION_LENGTH),
};

/**
 * Webhook endpoints in the portal (SPEC §4). Every procedure needs `webhooks.manage`, revealing a secret
 * `webhooks.revealSecret` (owner/admin); the functions check the same again inside their transaction.
 */
/** The webhooks page's answer: the team's endpoints and the plan's endpoint limit. */
function endpointsView(team: Doc<"teams">, endpoints: FunctionReturnType<typeof api.webhooks.list>) {
  return { endpoints, plan: team.plan, maxEndpoints: effectiveLimits(team.plan, team.limitOverrides).maxWebhookEndpoints };
}

export const webhooksRouter = createTRPCRouter({
  list: teamProcedure("webhooks.manage").query(async ({ ctx }) =>
    endpointsView(ctx.team, await ctx.backend.query(api.webhooks.list, { teamId: ctx.team._id, caller: { kind: "user", userId: ctx.userId } })),
  ),

  get: teamProcedure("webhooks.manage")
    .input(endpointId)
    .query(({ ctx, input }) =>
      ctx.backend.query(api.webhooks.get, { teamId: ctx.team._id, caller: { kind: "user", userId: ctx.userId }, endpointId: input.endpointId }),
    ),

  /** `list`, kept current (endpoint health among it): live.ts. */
  live: teamProcedure("webhooks.manage").subscription(({ ctx, signal }) =>
    watch({ ...ctx, permission: "webhooks.manage" }, api.webhooks.list, { teamId: ctx.team._id, caller: { kind: "user", userId: ctx.userId } }, signal, (endpoints) =>
      endpointsView(ctx.team, endpoints),
    ),
  ),

  /** `get`, kept current (a delivery attempt logged): live.ts. */
  detailLive: teamProcedure("webhooks.manage")
    .input(endpointId)
    .subscription(({ ctx, input, signal }) =>
      watch(
        { ...ctx, permission: "webhooks.manage" },
        api.webhooks.get,
        { teamId: ctx.team._id, caller: { kind: "user", userId: ctx.userId }, endpointId: input.endpointId },
        signal,
      ),
    ),

  /** The secret is in the answer once; afterwards only owners and admins can reveal it. */
  create: teamProcedure("webhooks.manage")
    .input(z.object({ ...settings, agentAddresses: settings.agentAddresses.optional(), description: settings.description.optional() }))
    .mutation(async ({ ctx, input }) => {
      await assertWebhookHostPublic(input.url, ctx.resolveHost);
      return ctx.backend.mutation(api.webhooks.create, {
        teamId: ctx.team._id,
        caller: { kind: "user", userId: ctx.userId },
        url: input.url,
        events: input.events,
        // An empty filter means every agent.
        ...(input.agentAddresses?.length ? { agentAddresses: input.agentAddresses } : {}),
        ...(input.description ? { description: input.description } : {}),
      });
    }),

  /** Settings (an empty filter or description clears it) and enabling or disabling by hand. */
  update: teamProcedure("webhooks.manage")
    .input(
      endpointId.extend({
        url: settings.url.optional(),
        events: settings.events.optional(),
        agentAddresses: settings.agentAddresses.optional(),
        description: settings.description.optional(),
        status: z.enum(["active", "disabled"]).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.url !== undefined) await assertWebhookHostPublic(input.url, ctx.resolveHost);
      return ctx.backend.mutation(api.webhooks.update, {
        teamId: ctx.team._id,
        caller: { kind: "user", userId: ctx.userId },
        endpointId: input.endpointId,
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.events !== undefined ? { events: input.events } : {}),
        ...(input.agentAddresses !== undefined ? { agentAddresses: input.agentAddresses.length ? input.agentAddresses : null } : {}),
        ...(input.description !== undefined ? { description: input.description || null } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
      });
    }),

  remove: teamProcedure("webhooks.manage")
    .input(endpointId)
    .mutation(({ ctx, input }) =>
      ctx.backend.mutation(api.webhooks.remove, { teamId: ctx.team._id, caller: { kind: "user", userId: ctx.userId }, endpointId: input.endpointId }),
    ),

  revealSecret: teamProcedure("webhooks.revealSecret")
    .input(endpointId)
    .mutation(({ ctx, input }) =>
      ctx.backend.mutation(api.webhooks.revealSecret, { teamId: ctx.team._id, userId: ctx.userId, endpointId: input.endpointId }),
    ),

  rotateSecret: teamProcedure("webhooks.manage")
    .input(endpointId)
    .mutation(({ ctx, input }) =>
      ctx.backend.mutation(api.webhooks.rotateSecret, { teamId: ctx.team._id, caller: { kind: "user", userId: ctx.userId }, endpointId: input.endpointId }),
    ),

  sendTest: teamProcedure("webhooks.manage")
    .input(endpointId)
    .mutation(({ ctx, input }) =>
      ctx.backend.mutation(api.webhooks.sendTest, { teamId: ctx.team._id, caller: { kind: "user", userId: ctx.userId }, endpointId: input.endpointId }),
    ),

  redeliver: teamProcedure("webhooks.manage")
    .input(z.object({ deliveryId: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) =>
      ctx.backend.mutation(api.webhooks.redeliver, { teamId: ctx.team._id, caller: { kind: "user", userId: ctx.userId }, deliveryId: input.deliveryId }),
    ),

  /** Re-queues the endpoint's deliveries that failed at or after `since` (epoch ms). */
  replayFailed: teamProcedure("webhooks.manage")
    .input(endpointId.extend({ since: z.number().int().nonnegative() }))
    .mutation(({ ctx, input }) =>
      ctx.backend.mutation(api.webhooks.replayFailed, {
        teamId: ctx.team._id,
        caller: { kind: "user", userId: ctx.userId },
        endpointId: input.endpointId,
        since: input.since,
      }),
    ),
});
