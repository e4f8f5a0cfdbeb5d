// Types and constants shared by the harness (backends.ts) and its two backends.
import type { FunctionArgs, FunctionReference, FunctionReturnType, GenericMutationCtx, SchemaDefinition, UserIdentity } from "convex/server";

/** 2026-01-01T00:00:00Z, a Thursday: the clock of every test starts here. */
export const START_TIME = Date.UTC(2026, 0, 1);

export type CallOptions = { identity?: Partial<UserIdentity> };
type Visibility = "public" | "internal";

export interface Caller<V extends Visibility> {
  query<F extends FunctionReference<"query", V>>(fn: F, args?: FunctionArgs<F>, opts?: CallOptions): Promise<FunctionReturnType<F>>;
  mutation<F extends FunctionReference<"mutation", V>>(fn: F, args?: FunctionArgs<F>, opts?: CallOptions): Promise<FunctionReturnType<F>>;
  action<F extends FunctionReference<"action", V>>(fn: F, args?: FunctionArgs<F>, opts?: CallOptions): Promise<FunctionReturnType<F>>;
}

export type BackendName = "convex-test" | "engine";

export interface TestBackend extends Caller<Visibility> {
  readonly backend: BackendName;
  /** Public functions only, as a browser or API client would reach them. */
  readonly client: Caller<"public">;
  run<T>(fn: (ctx: GenericMutationCtx<any>) => Promise<T>): Promise<T>;
  /** The backend's current time in ms (what `Date.now()` returns inside functions). */
  now(): number;
  /** Move the clock forward by `ms` and run everything scheduled up to the new time. */
  advance(ms: number): Promise<void>;
  /** Move the clock forward by `ms` and run nothing: jobs due meanwhile wait for the next `advance`. */
  skip(ms: number): Promise<void>;
  /** Free the backend's resources; the harness calls it after each test. */
  close(): Promise<void>;
}

export type ConvexFolder = {
  modules: Record<string, () => Promise<unknown>>;
  dir: string;
  schema: SchemaDefinition<any, boolean>;
};

/** Identity defaults both backends share, so a test sees the same claims on each. */
export function fullIdentity(identity: Partial<UserIdentity>): UserIdentity {
  const issuer = identity.issuer ?? "https://convex.test";
  const subject = identity.subject ?? "test-subject";
  return { ...identity, issuer, subject, tokenIdentifier: identity.tokenIdentifier ?? `${issuer}|${subject}` };
}

