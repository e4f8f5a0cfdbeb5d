/**
 * The engine thread: opens the embedded engine and runs the calls the main thread sends, one message each way.
 * The main thread adds the server secret to every call's arguments, as it does for an in-thread engine.
 */
import { parentPort, workerData } from "node:worker_threads";
import { flushSentry, initSentry } from "../../observability/sentry";
import { openAppEngine } from "../embedded";
import { toWire, type LiveMessage, type Ready, type Reply, type Request, type Unsubscribe } from "./protocol";

const port = parentPort;
if (!port) throw new Error("engineThread/worker.ts runs as a worker thread only");

const { runScheduler } = workerData as { runScheduler: boolean };

try {
  // This thread's own Sentry client (a worker has its own globals), for the jobs it runs; off without SENTRY_DSN.
  await initSentry({ component: "engine", backend: "embedded" });
  const engine = await openAppEngine({ runScheduler });
  const run = { query: engine.runQuery, mutation: engine.runMutation, action: engine.runAction };
  /** Open live queries by id; an id whose unsubscribe came before its first result is closed when that arrives. */
  const live = new Map<number, () => void>();
  const ended = new Set<number>();
  const subscribe = (id: number, name: string, args: Record<string, unknown>) =>
    engine
      .subscribe(name, args, (update) => {
        const message: LiveMessage = { live: id, update: "error" in update ? { error: toWire(update.error) } : { value: update.value } };
        port.postMessage(message);
      })
      .then(({ value, close }) => {
        if (ended.delete(id)) close();
        else live.set(id, close);
        return value;
      });
  port.on("message", (request: Request | Unsubscribe) => {
    if (request.kind === "unsubscribe") {
      const close = live.get(request.live);
      if (close) {
        live.delete(request.live);
        close();
      } else ended.add(request.live);
      return;
    }
    if (request.kind === "close") {
      // After the calls sent before it have started (they start on immediates, below).
      setImmediate(() =>
        void engine.close().then(() => flushSentry()).then(
          () => port.postMessage({ id: request.id, ok: true, value: null } satisfies Reply),
          (error: unknown) => port.postMessage({ id: request.id, ok: false, error: toWire(error) } satisfies Reply),
        ),
      );
      return;
    }
    // Each call starts on a turn of the event loop of its own (an immediate), not inside the port's drain: Node
    // handles up to 1,000 queued messages in one go, so under load a long query that pauses between its slices
    // (src/engine/syscalls.ts, QUERY_SLICE_MS) would wait for every call that arrived meanwhile. Immediates run in
    // order, so calls and the query's slices take turns.
    const { kind, name, args } = request;
    setImmediate(() =>
      (kind === "subscribe" ? subscribe(request.id, name, args) : run[kind](name, args)).then(
        (value: unknown) => port.postMessage({ id: request.id, ok: true, value } satisfies Reply),
        (error: unknown) => port.postMessage({ id: request.id, ok: false, error: toWire(error) } satisfies Reply),
      ),
    );
  });
  port.postMessage({ ready: true } satisfies Ready);
} catch (error) {
  port.postMessage({ ready: false, error: toWire(error) } satisfies Ready);
}
