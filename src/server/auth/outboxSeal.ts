/**
 * The dev outbox's mail bodies at rest: AES-256-GCM (convex/lib/secretBox.ts) under a key made once and kept in
 * DATA_DIR (0600), like the development webhook key. The database holds no sign-in or invite token in clear;
 * the outbox page, on the same machine, opens them so a developer can click the link.
 */
import { randomBytes } from "node:crypto";
import { decryptSecret, encryptSecret } from "../../../convex/lib/secretBox";
import { persistedDevSecret } from "../backend/devSecret";
import { outboxAccessSecret } from "./outboxAccess";

export const OUTBOX_KEY_FILE = "dev-outbox.key";

export interface MailBody {
  text: string;
  html?: string;
}

function outboxKey(): string {
  return persistedDevSecret(OUTBOX_KEY_FILE, () => randomBytes(32).toString("base64"), "DEV_OUTBOX: made the key that seals outbox mail in DATA_DIR");
}

/** The outbox's access secret on this server (outboxAccess.ts), made from the key in its DATA_DIR. */
export function localOutboxAccessSecret(): string {
  return outboxAccessSecret(outboxKey());
}

export function sealMailBody(body: MailBody): Promise<string> {
  return encryptSecret(JSON.stringify(body), outboxKey());
}

/** Null when the body was sealed under another key (DATA_DIR's key file was replaced): the mail is unreadable. */
export async function openMailBody(ciphertext: string): Promise<MailBody | null> {
  try {
    return JSON.parse(await decryptSecret(ciphertext, outboxKey())) as MailBody;
  } catch {
    return null;
  }
}
