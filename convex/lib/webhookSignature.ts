/**
 * Webhook signatures of SPEC §4, with Web Crypto only (the Convex runtime has no node:crypto and no Buffer).
 *
 * - Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, so customers can
 *   verify with any Standard Webhooks library.
 * - GhostSpeak: `X-GhostSpeak-Signature: <hex HMAC-SHA256 of "{timestamp}.{body}">`.
 *
 * Both use the secret's key bytes: the base64 after `whsec_`. During a secret rotation both secrets sign and each
 * header carries the two signatures separated by a space (the Standard Webhooks convention, which its libraries
 * accept).
 */

export const WEBHOOK_SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;
/** Standard Webhooks asks for keys of 24 to 64 bytes. */
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const encoder = new TextEncoder();

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function bytesToHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** `whsec_` + base64 of 32 bytes from the CSPRNG. */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + bytesToBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

/** The HMAC key bytes of a `whsec_…` secret; throws on anything else so a bad secret never signs silently. */
export function webhookSecretKeyBytes(secret: string): Uint8Array<ArrayBuffer> {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : null;
  if (encoded === null || !BASE64.test(encoded)) throw new TypeError("a webhook secret is whsec_ followed by base64");
  const binary = atob(encoded);
  if (binary.length < MIN_KEY_BYTES || binary.length > MAX_KEY_BYTES)
    throw new TypeError(`a webhook secret must decode to ${MIN_KEY_BYTES}–${MAX_KEY_BYTES} bytes`);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

async function hmacSha256(secret: string, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    webhookSecretKeyBytes(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
}

/** Unix seconds; a value past year 5000 is a millisecond timestamp passed by mistake. */
const MAX_TIMESTAMP_SEC = 1e11;

function assertTimestamp(timestampSec: number): void {
  if (!Number.isInteger(timestampSec) || timestampSec < 0 || timestampSec > MAX_TIMESTAMP_SEC)
    throw new RangeError("the timestamp is whole Unix seconds");
}

/** Standard Webhooks signature: `v1,` + base64 HMAC-SHA256 of `${id}.${timestampSec}.${body}`. */
export async function signStandard(secret: string, id: string, timestampSec: number, body: string): Promise<string> {
  assertTimestamp(timestampSec);
  return `v1,${bytesToBase64(await hmacSha256(secret, `${id}.${timestampSec}.${body}`))}`;
}

/** GhostSpeak signature: lowercase hex HMAC-SHA256 of `${timestampSec}.${body}`. */
export async function signGhostSpeak(secret: string, timestampSec: number, body: string): Promise<string> {
  assertTimestamp(timestampSec);
  return bytesToHex(await hmacSha256(secret, `${timestampSec}.${body}`));
}

/** One header value from several signatures (current secret first, then the one being rotated out). */
export function joinSignatures(signatures: readonly string[]): string {
  return signatures.join(" ");
}

/**
 * The signature headers of one delivery attempt. `secrets` are the endpoint's active secrets, newest first: one
 * normally, two during a rotation's overlap. `timestampSec` is the send time of this attempt, while `id` stays the
 * same across attempts so receivers can deduplicate.
 */
export async function webhookSignatureHeaders(args: {
  id: string;
  eventType: string;
  timestampSec: number;
  body: string;
  secrets: readonly string[];
}): Promise<Record<string, string>> {
  if (args.secrets.length === 0) throw new TypeError("at least one secret is needed to sign");
  const [standard, ghostSpeak] = await Promise.all([
    Promise.all(args.secrets.map((secret) => signStandard(secret, args.id, args.timestampSec, args.body))),
    Promise.all(args.secrets.map((secret) => signGhostSpeak(secret, args.timestampSec, args.body))),
  ]);
  const timestamp = String(args.timestampSec);
  return {
    "webhook-id": args.id,
    "webhook-timestamp": timestamp,
    "webhook-signature": joinSignatures(standard),
    "X-GhostSpeak-Event": args.eventType,
    "X-GhostSpeak-Timestamp": timestamp,
    "X-GhostSpeak-Signature": joinSignatures(ghostSpeak),
  };
}
