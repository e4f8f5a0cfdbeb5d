/**
 * The app's engine on a worker thread of its own, as the server runs it (src/server/backend/engineThread): the
 * calling thread keeps its event loop for the REST layer's work (the coalescer, the clients), the transactions run
 * on the other core, and each call is one structured-clone message each way. Unlike the server's, the scheduler is
 * off (the bench drives the jobs it wants) and every transaction's statistics can be fetched.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SHARE_ENV, Worker } from "node:worker_threads";
import type { TransactionStats } from "@/engine";
import { fromWire, type WireError } from "@/server/backend/engineThread/protocol";

export type ThreadRequest =
  | { id: number; kind: "query" | "mutation" | "action"; name: string; args: Record<string, unknown> }
  | { id: number; kind: "stats" | "close" };
export type ThreadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };
export type ThreadReady = { ready: true } | { ready: false; error: WireError };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const workerFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "engineThreadWorker.ts");
// A worker does not inherit the parent's `--import tsx` hooks: it registers tsx itself (as the server's does).
const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(workerFile).href)}); })`;

export interface EngineThread {
  query(name: string, args: Record<string, unknown>): Promise<any>;
  mutation(name: string, args: Record<string, unknown>): Promise<any>;
  /** The statistics of every transaction since the last call. */
  stats(): Promise<TransactionStats[]>;
  close(): Promise<void>;
}

export async function openEngineThread(dbPath: string): Promise<EngineThread> {
  const worker = new Worker(bootstrap, { eval: true, workerData: { dbPath }, env: SHARE_ENV });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  await new Promise<void>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (ready: ThreadReady) => (ready.ready ? resolve() : reject(fromWire(ready.error))));
  });
  worker.on("message", (reply: ThreadReply) => {
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    if (reply.ok) call.resolve(reply.value);
    else call.reject(fromWire(reply.error));
  });
  const send = (message: DistributiveOmit<ThreadRequest, "id">) =>
    new Promise<any>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  return {
    query: (name, args) => send({ kind: "query", name, args }),
    mutation: (name, args) => send({ kind: "mutation", name, args }),
    stats: () => send({ kind: "stats" }),
    async close() {
      try {
        await send({ kind: "close" });
      } finally {
        await worker.terminate();
      }
    },
  };
}
