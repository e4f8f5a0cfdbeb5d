// Opening the sample folder on the engine directly, for the engine-only tests
// (crons, restarts) that need a file and a clock of their own.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { modulesFromGlob, openEngine, type EngineOptions } from "@/engine";
import { SAMPLE_DIR, sampleModules } from "./sample";

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public time: number) {}
  now = () => this.time;
}

export function tempDir(prefix: string): { path: string; file: (name: string) => string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, file: (name) => join(path, name), remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const openSample = (dbPath: string, clock: ManualClock, options: Partial<EngineOptions> = {}) =>
  openEngine({ dbPath, modules: modulesFromGlob(sampleModules, SAMPLE_DIR), clock, runScheduler: false, ...options });

export type Engine = Awaited<ReturnType<typeof openSample>>;

/** Runs due jobs until none is left at the clock's current time. */
export async function drain(engine: Engine): Promise<void> {
  for (let round = 0; (await engine.runDueJobs()) > 0; round++) {
    if (round > 1000) throw new Error("jobs still due after 1000 rounds");
  }
}
