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
  /** Stops the scheduler (letting a running job finish) and closes the database. Idempotent. */
  close(): Promise<void>;
}
