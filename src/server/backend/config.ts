import { randomBytes } from "node:crypto";
import path from "node:path";

/** Where the embedded engine keeps its database (SPEC §11: DATA_DIR, default `.data/`). */
export function dataDir(): string {
  // Not a build-time path: tell Turbopack not to trace the whole project into the build for it.
  return path.resolve(/* turbopackIgnore: true */ process.env.DATA_DIR ?? ".data");
}

/** Which backend this process runs convex/ on: a Convex deployment when `CONVEX_URL` is set, else the embedded engine. */
export function backendKind(): "embedded" | "convex" {
  return process.env.CONVEX_URL ? "convex" : "embedded";
}

export function databasePath(): string {
  return path.join(dataDir(), "ghostspeak.db");
}

/**
 * The secret that proves a call comes from our own app server (ARCHITECTURE.md, "Functions reachable from
 * the network"). A Convex deployment must be given one; the embedded engine runs the functions in this very
 * process, so a random one per process is enough when none is configured.
 */
export function serverSecret(kind: "embedded" | "convex"): string {
  const configured = process.env.GHOSTSPEAK_SERVER_SECRET;
  if (configured) return configured;
  if (kind === "convex") {
    throw new Error("GHOSTSPEAK_SERVER_SECRET must be set (here and on the Convex deployment) when CONVEX_URL is set");
  }
  const generated = randomBytes(32).toString("base64url");
  process.env.GHOSTSPEAK_SERVER_SECRET = generated;
  return generated;
}
