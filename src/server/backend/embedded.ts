import { openEngine, type Engine } from "@/engine";
import { convexModules } from "./convexModules.generated";
import { databasePath } from "./config";
import { ensureWebhookEncryptionKey } from "./webhookKey";
import { withSecret } from "./withSecret";
import type { Backend } from "./types";

/** The default backend: the convex/ functions run in this process on SQLite. */
export async function openEmbeddedBackend(options: { runScheduler: boolean }): Promise<Backend> {
  ensureWebhookEncryptionKey();
  const engine: Engine = await openEngine({
    dbPath: databasePath(),
    modules: convexModules,
    runScheduler: options.runScheduler,
  });
  const secret = withSecret("embedded");
  return {
    kind: "embedded",
    query: (ref, args) => engine.runQuery(ref, secret(args)),
    mutation: (ref, args) => engine.runMutation(ref, secret(args)),
    action: (ref, args) => engine.runAction(ref, secret(args)),
    close: () => engine.close(),
  };
}
