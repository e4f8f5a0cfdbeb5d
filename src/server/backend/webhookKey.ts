import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseEncryptionKey } from "../../../convex/lib/secretBox";
import { logger } from "../http/logger";
import { dataDir } from "./config";

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
  const file = path.join(dataDir(), DEV_KEY_FILE);
  mkdirSync(dataDir(), { recursive: true });
  try {
    // "wx": two processes starting together never overwrite each other's key; the loser reads the winner's.
    writeFileSync(file, randomBytes(32).toString("base64") + "\n", { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const key = readFileSync(file, "utf8").trim();
  parseEncryptionKey(key);
  process.env.WEBHOOK_ENCRYPTION_KEY = key;
  logger.warn({ file }, "WEBHOOK_ENCRYPTION_KEY is not set: webhook secrets are encrypted with a development key kept in DATA_DIR");
}
