import { randomBytes } from "node:crypto";
import { parseEncryptionKey } from "../../../convex/lib/secretBox";
import { persistedDevSecret } from "./devSecret";

export const DEV_KEY_FILE = "webhook-encryption.key";

/**
 * Makes sure `WEBHOOK_ENCRYPTION_KEY` is set before the embedded engine runs a function that seals or opens a
 * webhook secret. Unset, a development key is generated once and kept in DATA_DIR beside the database it
 * protects (so secrets survive restarts and the CLI and the server agree), with a warning: anyone who can read
 * DATA_DIR can read the secrets. A Convex deployment gets the key with `npx convex env set`.
 */
export function ensureWebhookEncryptionKey(): void {
  const configured = process.env.WEBHOOK_ENCRYPTION_KEY;
  if (configured) {
    parseEncryptionKey(configured);
    return;
  }
  const key = persistedDevSecret(
    DEV_KEY_FILE,
    () => randomBytes(32).toString("base64"),
    "WEBHOOK_ENCRYPTION_KEY is not set: webhook secrets are encrypted with a development key kept in DATA_DIR",
  );
  parseEncryptionKey(key);
  process.env.WEBHOOK_ENCRYPTION_KEY = key;
}
