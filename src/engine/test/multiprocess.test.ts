// Several processes on one file: three children each increment one shared
// counter N times. Serializable mutations mean the final value is exactly 3N
// and every call saw a distinct value (no two read the same state).
import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { openEngine } from "@/engine";
import { spawnWorker, until } from "./children";
import { tempDir } from "./engineFixture";
import { sampleModuleMap } from "./workerModules";

const N = 300;

describe("multiple processes [engine]", () => {
  const dir = tempDir("engine-multi-");
  afterEach(() => dir.remove());

  it(`three processes x ${N} increments of one counter = ${3 * N}, no lost update`, async () => {
    const db = dir.file("db.sqlite");
    // The server creates the file; the others (CLI, workers) open it afterwards.
    await (await openEngine({ dbPath: db, modules: sampleModuleMap, runScheduler: false })).close();

    const goFile = dir.file("go");
    const children = [1, 2, 3].map(() => spawnWorker(["increment", db, String(N), "shared", goFile]));
    await until(() => children.every((c) => c.stdout().startsWith("ready")), 30_000, "the children to open the file");
    writeFileSync(goFile, "");
    expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0, 0]);

    type Report = { values: number[]; start: number; end: number };
    const reports = children.map((c) => JSON.parse(c.stdout().slice("ready".length).trim()) as Report);
    // The three ran at the same time (each started before any other finished), so
    // they contended for the file; whether their calls interleave is up to the lock.
    const firstEnd = Math.min(...reports.map((r) => r.end));
    for (const r of reports) expect(r.start).toBeLessThanOrEqual(firstEnd);
    const perChild = reports.map((r) => r.values);
    const seen = perChild.flat();
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 3 * N }, (_, i) => i + 1));
    const engine = await openEngine({ dbPath: db, modules: sampleModuleMap, runScheduler: false });
    try {
      expect(await engine.runQuery("counters:get", { name: "shared" })).toBe(3 * N);
    } finally {
      await engine.close();
    }
  }, 120_000);
});
