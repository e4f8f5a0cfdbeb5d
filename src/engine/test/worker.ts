// A child process on a shared database file, driven by crash.test.ts and
// multiprocess.test.ts:
//   node --import tsx worker.ts increment <db> <n> <counter> <goFile>
//       → prints "ready", waits for goFile to exist (so all children start together),
//         then prints { values its n calls returned, start, end } as JSON
//   node --import tsx worker.ts crash <db> <ackFile> [action]  → increments until killed (see below)
import { appendFileSync, existsSync } from "node:fs";
import { openEngine } from "@/engine";
import { sampleModuleMap } from "./workerModules";

const [mode, dbPath, ...rest] = process.argv.slice(2);

async function increment(n: number, name: string, goFile: string) {
  const engine = await openEngine({ dbPath, modules: sampleModuleMap, runScheduler: false });
  process.stdout.write("ready\n");
  while (!existsSync(goFile)) await new Promise((resolve) => setTimeout(resolve, 5));
  const start = Date.now();
  const values: number[] = [];
  for (let i = 0; i < n; i++) values.push((await engine.runMutation("counters:increment", { name })) as number);
  const end = Date.now();
  await engine.close();
  process.stdout.write(`${JSON.stringify({ values, start, end })}\n`);
}

// Runs with the engine's own scheduler on, so scheduled mutations (and, with
// `action`, a 10-minute action) are in flight when the parent kills this process. A key is appended to
// the ack file only AFTER its mutation call returned: every acked key was
// committed; at most the one in flight at the kill is committed but not acked.
async function crash(ackFile: string, withAction: boolean) {
  const engine = await openEngine({ dbPath, modules: sampleModuleMap });
  if (withAction) await engine.runMutation("jobs:scheduleAction", { key: "inflight", holdMs: 10 * 60_000 });
  const reported = new Set<string>();
  // Tells the parent once the scheduler has started the action and run some jobs,
  // so the kill lands while both kinds of work are under way.
  const report = async (kind: string, line: string) => {
    if (reported.has(kind) || ((await engine.runQuery("jobs:markers", { kind })) as unknown[]).length === 0) return;
    reported.add(kind);
    process.stdout.write(`${line}\n`);
  };
  for (let i = 0; ; i++) {
    await engine.runMutation("counters:incrementAndSchedule", { name: "crash", key: `k${i}` });
    appendFileSync(ackFile, `k${i}\n`);
    // Calls arrive as a server's do, one event-loop turn each; the scheduler takes its turns between them
    // (a loop that never leaves the microtask queue would starve it, as it starves Node's timers).
    await new Promise((resolve) => setImmediate(resolve));
    if (i % 20 === 0) {
      await report("actionStart", "action-started");
      await report("scheduled", "jobs-ran");
    }
  }
}

if (mode === "increment") await increment(Number(rest[0]), rest[1], rest[2]);
else if (mode === "crash") await crash(rest[0], rest[1] === "action");
else throw new Error(`unknown mode ${mode}`);
