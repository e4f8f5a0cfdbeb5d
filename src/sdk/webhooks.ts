/** The team's webhook endpoints (`/api/v1/webhooks…`), and the check of a delivery's signature. */
import type { Transport } from "./transport.js";
import type { ApiResult, CallOptions, CreatedWebhook, CreateWebhookRequest, RotatedWebhookSecret, WebhookDetail, WebhookList, WebhookTestSent } from "./types.js";
import { verifyWebhook, type VerifyWebhookOptions, type WebhookEvent, type WebhookHeaders } from "./webhookSignature.js";

const endpoint = (id: string) => `/api/v1/webhooks/${encodeURIComponent(id)}`;

export class Webhooks {
  constructor(private readonly transport: Transport) {}

  /** 201 with the signing secret, which only this answer (and a rotation's) shows. */
  create(request: CreateWebhookRequest, options?: CallOptions): Promise<ApiResult<CreatedWebhook>> {
    return this.transport.request({ method: "POST", path: "/api/v1/webhooks", body: request, options });
  }

  list(options?: CallOptions): Promise<ApiResult<WebhookList>> {
    return this.transport.request({ method: "GET", path: "/api/v1/webhooks", options });
  }

  /** The endpoint and its latest 100 deliveries. */
  get(id: string, options?: CallOptions): Promise<ApiResult<WebhookDetail>> {
    return this.transport.request({ method: "GET", path: endpoint(id), options });
  }

  delete(id: string, options?: CallOptions): Promise<ApiResult<undefined>> {
    return this.transport.request({ method: "DELETE", path: endpoint(id), options });
  }

  /** Sends a `webhook.test` event to the endpoint (202). */
  test(id: string, options?: CallOptions): Promise<ApiResult<WebhookTestSent>> {
    return this.transport.request({ method: "POST", path: `${endpoint(id)}/test`, options });
  }

  /** A new secret; for 24 h both sign each delivery. */
  rotateSecret(id: string, options?: CallOptions): Promise<ApiResult<RotatedWebhookSecret>> {
    return this.transport.request({ method: "POST", path: `${endpoint(id)}/rotate-secret`, options });
  }

  /** The delivery's event once its Standard Webhooks signature and timestamp check out (`verifyWebhook`). */
  verify(payload: string | Uint8Array, headers: WebhookHeaders, secret: string, options?: VerifyWebhookOptions): Promise<WebhookEvent> {
    return verifyWebhook(payload, headers, secret, options);
  }
}
