/** The API's shapes under short names, taken from the generated types so they follow the OpenAPI document. */
import type { components, operations } from "./openapi.generated.js";

type Schemas = components["schemas"];

export type VerifyRequest = Schemas["VerifyRequest"];
export type Verification = Schemas["Verification"];
export type Score = Schemas["Score"];
export type BatchRequest = Schemas["BatchRequest"];
export type BatchAnswer = Schemas["BatchAnswer"];
export type BatchResult = Schemas["BatchResult"];
export type Tier = Schemas["Tier"];
export type Usage = Schemas["Usage"];
export type UsageQuery = NonNullable<operations["getUsage"]["parameters"]["query"]>;
export type Webhook = Schemas["Webhook"];
export type WebhookEventType = Schemas["WebhookEventType"];
export type CreateWebhookRequest = Schemas["CreateWebhookRequest"];
export type CreatedWebhook = Schemas["CreatedWebhook"];
export type WebhookList = Schemas["WebhookList"];
export type WebhookDetail = Schemas["WebhookDetail"];
export type WebhookDelivery = Schemas["WebhookDelivery"];
export type WebhookTestSent = Schemas["WebhookTestSent"];
export type RotatedWebhookSecret = Schemas["RotatedWebhookSecret"];
export type Problem = Schemas["Problem"];
export type ProblemCode = Problem["code"];
export type FieldError = NonNullable<Problem["errors"]>[number];

/** The per-key rate limit as the answer's `X-RateLimit-*` headers stated it. */
export interface RateLimit {
  /** Requests allowed per minute for this key. */
  limit: number;
  /** Requests still allowed right now. */
  remaining: number;
  /** Unix seconds when the limit next relaxes. */
  reset: number;
}

/** What every call resolves with: the answer's body and what its headers said. */
export interface ApiResult<T> {
  data: T;
  status: number;
  /**
   * This answer's `X-Request-Id`. On an idempotent replay it is new, while a body's own `requestId` is the original
   * request's.
   */
  requestId: string;
  rateLimit: RateLimit;
  /** The server replayed the stored answer to this request's `Idempotency-Key` (`Idempotent-Replayed: true`). */
  replayed: boolean;
}

/**
 * A score answer. `cache` says where it came from: `miss` a new answer, `revalidated` a 304 to the cached ETag (not
 * billed), `hit` the cache within `max-age`, with no request at all (its request id and rate limit are those of the
 * answer that filled the cache).
 */
export type ScoreResult = ApiResult<Score> & { cache: "miss" | "revalidated" | "hit" };

/**
 * A batch of any length: the answers of its requests of at most 100 agents merged, with every request's id.
 * `summary.requested` counts what was passed, `unique` the addresses left once duplicates were dropped.
 */
export type BatchVerification = Omit<BatchAnswer, "requestId"> & { requestIds: string[] };

/** Per call: an `Idempotency-Key` of your own (POST only; one is generated otherwise) and a signal to cancel. */
export interface CallOptions {
  idempotencyKey?: string;
  signal?: AbortSignal;
}
