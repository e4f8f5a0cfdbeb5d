/**
 * The bench's engine thread (bench/lib/engineThread.ts): the server's engine thread
 * (src/server/backend/engineThread/worker.ts) with two things a bench needs: every transaction's statistics,
 * handed to the main thread on request, and calls passed as they come (the main thread adds the server secret to
 * public calls; internal ones, such as the usage roll-up the cron would run, go without it).
 */
import { parentPort, workerData } from "node:worker_threads";
import { openEngine, type TransactionStats } from "@/engine";
import { convexModules } from "@/server/backend/convexModules.generated";
import { toWire } from "@/server/backend/engineThread/protocol";
import type { ThreadReady, ThreadReply, ThreadRequest } from "./engineThread";

const port = parentPort;
if (!port) throw new Error("engineThreadWorker.ts runs as a worker thread only");

const { dbPath } = workerData as { dbPath: string };
let stats: TransactionStats[] = [];

try {
  const engine = await openEngine({
    dbPath,
    modules: convexModules,
    runScheduler: false,
    onWarning: () => {},
    onTransaction: (s) => stats.push({ ...s, access: undefined }),
  });
  const run = { query: engine.runQuery, mutation: engine.runMutation, action: engine.runAction };
  port.on("message", (request: ThreadRequest) => {
    const reply = (promise: Promise<unknown>) =>
      promise.then(
        (value: unknown) => port.postMessage({ id: request.id, ok: true, value } satisfies ThreadReply),
        (error: unknown) => port.postMessage({ id: request.id, ok: false, error: toWire(error) } satisfies ThreadReply),
      );
    if (request.kind === "close") return void setImmediate(() => void reply(engine.close().then(() => null)));
    if (request.kind === "stats") {
      const taken = stats;
      stats = [];
      return void reply(Promise.resolve(taken));
    }
    // As the server's engine thread does: the call starts on its own turn of the event loop, so a long query's
    // pauses (the engine's query slices) take turns with the calls arriving, instead of waiting for the port to
    // drain (Node handles up to 1,000 queued messages in one go).
    if (request.kind === "query" || request.kind === "mutation" || request.kind === "action") {
      const { kind, name, args } = request;
      setImmediate(() => void reply(run[kind](name, args)));
    }
  });
  port.postMessage({ ready: true } satisfies ThreadReady);
} catch (error) {
  port.postMessage({ ready: false, error: toWire(error) } satisfies ThreadReady);
}
