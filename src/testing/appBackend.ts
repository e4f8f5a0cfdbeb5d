import type { Backend } from "@/server/backend";
import type { Caller } from "./types";

/**
 * The app's backend door over a test backend's caller (convex-test or the engine's): it adds the server secret,
 * as the real door does. A live query here runs once and never updates: what it checks (access, arguments) is
 * checked; liveness is the embedded engine's (`engine.subscribe`), tested with it.
 */
export function appBackendOver(caller: Caller<"public" | "internal">, serverSecret: string): Backend {
  const secret = (args: object) => ({ ...args, serverSecret }) as never;
  return {
    kind: "embedded",
    query: (ref, args) => caller.query(ref, secret(args)),
    mutation: (ref, args) => caller.mutation(ref, secret(args)),
    action: (ref, args) => caller.action(ref, secret(args)),
    subscribe: async (ref, args) => ({ value: await caller.query(ref, secret(args)), close: () => {} }),
    close: async () => undefined,
  };
}
