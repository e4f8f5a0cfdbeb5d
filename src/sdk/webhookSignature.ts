/**
 * Verifies a delivery's Standard Webhooks signature (SPEC §4): `webhook-signature` holds one or more `v1,<base64
 * HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">` (two during a secret rotation), keyed with the bytes of
 * the `whsec_` secret. Web Crypto only; `crypto.subtle.verify` compares in constant time.
 */
import type { WebhookEventType } from "./types.js";

/** What a delivery's body holds. `data` depends on `type` (the webhook docs list each event's fields). */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: Record<string, unknown>;
}

export class WebhookVerificationError extends Error {
  override name = "WebhookVerificationError";
}

/** A `Headers` object or a plain record of them (Node's `request.headers`), names in any case. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyWebhookOptions {
  /** How far `webhook-timestamp` may be from now; the API asks receivers to allow 5 minutes. */
  toleranceSeconds?: number;
  /** The time to check against (a stored delivery's receipt time), instead of now. */
  now?: Date | number;
}

const encoder = new TextEncoder();

function header(headers: WebhookHeaders, name: string): string | undefined {
  // Duck-typed: a Headers class other than this realm's global (a polyfill, a VM's) still has get().
  if (typeof headers.get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(" ") : value;
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

/** The key bytes of a secret, with or without its `whsec_` prefix (Standard Webhooks libraries accept both). */
function secretKey(secret: string): Promise<CryptoKey> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = base64Bytes(secret.startsWith("whsec_") ? secret.slice(6) : secret);
  } catch {
    throw new TypeError("A webhook secret is whsec_ followed by base64.");
  }
  if (bytes.length === 0) throw new TypeError("The webhook secret is empty.");
  return crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
}

/** The delivery's event once its signature and timestamp check out; `WebhookVerificationError` otherwise. */
export async function verifyWebhook(payload: string | Uint8Array, headers: WebhookHeaders, secret: string, options: VerifyWebhookOptions = {}): Promise<WebhookEvent> {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError("The webhook-id, webhook-timestamp and webhook-signature headers are required.");
  if (!/^\d+$/.test(timestamp)) throw new WebhookVerificationError("webhook-timestamp is not Unix seconds.");
  const now = Math.floor(Number(options.now ?? Date.now()) / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) {
    throw new WebhookVerificationError("webhook-timestamp is too far from now: a delayed or replayed delivery.");
  }
  const key = await secretKey(secret);
  // The signature covers the body's bytes as sent; bytes are signed as given, never decoded and encoded again.
  const bodyBytes = typeof payload === "string" ? encoder.encode(payload) : payload;
  const prefix = encoder.encode(`${id}.${timestamp}.`);
  const signed = new Uint8Array(prefix.length + bodyBytes.length);
  signed.set(prefix);
  signed.set(bodyBytes, prefix.length);
  for (const signature of signatures.split(" ")) {
    const [version, value] = signature.split(",");
    if (version !== "v1" || !value) continue;
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = base64Bytes(value);
    } catch {
      continue;
    }
    if (await crypto.subtle.verify("HMAC", key, bytes, signed)) return JSON.parse(new TextDecoder().decode(bodyBytes)) as WebhookEvent;
  }
  throw new WebhookVerificationError("No signature in webhook-signature matches the body and the secret.");
}
