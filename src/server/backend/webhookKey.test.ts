import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEV_KEY_FILE, ensureWebhookEncryptionKey } from "./webhookKey";

describe("ensureWebhookEncryptionKey", () => {
  const saved = { key: process.env.WEBHOOK_ENCRYPTION_KEY, dataDir: process.env.DATA_DIR };
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "ghostspeak-key-"));
    process.env.DATA_DIR = dir;
    delete process.env.WEBHOOK_ENCRYPTION_KEY;
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const [name, value] of [["WEBHOOK_ENCRYPTION_KEY", saved.key], ["DATA_DIR", saved.dataDir]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("generates a development key once, readable by its owner only, and reuses it after a restart", () => {
    ensureWebhookEncryptionKey();
    const key = process.env.WEBHOOK_ENCRYPTION_KEY!;
    expect(Buffer.from(key, "base64")).toHaveLength(32);
    const file = path.join(dir, DEV_KEY_FILE);
    expect(readFileSync(file, "utf8").trim()).toBe(key);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    delete process.env.WEBHOOK_ENCRYPTION_KEY;
    ensureWebhookEncryptionKey();
    expect(process.env.WEBHOOK_ENCRYPTION_KEY).toBe(key);
  });

  it("keeps a configured key and refuses a malformed one", () => {
    const configured = Buffer.alloc(32, 1).toString("base64");
    process.env.WEBHOOK_ENCRYPTION_KEY = configured;
    ensureWebhookEncryptionKey();
    expect(process.env.WEBHOOK_ENCRYPTION_KEY).toBe(configured);
    process.env.WEBHOOK_ENCRYPTION_KEY = Buffer.alloc(16).toString("base64");
    expect(() => ensureWebhookEncryptionKey()).toThrow(/32 bytes/);
  });
});
