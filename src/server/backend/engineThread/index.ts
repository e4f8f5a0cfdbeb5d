/**
 * The embedded engine on a thread of its own, for the server (prisma-free-notes/engine.md, "Engine thread"). The
 * main thread keeps HTTP, Hono and Next; the engine's transactions, scheduler and crons run beside it on another
 * core, and coalesced calls travel as one message each way. The server's throughput is then bound by the larger
 * of the two threads' costs per call rather than by their sum.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SHARE_ENV, Worker } from "node:worker_threads";
import { getFunctionName } from "convex/server";
import { logger } from "../../http/logger";
import type { Backend } from "../types";
import { withSecret } from "../withSecret";
import type { LiveUpdate } from "../types";
import { fromWire, type Kind, type LiveMessage, type Ready, type Reply, type Request, type Unsubscribe } from "./protocol";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

// A plain path, not `new URL(…, import.meta.url)`: bundlers treat that pattern as an asset to emit.
const workerFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "worker.ts");

/**
 * A worker thread does not inherit the module hooks its parent registered with `--import tsx`, so its entry
 * registers tsx itself before loading the TypeScript worker.
 */
const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(workerFile).href)}); })`;

export async function openEngineThreadBackend(options: { runScheduler: boolean }): Promise<Backend> {
  // Before the worker starts: with no configured secret this sets a generated one in the environment it shares.
  const secret = withSecret("embedded");
  const worker = new Worker(bootstrap, { eval: true, workerData: options, env: SHARE_ENV });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let stopped: Error | null = null;
  let closing = false;

  const stop = (error: Error) => {
    stopped ??= error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };

  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`the engine thread exited with code ${code} before it was ready`));
    worker.once("error", reject);
    worker.once("exit", onExit);
    worker.once("message", (ready: Ready) => {
      worker.off("error", reject);
      worker.off("exit", onExit);
      if (ready.ready) resolve();
      else reject(fromWire(ready.error));
    });
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });

  const live = new Map<number, (update: LiveUpdate<unknown>) => void>();
  worker.on("message", (reply: Reply | LiveMessage) => {
    if ("live" in reply) {
      const { update } = reply;
      live.get(reply.live)?.("error" in update ? { error: fromWire(update.error) } : update);
      return;
    }
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    if (reply.ok) call.resolve(reply.value);
    else call.reject(fromWire(reply.error));
  });
  worker.on("error", (error) => {
    logger.error({ err: error }, "the engine thread failed");
    stop(new Error("The engine thread failed; the server must be restarted."));
  });
  worker.on("exit", (code) => {
    if (!closing) logger.error({ code }, "the engine thread exited");
    stop(new Error("The engine thread has stopped."));
  });

  const send = (message: DistributiveOmit<Request, "id">): Promise<unknown> => {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id } as Request);
    });
  };
  const subscribe: Backend["subscribe"] = async (ref, args, onUpdate) => {
    // The id send() gives the subscribe request (it takes nextId synchronously): updates carry it.
    const id = nextId;
    live.set(id, onUpdate as (update: LiveUpdate<unknown>) => void);
    const end = () => {
      if (!live.delete(id) || stopped) return;
      worker.postMessage({ kind: "unsubscribe", live: id } satisfies Unsubscribe);
    };
    try {
      const value = await send({ kind: "subscribe", name: getFunctionName(ref), args: secret(args) });
      return { value: value as never, close: end };
    } catch (error) {
      live.delete(id);
      throw error;
    }
  };
  const call = (kind: Kind) => (ref: Parameters<typeof getFunctionName>[0], args: object) =>
    send({ kind, name: getFunctionName(ref), args: secret(args) }) as never;

  let closed: Promise<void> | undefined;
  return {
    kind: "embedded",
    query: call("query"),
    mutation: call("mutation"),
    action: call("action"),
    subscribe,
    close() {
      closed ??= (async () => {
        try {
          await send({ kind: "close" });
        } finally {
          closing = true;
          await worker.terminate();
        }
      })();
      return closed;
    },
  };
}
