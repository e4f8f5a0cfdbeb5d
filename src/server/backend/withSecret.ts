import { serverSecret } from "./config";

/** Every call from the app carries the server secret; callers never handle it. */
export function withSecret(kind: "embedded" | "convex") {
  const secret = serverSecret(kind);
  // The cast is the one place where the Backend's "args without the secret" meets the function's real args.
  return <A extends object>(args: A) => ({ ...args, serverSecret: secret }) as never;
}
