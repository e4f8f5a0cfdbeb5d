import { ConvexHttpClient } from "convex/browser";
import { withSecret } from "./withSecret";
import type { Backend } from "./types";

/** A Convex deployment at CONVEX_URL; its crons and scheduler run there, so closing is a no-op. */
export function openConvexBackend(url: string): Backend {
  const client = new ConvexHttpClient(url, { logger: false });
  const secret = withSecret("convex");
  // skipQueue: independent requests must not wait for each other's mutations.
  return {
    kind: "convex",
    query: (ref, args) => client.query(ref, secret(args)),
    mutation: (ref, args) => client.mutation(ref, secret(args), { skipQueue: true }),
    action: (ref, args) => client.action(ref, secret(args)),
    close: async () => {},
  };
}
