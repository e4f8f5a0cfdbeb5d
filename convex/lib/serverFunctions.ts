/**
 * The only way to define a public function in convex/ (ARCHITECTURE.md, "Functions reachable from the
 * network"). On a Convex deployment every public function can be called by anyone who knows its name, so each
 * one takes a `serverSecret` argument that only the app server knows, checked in constant time against
 * `GHOSTSPEAK_SERVER_SECRET` before the handler runs. Handlers never see the secret. Everything the app server
 * does not call directly is `internal*` instead.
 *
 * Because of this guard, a handler may trust the user and team ids in its arguments: only the app server,
 * which derived them from a session or an API key, can have sent them.
 */
import { v, type ObjectType, type PropertyValidators, type Validator } from "convex/values";
import type { RegisteredAction, RegisteredMutation, RegisteredQuery } from "convex/server";
import { action, mutation, query, type ActionCtx, type MutationCtx, type QueryCtx } from "../_generated/server";
import { constantTimeEqual } from "./constantTime";
import { appError } from "./errors";

/** Set on every function built here, so a test can prove no public function lacks the guard. */
export const SERVER_GUARDED = "__ghostspeakServerGuarded";

/** Throws UNAUTHORIZED unless `given` is the configured server secret (an unset secret refuses everything). */
export function assertServerSecret(given: string): void {
  const expected = process.env.GHOSTSPEAK_SERVER_SECRET;
  if (!expected || !constantTimeEqual(given, expected)) {
    throw appError("UNAUTHORIZED", "This function is only callable by the GhostSpeak server.");
  }
}

type Definition<Ctx, Args extends PropertyValidators, Output> = {
  args: Args;
  returns?: Validator<Output, "required", string>;
  handler: (ctx: Ctx, args: ObjectType<Args>) => Promise<Output>;
};

type GuardedArgs<Args extends PropertyValidators> = ObjectType<Args> & { serverSecret: string };

function guarded<Ctx, Args extends PropertyValidators, Output>(definition: Definition<Ctx, Args, Output>) {
  return {
    args: { ...definition.args, serverSecret: v.string() },
    ...(definition.returns ? { returns: definition.returns } : {}),
    handler: async (ctx: Ctx, { serverSecret, ...args }: GuardedArgs<Args>): Promise<Output> => {
      assertServerSecret(serverSecret);
      return definition.handler(ctx, args as unknown as ObjectType<Args>);
    },
  };
}

/**
 * Convex's builders are typed for literal definitions; the wrapped definition is generic over the caller's
 * args, which TypeScript cannot match against their overloads, so the builders are called through this
 * plainer signature and the precise registered type is restored on the way out.
 */
type WrappedDefinition = ReturnType<typeof guarded<never, PropertyValidators, unknown>>;

function register(builder: unknown, definition: WrappedDefinition) {
  const fn = (builder as (definition: WrappedDefinition) => object)(definition);
  Object.defineProperty(fn, SERVER_GUARDED, { value: true });
  return fn;
}

export function serverQuery<Args extends PropertyValidators, Output>(
  definition: Definition<QueryCtx, Args, Output>,
): RegisteredQuery<"public", GuardedArgs<Args>, Promise<Output>> {
  return register(query, guarded(definition) as never) as RegisteredQuery<"public", GuardedArgs<Args>, Promise<Output>>;
}

export function serverMutation<Args extends PropertyValidators, Output>(
  definition: Definition<MutationCtx, Args, Output>,
): RegisteredMutation<"public", GuardedArgs<Args>, Promise<Output>> {
  return register(mutation, guarded(definition) as never) as RegisteredMutation<"public", GuardedArgs<Args>, Promise<Output>>;
}

export function serverAction<Args extends PropertyValidators, Output>(
  definition: Definition<ActionCtx, Args, Output>,
): RegisteredAction<"public", GuardedArgs<Args>, Promise<Output>> {
  return register(action, guarded(definition) as never) as RegisteredAction<"public", GuardedArgs<Args>, Promise<Output>>;
}
