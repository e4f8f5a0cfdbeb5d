// The convex-test side of the harness. convex-test keeps its scheduler on
// `setTimeout` and reads `Date.now()`, so the harness owns both through vitest's
// fake timers; setImmediate/performance stay real so the harness can still yield.
import { convexTest } from "convex-test";
import type { FunctionReference } from "convex/server";
import { vi } from "vitest";
import { assertPublic } from "./publicCheck";
import { type CallOptions, type ConvexFolder, fullIdentity, START_TIME, type TestBackend } from "./types";

const FAKED = ["Date", "setTimeout", "clearTimeout", "setInterval", "clearInterval"] as const;
const MAX_ROUNDS = 100;

const realTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function createConvexTestBackend(folder: ConvexFolder): Promise<TestBackend> {
  vi.useFakeTimers({ now: START_TIME, toFake: [...FAKED] });
  const root = convexTest(folder.schema, folder.modules);
  const as = (opts?: CallOptions) => (opts?.identity ? root.withIdentity(fullIdentity(opts.identity)) : root);

  // An action may await a 0 ms timer (as a real one may await I/O); with the clock
  // standing still those timers only fire when pumped, without moving time.
  async function pumpTimersUntil<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    const done = promise.finally(() => {
      settled = true;
    });
    // Handled here while pumping; the caller still receives the rejection.
    done.catch(() => undefined);
    while (!settled) {
      vi.advanceTimersByTime(0);
      await realTick();
    }
    return done;
  }

  // True while a scheduled function is running or is pending and due.
  const anythingDue = () =>
    root.run(async (ctx) =>
      (await ctx.db.system.query("_scheduled_functions").collect()).some(
        (j) => j.state.kind === "inProgress" || (j.state.kind === "pending" && j.scheduledTime <= Date.now()),
      ),
    );

  const trusted = {
    query: (fn: FunctionReference<"query", any>, args?: any, opts?: CallOptions) => as(opts).query(fn, args ?? {}),
    mutation: (fn: FunctionReference<"mutation", any>, args?: any, opts?: CallOptions) => as(opts).mutation(fn, args ?? {}),
    action: (fn: FunctionReference<"action", any>, args?: any, opts?: CallOptions) =>
      pumpTimersUntil(as(opts).action(fn, args ?? {})),
  };

  return {
    backend: "convex-test",
    ...trusted,
    client: {
      query: async (fn, args, opts) => (await assertPublic(folder, fn), trusted.query(fn, args, opts)),
      mutation: async (fn, args, opts) => (await assertPublic(folder, fn), trusted.mutation(fn, args, opts)),
      action: async (fn, args, opts) => (await assertPublic(folder, fn), trusted.action(fn, args, opts)),
    },
    run: (fn) => root.run(fn),
    now: () => Date.now(),
    async advance(ms) {
      // Fires each due timer at its own time, so a job sees Date.now() = its scheduled time.
      await vi.advanceTimersByTimeAsync(ms);
      for (let round = 0; round < MAX_ROUNDS; round++) {
        await pumpTimersUntil(root.finishInProgressScheduledFunctions());
        if (!(await anythingDue())) return;
        await vi.advanceTimersByTimeAsync(0);
      }
      throw new Error(`scheduled functions still due after ${MAX_ROUNDS} rounds`);
    },
    async skip(ms) {
      // Fake Date moves; no timer fires until the next advance.
      vi.setSystemTime(Date.now() + ms);
    },
    async close() {
      vi.useRealTimers();
    },
  };
}
