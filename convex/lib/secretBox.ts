/**
 * Webhook secrets at rest (SPEC §9): AES-256-GCM under the 32-byte key in `WEBHOOK_ENCRYPTION_KEY` (base64), with
 * Web Crypto only so the same code runs in the Convex runtime, in Node actions and in the embedded engine.
 *
 * Stored form: `v1.<base64 12-byte IV>.<base64 ciphertext+tag>`. The version prefix lets a later key or cipher
 * change be recognised row by row. A fresh random IV per encryption means the same secret never encrypts twice
 * to the same text.
 */

const VERSION = "v1";
const IV_BYTES = 12;
const KEY_BYTES = 32;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

/** The key bytes of a base64 key; throws unless it is exactly 32 bytes, so a typo never weakens the cipher. */
export function parseEncryptionKey(keyBase64: string): Uint8Array<ArrayBuffer> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = fromBase64(keyBase64.trim());
  } catch {
    throw new TypeError("WEBHOOK_ENCRYPTION_KEY must be base64");
  }
  if (bytes.length !== KEY_BYTES) throw new TypeError(`WEBHOOK_ENCRYPTION_KEY must decode to ${KEY_BYTES} bytes`);
  return bytes;
}

/** The configured key; the app server sets a persisted development key for the embedded engine when unset. */
export function configuredEncryptionKey(): string {
  const key = process.env.WEBHOOK_ENCRYPTION_KEY;
  if (!key) throw new Error("WEBHOOK_ENCRYPTION_KEY is not set: webhook secrets cannot be encrypted or read");
  return key;
}

async function importKey(keyBase64: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", parseEncryptionKey(keyBase64), { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
}

export async function encryptSecret(plaintext: string, keyBase64: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await importKey(keyBase64), encoder.encode(plaintext));
  return `${VERSION}.${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
}

/** Throws when the text was not sealed under this key or was altered (GCM's tag fails). */
export async function decryptSecret(stored: string, keyBase64: string): Promise<string> {
  const [version, iv, sealed, ...rest] = stored.split(".");
  if (version !== VERSION || !iv || !sealed || rest.length > 0) throw new TypeError("not a sealed webhook secret");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64(iv) }, await importKey(keyBase64), fromBase64(sealed));
  return decoder.decode(plain);
}
