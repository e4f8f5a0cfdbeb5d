import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "../backend/config";
import { logger } from "../http/logger";

/**
 * NEXTAUTH_SECRET signs next-auth's cookies and salts its verification tokens. Production must configure it.
 * Elsewhere one is generated once and kept in DATA_DIR, so sessions survive a restart and every process that
 * shares the data directory agrees on it. The custom server resolves it at start and puts it in the
 * environment, because Next's bundled code sees NODE_ENV as "production" whatever the process was started with.
 */
export function resolveAuthSecret(): string {
  const configured = process.env.NEXTAUTH_SECRET;
  if (configured) return configured;
  if (process.env.NODE_ENV === "production") {
    throw new Error("NEXTAUTH_SECRET must be set in production");
  }
  const file = path.join(dataDir(), "nextauth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dataDir(), { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    // `wx`: if another process wrote it first, keep theirs.
    try {
      writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      logger.warn({ file }, "NEXTAUTH_SECRET is not set: generated a development secret and stored it in DATA_DIR");
      return secret;
    } catch {
      return readFileSync(file, "utf8").trim();
    }
  }
}
