import { openEngine, type Engine } from "@/engine";
import { reportJobFailure } from "../observability/sentry";
import { logger } from "../http/logger";
import { convexModules } from "./convexModules.generated";
import { databasePath } from "./config";
import { makeDataDirPrivate } from "./privateDataDir";
import { ensureWebhookEncryptionKey } from "./webhookKey";
import { withSecret } from "./withSecret";
import type { Backend } from "./types";

/** The engine on DATA_DIR's database with this app's convex/ modules, wherever it runs (this thread or its own). */
export function openAppEngine(options: { runScheduler: boolean }): Promise<Engine> {
  const tightened = makeDataDirPrivate();
  if (tightened.length > 0) logger.warn({ paths: tightened }, "DATA_DIR was readable by others: made it and its files owner-only");
  ensureWebhookEncryptionKey();
  return openEngine({
    dbPath: databasePath(),
    modules: convexModules,
    runScheduler: options.runScheduler,
    // A function past 80 % of one of Convex's transaction limits (prisma-free-notes/engine.md, "Limits").
    onWarning: ({ udfPath, limit, value, max }) =>
      logger.warn({ udfPath, limit, value, max }, `"${udfPath}" is near Convex's ${limit} limit: ${value} of ${max}`),
    // A scheduled function or cron that threw (webhook deliveries, the usage roll-up, Stripe calls in actions):
    // reported to Sentry when configured, once, after its failure was committed.
    onJobFailed: reportJobFailure,
  });
}

export const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** The convex/ functions run in this thread on SQLite (the CLI, Next alone, tests). */
export async function openEmbeddedBackend(options: { runScheduler: boolean }): Promise<Backend> {
  return backendOverEngine(await openAppEngine(options), withSecret("embedded"));
}

/** The backend door over an open engine; `secret` adds the server secret to a call's arguments. */
export function backendOverEngine(engine: Engine, secret: <A extends object>(args: A) => never): Backend {
  return {
    kind: "embedded",
    query: (ref, args) => engine.runQuery(ref, secret(args)),
    mutation: (ref, args) => engine.runMutation(ref, secret(args)),
    action: (ref, args) => engine.runAction(ref, secret(args)),
    subscribe: (ref, args, onUpdate) => engine.subscribe(ref, secret(args), (update) => onUpdate("error" in update ? { error: asError(update.error) } : update)),
    close: () => engine.close(),
  };
}
