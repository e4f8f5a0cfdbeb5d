/**
 * Live pages (issue 17): a subscription procedure streams what one of the page's queries answers, the first time
 * when it opens (a reconnect catches up at once) and again each time that changes; the page puts it in its query
 * cache. Each value goes through the same shaping as the query procedure's answer, so the browser gets the same
 * figures, authorised the same way. Underneath, the Convex query is kept live by the backend (`Backend.subscribe`:
 * the engine re-runs it after the commits that wrote into what it read, within its budget; a deployment pushes
 * over its WebSocket), and so is the caller's membership: when they are removed from the team or their role loses
 * the permission, the stream ends with FORBIDDEN.
 */
import { TRPCError } from "@trpc/server";
import type { FunctionReference, FunctionReturnType } from "convex/server";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { can, type Permission } from "../../../convex/lib/permissions";
import type { Backend, LiveSubscription } from "../backend/types";
import { appErrorData } from "../http/appError";
import { trpcCodeFor } from "./init";

/** Live streams one user may hold open on this server (all their tabs together). */
export const MAX_STREAMS_PER_USER = 24;

const openByUser = new Map<string, number>();

/** What the live queries report: the watched query's new value, the caller's access ending, or a failure. */
type LiveEvent = { value: unknown } | "removed" | "demoted" | Error;

/** What the page shows now (`data`, shaped as its query procedure answers) and when the server sent it. */
export type LiveChange<T> = { at: number; data: T };

export interface LiveScope {
  backend: Backend;
  userId: Id<"users">;
  team: { _id: Id<"teams"> };
  permission: Permission;
}

/**
 * Opens the live queries, then yields the shaped value when the stream opens and after every change (only the
 * latest of changes that came together). A refusal at the start (not a member, another team's key, too many
 * streams) is the stream's first event rather than an HTTP error: a browser logs every 4xx answer as a console
 * error, and a page whose access just ended (its owner removed it, the team deleted) would log one each time
 * EventSource reconnects.
 */
export async function watch<Ref extends FunctionReference<"query", "public">, T = FunctionReturnType<Ref>>(
  scope: LiveScope,
  ref: Ref,
  args: Omit<Ref["_args"], "serverSecret">,
  signal: AbortSignal | undefined,
  shape?: (value: FunctionReturnType<Ref>) => T | Promise<T>,
): Promise<AsyncGenerator<LiveChange<T>>> {
  const view = async (value: unknown): Promise<T> => (shape ? shape(value as FunctionReturnType<Ref>) : (value as T));
  const open = openByUser.get(scope.userId) ?? 0;
  if (open >= MAX_STREAMS_PER_USER) return refusal(new TRPCError({ code: "TOO_MANY_REQUESTS", message: `At most ${MAX_STREAMS_PER_USER} live views at once: close a tab.` }));
  openByUser.set(scope.userId, open + 1);

  // Events from both live queries, in arrival order; `wake` resolves the stream's wait.
  const events: Array<LiveEvent> = [];
  let wake: (() => void) | undefined;
  const push = (event: LiveEvent) => {
    events.push(event);
    wake?.();
  };
  const subscriptions: Array<LiveSubscription<unknown>> = [];
  let first: unknown;
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
    const access = (membership: { role: Parameters<typeof can>[0] } | null) =>
      membership === null ? "removed" : can(membership.role, scope.permission) ? "allowed" : "demoted";
    const membership = await scope.backend.subscribe(api.teams.getMembership, { userId: scope.userId, teamId: scope.team._id }, (update) => {
      if ("error" in update) return push(update.error);
      // A change that keeps access (owner ↔ admin) shows through the watched query, which reads the membership too.
      const now = access(update.value);
      if (now !== "allowed") push(now);
    });
    subscriptions.push(membership);
    const now = access(membership.value);
    if (now !== "allowed") throw accessLost(now);
    const watched = await scope.backend.subscribe(ref, args, (update) => push("error" in update ? update.error : { value: update.value }));
    subscriptions.push(watched);
    first = watched.value;
  } catch (error) {
    release();
    return refusal(error instanceof TRPCError ? error : accessError(error));
  }
  signal?.addEventListener("abort", onAbort);

  return (async function* stream(): AsyncGenerator<LiveChange<T>> {
    started = true;
    try {
      yield { at: Date.now(), data: await view(first) };
      while (!signal?.aborted) {
        if (events.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        const batch = events.splice(0);
        const failure = batch.find((event) => typeof event !== "object" || event instanceof Error);
        if (failure === "removed" || failure === "demoted") throw accessLost(failure);
        // The watched query refusing the caller is the same loss of access; anything else is a failure of ours.
        if (failure instanceof Error) throw accessError(failure);
        const latest = batch.findLast((event): event is { value: unknown } => typeof event === "object" && !(event instanceof Error));
        if (latest) yield { at: Date.now(), data: await view(latest.value) };
      }
    } finally {
      release();
    }
  })();
}

/** A stream whose only event is the error. */
async function* refusal(error: Error): AsyncGenerator<never> {
  throw error;
}

/** An app error from a watched query as the portal gives it for the query itself; anything else is a failure of ours. */
function accessError(error: unknown): Error {
  const app = appErrorData(error);
  if (!app) return error instanceof Error ? error : new Error(String(error));
  return new TRPCError({ code: trpcCodeFor[app.code], message: app.message });
}

/** Why the caller's access ended, in words the page shows as they are. */
function accessLost(why: "removed" | "demoted"): TRPCError {
  const message = why === "removed" ? "You are no longer a member of this team." : "Your role in this team no longer allows this page.";
  return new TRPCError({ code: "FORBIDDEN", message });
}
