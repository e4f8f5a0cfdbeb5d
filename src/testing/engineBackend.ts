// The embedded-engine side of the harness: a fresh SQLite file per test and an
// injected clock that only `advance` moves, with the engine's own scheduler off
// so scheduled functions run exactly when a test says so.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { modulesFromGlob, openEngine } from "@/engine";
import { type CallOptions, type ConvexFolder, fullIdentity, START_TIME, type TestBackend } from "./types";

const MAX_ROUNDS = 1000;

export async function createEngineBackend(folder: ConvexFolder): Promise<TestBackend> {
  const dir = mkdtempSync(join(tmpdir(), "engine-test-"));
  let time = START_TIME;
  const engine = await openEngine({
    dbPath: join(dir, "test.sqlite"),
    modules: modulesFromGlob(folder.modules, folder.dir),
    clock: { now: () => time },
    runScheduler: false,
  });
  const client = engine.client();
  const withIdentity = (opts?: CallOptions) => (opts?.identity ? { identity: fullIdentity(opts.identity) } : {});

  // Earliest pending job, so `advance` can stop the clock at each job's own time.
  const nextPendingTime = () =>
    engine.run(async (ctx) =>
      Math.min(
        Infinity,
        ...(await ctx.db.system.query("_scheduled_functions").collect())
          .filter((j) => j.state.kind === "pending")
          .map((j) => j.scheduledTime),
      ),
    );

  async function runAllDue() {
    for (let round = 0; (await engine.runDueJobs()) > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error(`scheduled functions still due after ${MAX_ROUNDS} rounds`);
    }
  }

  return {
    backend: "engine",
    query: (fn, args, opts) => engine.runQuery(fn, args ?? {}, withIdentity(opts)),
    mutation: (fn, args, opts) => engine.runMutation(fn, args ?? {}, withIdentity(opts)),
    action: (fn, args, opts) => engine.runAction(fn, args ?? {}, withIdentity(opts)),
    client: {
      query: (fn, args, opts) => client.query(fn, args ?? {}, withIdentity(opts)),
      mutation: (fn, args, opts) => client.mutation(fn, args ?? {}, withIdentity(opts)),
      action: (fn, args, opts) => client.action(fn, args ?? {}, withIdentity(opts)),
    },
    run: (fn) => engine.run(fn),
    now: () => time,
    async advance(ms) {
      const target = time + ms;
      for (let round = 0; round < MAX_ROUNDS; round++) {
        // Step to the next job's time (or the target), like a live clock would pass it.
        time = Math.max(time, Math.min(target, await nextPendingTime()));
        await runAllDue();
        if (time >= target && (await nextPendingTime()) > target) return;
      }
      throw new Error(`scheduled functions still due after ${MAX_ROUNDS} rounds`);
    },
    async skip(ms) {
      time += ms;
    },
    async close() {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
