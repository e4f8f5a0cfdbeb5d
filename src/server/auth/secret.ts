import { randomBytes } from "node:crypto";
import { persistedDevSecret } from "../backend/devSecret";

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
  return persistedDevSecret(
    "nextauth-secret",
    () => randomBytes(32).toString("base64url"),
    "NEXTAUTH_SECRET is not set: generated a development secret and stored it in DATA_DIR",
  );
}
