// onJobFailed: a scheduled function that fails is reported once, with its name and id, after the transaction that
// recorded its failure committed; a job that succeeds is not.
import { afterEach, expect, it } from "vitest";
import { openEngine, type JobFailure } from "@/engine";
import { tempDir } from "./engineFixture";
import { sampleModuleMap } from "./workerModules";

let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => dir?.remove());

it("reports a failed scheduled mutation once, after its failure is committed, and a successful job never", async () => {
  dir = tempDir("engine-job-failed-");
  const failures: JobFailure[] = [];
  const engine = await openEngine({
    dbPath: dir.file("db.sqlite"),
    modules: sampleModuleMap,
    runScheduler: false,
    onJobFailed: (failure) => failures.push(failure),
  });
  try {
    const failing = (await engine.runMutation("jobs:scheduleFailing", {})) as string;
    await engine.runMutation("jobs:runAfter", { key: "fine", delayMs: 0 });
    while ((await engine.runDueJobs()) > 0);
    expect(failures).toHaveLength(1);
    const failure = failures[0]!;
    expect(failure.name).toMatch(/^jobs(\.js)?:fail$/);
    expect(failure.jobId).toBe(failing);
    expect((failure.error as Error).message).toContain("scheduled job failed on purpose");
    const job = await engine.run(async (ctx) => ctx.db.system.get(failing as never));
    expect(job).toMatchObject({ state: { kind: "failed" } });
  } finally {
    await engine.close();
  }
});
