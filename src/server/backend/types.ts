import type { FunctionReference } from "convex/server";

/**
 * The one door to convex/. Every call from the app (REST, tRPC, CLI, start-up) goes through a Backend.
 * Callers pass the function's arguments without the server secret; the door adds it.
 */
export interface Backend {
  readonly kind: "embedded" | "convex";
  query<Ref extends FunctionReference<"query", "public">>(ref: Ref, args: Omit<Ref["_args"], "serverSecret">): Promise<Ref["_returnType"]>;
  mutation<Ref extends FunctionReference<"mutation", "public">>(ref: Ref, args: Omit<Ref["_args"], "serverSecret">): Promise<Ref["_returnType"]>;
  action<Ref extends FunctionReference<"action", "public">>(ref: Ref, args: Omit<Ref["_args"], "serverSecret">): Promise<Ref["_returnType"]>;
  /**
   * A live query: its first result, then `onUpdate` with each different result (or the error it now fails with,
   * after which the caller should close) until `close()`. The embedded engine re-runs it after the commits that
   * wrote into what it read; a deployment pushes updates over the Convex client's WebSocket.
   */
  subscribe<Ref extends FunctionReference<"query", "public">>(
    ref: Ref,
    args: Omit<Ref["_args"], "serverSecret">,
    onUpdate: (update: LiveUpdate<Ref["_returnType"]>) => void,
  ): Promise<LiveSubscription<Ref["_returnType"]>>;
  /** Stops the scheduler (letting a running job finish) and closes the database. Idempotent. */
  close(): Promise<void>;
}

export type LiveUpdate<T> = { value: T } | { error: Error };

export interface LiveSubscription<T> {
  value: T;
  close(): void;
}
