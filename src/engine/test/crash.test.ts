// Crash safety: a child doing mutations that schedule mutations is SIGKILLed
// mid-run. After reopening: no acknowledged write is lost, every committed
// mutation's scheduled job runs exactly once, and an action that was running at
// the kill is not started again.
import { existsSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { openEngine } from "@/engine";
import { type Child, spawnWorker, until } from "./children";
import { tempDir } from "./engineFixture";
import { sampleModuleMap } from "./workerModules";

type Marker = { key: string; kind: string };

describe("crash safety [engine]", () => {
  let dir: ReturnType<typeof tempDir>;
  let child: Child | undefined;
  afterEach(async () => {
    // A test that failed before its kill leaves the child running.
    if (child && child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill("SIGKILL");
    await child?.exited;
    dir.remove();
  });

  /** Starts a crash worker, waits until it printed `lines` and acked 300 calls, kills it. */
  async function runAndKill(withAction: boolean, lines: string[]) {
    dir = tempDir("engine-crash-");
    const db = dir.file("db.sqlite");
    const ackFile = dir.file("acks.txt");
    child = spawnWorker(["crash", db, ackFile, ...(withAction ? ["action"] : [])]);
    const acks = () => (existsSync(ackFile) ? readFileSync(ackFile, "utf8").split("\n").filter(Boolean) : []);
    const output = child.stdout;
    await until(() => lines.every((line) => output().includes(line)) && acks().length >= 300, 30_000, `the child to print ${lines}`);
    child.proc.kill("SIGKILL");
    await child.exited;
    return { db, acked: acks() };
  }

  /** Reopens the file, runs what is due, and checks nothing acked was lost or doubled. */
  async function checkRecovered(db: string, acked: string[]) {
    const engine = await openEngine({ dbPath: db, modules: sampleModuleMap, runScheduler: false });
    try {
      const counter = (await engine.runQuery("counters:get", { name: "crash" })) as number;
      // Acked ⊆ committed; at most the call in flight at the kill committed unacked.
      expect(counter).toBeGreaterThanOrEqual(acked.length);
      expect(counter).toBeLessThanOrEqual(acked.length + 1);

      // Jobs the child had not run yet are due now; run them all here.
      while ((await engine.runDueJobs()) > 0);
      const markers = (await engine.runQuery("jobs:markers", {})) as Marker[];
      const scheduled = markers.filter((m) => m.kind === "scheduled").map((m) => m.key);
      expect(new Set(scheduled).size).toBe(scheduled.length);
      expect(scheduled.length).toBe(counter);
      for (const key of acked) expect(scheduled).toContain(key);
      const jobs = await engine.run(async (ctx) => ctx.db.system.query("_scheduled_functions").collect());
      expect(jobs.filter((j) => j.state.kind === "pending" || j.state.kind === "inProgress")).toEqual([]);
      return { markers, jobs };
    } finally {
      await engine.close();
    }
  }

  it("SIGKILL amid mutations and scheduled mutations: nothing acked lost, each job run once", async () => {
    const { db, acked } = await runAndKill(false, ["jobs-ran"]);
    await checkRecovered(db, acked);
  }, 60_000);

  it("a long action in flight at the kill is not re-run, and jobs kept running beside it", async () => {
    const { db, acked } = await runAndKill(true, ["action-started", "jobs-ran"]);
    const { markers, jobs } = await checkRecovered(db, acked);
    expect(markers.filter((m) => m.kind === "actionStart")).toHaveLength(1);
    expect(markers.filter((m) => m.kind === "actionEnd")).toHaveLength(0);
    expect(jobs.find((j) => j.name.includes("slowAction"))?.state.kind).toBe("failed");
  }, 60_000);
});
