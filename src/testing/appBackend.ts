import type { Backend } from "@/server/backend";
import type { Caller } from "./types";

/**
 * The app's backend door over a test backend's caller (convex-test or the engine's): it adds the server secret,
 * as the real door does. Live queries are the embedded engine's (`engine.subscribe`); tests of them use it.
 */
export function appBackendOver(caller: Caller<"public" | "internal">, serverSecret: string): Backend {
  const secret = (args: object) => ({ ...args, serverSecret }) as never;
  return {
    kind: "embedded",
    query: (ref, args) => caller.query(ref, secret(args)),
    mutation: (ref, args) => caller.mutation(ref, secret(args)),
    action: (ref, args) => caller.action(ref, secret(args)),
    subscribe: () => Promise.reject(new Error("This test backend has no live queries: use the embedded engine's subscribe.")),
    close: async () => undefined,
  };
}
