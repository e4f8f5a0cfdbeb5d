import { ConvexClient, ConvexHttpClient } from "convex/browser";
import WebSocket from "ws";
import { withSecret } from "./withSecret";
import type { Backend, LiveUpdate } from "./types";

/** A Convex deployment at CONVEX_URL; its crons and scheduler run there, so closing only ends live queries. */
export function openConvexBackend(url: string): Backend {
  const client = new ConvexHttpClient(url, { logger: false });
  const secret = withSecret("convex");
  // Live queries share one WebSocket, opened by the first (Node 20 has no WebSocket of its own: `ws` is one).
  let live: ConvexClient | undefined;
  const liveClient = () => (live ??= new ConvexClient(url, { logger: false, webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket }));
  // skipQueue: independent requests must not wait for each other's mutations.
  return {
    kind: "convex",
    query: (ref, args) => client.query(ref, secret(args)),
    mutation: (ref, args) => client.mutation(ref, secret(args), { skipQueue: true }),
    action: (ref, args) => client.action(ref, secret(args)),
    subscribe: (ref, args, onUpdate) =>
      new Promise((resolve, reject) => {
        let first = true;
        const settle = (update: LiveUpdate<unknown>) => {
          if (!first) return onUpdate(update as never);
          first = false;
          if ("error" in update) {
            unsubscribe();
            reject(update.error);
          } else resolve({ value: update.value as never, close: () => unsubscribe() });
        };
        const unsubscribe = liveClient().onUpdate(ref, secret(args) as never, (value) => settle({ value }), (error) => settle({ error }));
      }),
    close: async () => {
      await live?.close();
    },
  };
}
