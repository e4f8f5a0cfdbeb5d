/**
 * Live pages (issue 17): a subscription procedure tells the browser when what one of its queries shows has
 * changed, and the browser refetches that query through the same procedure as before (so every figure is
 * authorised and shaped exactly as the page's query gives it). Underneath, the Convex query the page's procedure
 * reads is kept live by the backend (`Backend.subscribe`: the engine re-runs it after the commits that wrote into
 * what it read; a deployment pushes over its WebSocket), and so is the caller's membership: when they are removed
 * from the team or their role loses the permission, the stream ends with FORBIDDEN.
 */
import { TRPCError } from "@trpc/server";
import type { FunctionReference } from "convex/server";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { can, type Permission } from "../../../convex/lib/permissions";
import type { Backend, LiveSubscription } from "../backend/types";
import { appErrorData } from "../http/appError";

/** Live streams one user may hold open on this server (all their tabs together). */
export const MAX_STREAMS_PER_USER = 24;

const openByUser = new Map<string, number>();

/** A change of what the page shows: `at` orders them, so a reconnect can tell whether it missed one. */
export type LiveChange = { at: number };

export interface LiveScope {
  backend: Backend;
  userId: Id<"users">;
  team: { _id: Id<"teams"> };
  permission: Permission;
}

/**
 * Opens the live queries before answering, so a caller refused by either (not a member, another team's key) gets
 * the refusal as the subscription's answer; then yields once when the stream opens (a reconnect refetches what it
 * may have missed) and after every change.
 */
export async function watch<Ref extends FunctionReference<"query", "public">>(
  scope: LiveScope,
  ref: Ref,
  args: Omit<Ref["_args"], "serverSecret">,
  signal: AbortSignal | undefined,
): Promise<AsyncGenerator<LiveChange>> {
  const open = openByUser.get(scope.userId) ?? 0;
  if (open >= MAX_STREAMS_PER_USER) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `At most ${MAX_STREAMS_PER_USER} live views at once: close a tab.` });
  openByUser.set(scope.userId, open + 1);

  // Events from both live queries, in arrival order; `wake` resolves the stream's wait.
  const events: Array<"changed" | "revoked" | Error> = [];
  let wake: (() => void) | undefined;
  const push = (event: "changed" | "revoked" | Error) => {
    events.push(event);
    wake?.();
  };
  const subscriptions: Array<LiveSubscription<unknown>> = [];
  let started = false;
  let released = false;
  // Aborted before anyone read the stream, its `finally` never runs (a generator not started has no try to leave).
  const onAbort = () => (started ? wake?.() : release());
  const release = () => {
    if (released) return;
    released = true;
    signal?.removeEventListener("abort", onAbort);
    for (const subscription of subscriptions) subscription.close();
    const left = (openByUser.get(scope.userId) ?? 1) - 1;
    if (left === 0) openByUser.delete(scope.userId);
    else openByUser.set(scope.userId, left);
  };
  try {
    const allowed = (membership: { role: Parameters<typeof can>[0] } | null) => membership !== null && can(membership.role, scope.permission);
    const membership = await scope.backend.subscribe(api.teams.getMembership, { userId: scope.userId, teamId: scope.team._id }, (update) =>
      push("error" in update ? update.error : allowed(update.value) ? "changed" : "revoked"),
    );
    subscriptions.push(membership);
    if (!allowed(membership.value)) throw revoked();
    subscriptions.push(await scope.backend.subscribe(ref, args, (update) => push("error" in update ? update.error : "changed")));
  } catch (error) {
    release();
    throw error;
  }
  signal?.addEventListener("abort", onAbort);

  return (async function* stream(): AsyncGenerator<LiveChange> {
    started = true;
    try {
      yield { at: Date.now() };
      while (!signal?.aborted) {
        if (events.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        const batch = events.splice(0);
        const failure = batch.find((event) => event !== "changed");
        if (failure === "revoked") throw revoked();
        // The watched query refusing the caller is the same loss of access; anything else is a failure of ours.
        if (failure instanceof Error) throw ["FORBIDDEN", "UNAUTHORIZED", "NOT_FOUND"].includes(appErrorData(failure)?.code ?? "") ? revoked() : failure;
        if (batch.length > 0) yield { at: Date.now() };
      }
    } finally {
      release();
    }
  })();
}

function revoked(): TRPCError {
  return new TRPCError({ code: "FORBIDDEN", message: "You no longer have access to this in this team." });
}
