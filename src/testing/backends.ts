/**
 * Parity harness: run one suite of Convex function tests against convex-test
 * AND the embedded engine (src/engine), so the engine is held to the behaviour
 * convex-test reproduces and convex-test's gaps show up as engine-only tests.
 *
 * ```ts
 * import { api, internal } from "./_generated/api";
 * import schema from "./schema";
 * import { describeBackends } from "@/testing/backends";
 *
 * describeBackends("teams", import.meta.glob("./**\/*.*s"), "./", schema, (t) => {
 *   it("creates a team", async () => {
 *     const id = await t.mutation(api.teams.create, { name: "a" }, { identity: { subject: "u1" } });
 *     expect(await t.query(internal.teams.get, { id })).toMatchObject({ name: "a" });
 *   });
 * });
 * ```
 *
 * - `modules` is `import.meta.glob` over the convex folder, written in the test
 *   file (Vite expands it there); it must include `_generated/` (convex-test
 *   finds the folder root through it). `dir` is the glob's prefix for that folder.
 * - `t.query/mutation/action(ref, args?, { identity? })` are trusted calls: public
 *   and internal functions, like a server calling its own backend.
 * - `t.client.query/mutation/action` may call public functions only; an internal
 *   one is refused as a Convex deployment refuses it over the network.
 * - `t.run(ctx => …)` runs ad-hoc code in a mutation context (setup, inspection).
 * - Time: every test starts at `START_TIME` on a clock that stands still.
 *   `t.advance(ms)` moves it forward and runs every scheduled function due by then,
 *   including those they schedule for no later than then (and, on the engine, crons).
 *   Scheduled functions never run on their own, only inside `advance`; `t.skip(ms)` moves the clock alone.
 * - Each test gets fresh state: a new convex-test instance, or a new engine on a
 *   new SQLite file in the OS temp dir, deleted afterwards.
 * - `t.backend` names the backend, for the rare test that must differ; say why.
 *
 * Differences between the backends allowed on purpose are listed, with reasons,
 * in prisma-free-notes/testing.md.
 */
import type { SchemaDefinition } from "convex/server";
import { afterEach, beforeEach, describe } from "vitest";
import { createConvexTestBackend } from "./convexTestBackend";
import { createEngineBackend } from "./engineBackend";
import type { BackendName, ConvexFolder, TestBackend } from "./types";

export { START_TIME, fullIdentity } from "./types";
export type { BackendName, CallOptions, Caller, TestBackend } from "./types";

const factories: Record<BackendName, (folder: ConvexFolder) => Promise<TestBackend>> = {
  "convex-test": createConvexTestBackend,
  engine: createEngineBackend,
};

/**
 * Declare `suite` once per backend. `t` forwards to the backend of the test that
 * is running, so it can be captured by `it` callbacks directly.
 */
export function describeBackends(
  name: string,
  modules: Record<string, () => Promise<unknown>>,
  dir: string,
  schema: SchemaDefinition<any, boolean>,
  suite: (t: TestBackend) => void,
  backends: BackendName[] = ["convex-test", "engine"],
): void {
  describe.each(backends)(`${name} [%s]`, (backend) => {
    let current: TestBackend | undefined;
    const get = (): TestBackend => {
      if (!current) throw new Error("the test backend is only available inside a test");
      return current;
    };
    beforeEach(async () => {
      current = await factories[backend]({ modules, dir, schema });
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    const t: TestBackend = {
      backend,
      client: {
        query: (fn, args, opts) => get().client.query(fn, args, opts),
        mutation: (fn, args, opts) => get().client.mutation(fn, args, opts),
        action: (fn, args, opts) => get().client.action(fn, args, opts),
      },
      query: (fn, args, opts) => get().query(fn, args, opts),
      mutation: (fn, args, opts) => get().mutation(fn, args, opts),
      action: (fn, args, opts) => get().action(fn, args, opts),
      run: (fn) => get().run(fn),
      now: () => get().now(),
      advance: (ms) => get().advance(ms),
      skip: (ms) => get().skip(ms),
      close: () => get().close(),
    };
    suite(t);
  });
}
