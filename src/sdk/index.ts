/** `@ghostspeak/sdk`: a typed client of the GhostSpeak API for Node 20+, Bun, Deno and edge runtimes. */
export { DEFAULT_BASE_URL, GhostSpeak, type GhostSpeakOptions, type UsageOptions } from "./client.js";
export {
  AuthenticationError,
  ConnectionError,
  GhostSpeakError,
  IdempotencyConflictError,
  InvalidRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  type ErrorCode,
} from "./errors.js";
export { BATCH_LIMIT } from "./batch.js";
export type { Fetch } from "./transport.js";
export type * from "./types.js";
export { verifyWebhook, WebhookVerificationError, type VerifyWebhookOptions, type WebhookEvent, type WebhookHeaders } from "./webhookSignature.js";
export type { Webhooks } from "./webhooks.js";
export type { components, operations, paths } from "./openapi.generated.js";
