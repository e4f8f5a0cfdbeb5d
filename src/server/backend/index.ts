import { backendKind } from "./config";
import { openConvexBackend } from "./convexDeployment";
import { openEmbeddedBackend } from "./embedded";
import { openEngineThreadBackend } from "./engineThread";
import type { Backend } from "./types";

export type { Backend } from "./types";

// Kept on globalThis: the custom server (tsx) and Next's bundled route handlers load this module separately
// but must share one engine, one database connection set and one scheduler.
const slot = Symbol.for("ghostspeak.backend");
type Holder = { [slot]?: Promise<Backend> };
const holder = globalThis as Holder;

export interface BackendOptions {
  /** Run scheduled jobs and crons in this process (the server does; the operator CLI does not). */
  runScheduler?: boolean;
  /**
   * Run the embedded engine on a worker thread of its own (the server does, so HTTP and transactions use two
   * cores); otherwise in this thread. Ignored for a Convex deployment.
   */
  engineThread?: boolean;
}

export function getBackend(options: BackendOptions = {}): Promise<Backend> {
  holder[slot] ??= open(options).catch((error: unknown) => {
    delete holder[slot];
    throw error;
  });
  return holder[slot];
}

export async function closeBackend(): Promise<void> {
  const pending = holder[slot];
  delete holder[slot];
  if (pending) await (await pending).close();
}

function open({ runScheduler = true, engineThread = false }: BackendOptions): Promise<Backend> {
  if (backendKind() === "convex") return Promise.resolve(openConvexBackend(process.env.CONVEX_URL!));
  return engineThread ? openEngineThreadBackend({ runScheduler }) : openEmbeddedBackend({ runScheduler });
}
