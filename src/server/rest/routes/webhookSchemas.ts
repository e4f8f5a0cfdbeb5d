/** Request and answer schemas of the webhook routes (SPEC §2, §4): validated at the edge and documented alike. */
import { z } from "@hono/zod-openapi";
import { MAX_AGENT_FILTER, MAX_DESCRIPTION_LENGTH } from "../../../../convex/model/webhookEndpoints";
import { MAX_WEBHOOK_URL_LENGTH } from "../../../../convex/lib/webhookUrl";
import { DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from "../../../../convex/lib/validators";
import { SolanaAddress } from "../api/schemas";

const Timestamp = z.string().openapi({ format: "date-time", example: "2026-11-28T12:00:00.000Z" });
const EventType = z.enum(WEBHOOK_EVENT_TYPES).openapi("WebhookEventType");

export const WebhookIdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, description: "The webhook endpoint's id." }),
});

export const CreateWebhookRequest = z
  .object({
    url: z.string().min(1).max(MAX_WEBHOOK_URL_LENGTH).openapi({
      example: "https://example.com/ghostspeak/webhooks",
      description: "https; it must not resolve to a private, loopback or link-local address.",
    }),
    events: z.array(EventType).min(1).max(WEBHOOK_EVENT_TYPES.length * 4),
    agentAddresses: z
      .array(SolanaAddress)
      .max(MAX_AGENT_FILTER)
      .optional()
      .openapi({ description: "Only events about these agents (score.updated, tier.changed); absent = all agents." }),
    description: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
  })
  .openapi("CreateWebhookRequest");

export const Webhook = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().optional(),
    events: z.array(EventType),
    agentAddresses: z.array(z.string()).optional(),
    status: z.enum(["active", "disabled"]),
    disabledReason: z.enum(["gone", "failing", "manual"]).optional().openapi({
      description: "gone: the receiver answered 410; failing: deliveries failed for 24 h; manual: disabled in the portal.",
    }),
    disabledAt: Timestamp.optional(),
    previousSecretExpiresAt: Timestamp.optional().openapi({ description: "During a rotation: until when the previous secret also signs." }),
    createdAt: Timestamp,
  })
  .openapi("Webhook");

const Secret = z.string().openapi({ example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", description: "The signing secret; shown only here." });

export const CreatedWebhook = z.object({ webhook: Webhook, secret: Secret }).openapi("CreatedWebhook");
export const WebhookList = z.object({ webhooks: z.array(Webhook) }).openapi("WebhookList");

const Attempt = z.object({
  at: Timestamp,
  status: z.number().int().nullable().openapi({ description: "The receiver's HTTP status; null when no HTTP answer came (refused, timed out, unreachable)." }),
  durationMs: z.number(),
  error: z.string().optional(),
});

const Delivery = z
  .object({
    id: z.string(),
    eventId: z.string().openapi({ description: "Also the `webhook-id` header, the same on every attempt." }),
    type: EventType,
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.array(Attempt),
    nextAttemptAt: Timestamp.optional(),
  })
  .openapi("WebhookDelivery");

export const WebhookDetail = z
  .object({ webhook: Webhook, deliveries: z.array(Delivery).openapi({ description: "The latest 100, newest first." }) })
  .openapi("WebhookDetail");

export const TestSent = z.object({ eventId: z.string(), deliveryId: z.string() }).openapi("WebhookTestSent");
export const RotatedSecret = z.object({ secret: Secret, previousSecretExpiresAt: Timestamp }).openapi("RotatedWebhookSecret");
