// Runs jobs from the _scheduled_functions system table (and enqueues due
// crons). Mutations run exactly once: claim, run and record the outcome in ONE
// transaction. Actions run at most once: marked inProgress and committed, then
// run, then the outcome recorded; an action whose process died while running
// it is marked failed, never re-run. Claims are transactional, so several
// processes can share the work.
import { randomUUID } from "node:crypto";
import type { JSONValue, Value } from "convex/values";
import { jsonToConvex } from "convex/values";
import { enqueueDueCrons, nextCronTime, syncCrons } from "./crons";
import type { CronSpec } from "./crons";
import { SCHEDULED_FUNCTIONS } from "./engine";
import type { EngineCore } from "./engine";
import { executionContext } from "./context";
import { compileRange } from "./indexRange";
import type { ResolvedFunction } from "./modules";
import type { Txn } from "./transaction";

const realSetTimeout = globalThis.setTimeout;
const realSetImmediate = globalThis.setImmediate;
const realClearTimeout = globalThis.clearTimeout;
/** Other processes' jobs are noticed within this delay. */
const POLL_MS = 1000;

/** Engine instances alive in this process, to tell their action claims from dead ones. */
const liveInstances = new Set<string>();

interface Job {
  id: string;
  name: string;
  args: Record<string, Value>;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === "EPERM";
  }
}

function jobsInState(txn: Txn, kind: string, upTo: number | null, limit: number): Job[] {
  const info = txn.index(SCHEDULED_FUNCTIONS, "by_state_and_time");
  const range = [{ type: "Eq" as const, fieldPath: "state.kind", value: kind }];
  const withTime = upTo === null ? range : [...range, { type: "Lte" as const, fieldPath: "scheduledTime", value: upTo }];
  const { lower, upper } = compileRange(withTime, info.keyFields, "_scheduled_functions.by_state_and_time");
  return txn.scan(info, lower, upper, "asc", limit).map((json) => {
    const doc = JSON.parse(json) as { _id: string; name: string; args: JSONValue[] };
    return { id: doc._id, name: doc.name, args: jsonToConvex(doc.args[0] ?? {}) as Record<string, Value> };
  });
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A scheduled function or cron that failed, reported after the transaction that recorded the failure committed. */
export interface JobFailure {
  /** The function's name (`webhookDelivery:deliver`). */
  name: string;
  jobId: string;
  error: unknown;
}

export type OnJobFailed = (failure: JobFailure) => void;

export class Scheduler {
  private readonly instance = randomUUID();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<unknown> | null = null;
  /** Actions started by the background loop; they run beside other jobs. */
  private readonly actions = new Set<Promise<void>>();
  private stopped = false;
  /** The background loop runs only once start() was called (`runScheduler`); manual runs never start it. */
  private looping = false;
  private wakeRequested = false;

  constructor(
    private readonly core: EngineCore,
    private readonly crons: Map<string, CronSpec>,
    private readonly onJobFailed: OnJobFailed | null = null,
  ) {
    liveInstances.add(this.instance);
  }

  /** Syncs crons and fails actions interrupted by a crash. */
  async init(): Promise<void> {
    const failed = await this.core.withWriteTxn(async (txn) => {
      syncCrons(txn, this.crons);
      return this.failInterruptedActions(txn);
    });
    this.report(failed);
  }

  /** Tells the engine's owner about failures once they are committed; a throwing hook changes nothing here. */
  private report(failures: readonly JobFailure[]): void {
    if (!this.onJobFailed) return;
    for (const failure of failures) {
      try {
        this.onJobFailed(failure);
      } catch (e) {
        console.error("[embedded engine] onJobFailed threw", e);
      }
    }
  }

  private failInterruptedActions(txn: Txn): JobFailure[] {
    const failed: JobFailure[] = [];
    for (const job of jobsInState(txn, "inProgress", null, 1000)) {
      const claim = txn.conn.stmt("SELECT pid, instance FROM _action_claims WHERE id = ?").get(job.id) as { pid: number; instance: string } | undefined;
      const alive = claim !== undefined && (claim.pid === process.pid ? liveInstances.has(claim.instance) : pidAlive(claim.pid));
      if (alive) continue;
      const error = "The action was interrupted (its process stopped) and was not retried: actions run at most once.";
      txn.patch(job.id, { state: { kind: "failed", error }, completedTime: txn.now });
      txn.conn.stmt("DELETE FROM _action_claims WHERE id = ?").run(job.id);
      failed.push({ name: job.name, jobId: job.id, error: new Error(error) });
    }
    return failed;
  }

  /** Runs every job and cron due now, until none is due; returns how many jobs ran. */
  async runDueJobs(): Promise<number> {
    return this.runDue(() => false, true);
  }

  /** waitForActions: run claimed actions to completion before returning (manual runs). */
  private async runDue(stopRequested: () => boolean, waitForActions: boolean): Promise<number> {
    let ran = 0;
    const started: Array<Promise<void>> = [];
    let first = true;
    for (;;) {
      if (this.core.isClosed || stopRequested()) break;
      // Failures recorded by this step's transaction, reported once it committed (a rolled-back one reports none).
      let failed: JobFailure[] = [];
      const step = await this.core.withWriteTxn(async (txn) => {
        failed = first ? this.failInterruptedActions(txn) : [];
        first = false;
        await enqueueDueCrons(txn, (t, name, ts, args) => this.core.schedule(t, name, ts, args));
        const [job] = jobsInState(txn, "pending", txn.now, 1);
        if (!job) return null;
        let r: ResolvedFunction;
        try {
          r = await this.core.modules.resolve(job.name);
        } catch (e) {
          txn.patch(job.id, { state: { kind: "failed", error: errorMessage(e) }, completedTime: txn.now });
          failed.push({ name: job.name, jobId: job.id, error: e });
          return { job, action: null };
        }
        if (r.kind === "mutation") {
          let state: Value;
          try {
            // A transaction of its own on a deployment: its own meter, limits and statistics.
            await this.core.withSavepoint(txn, 1, () => this.core.invokeTop(r, job.args, txn, null, 1, job.id));
            state = { kind: "success" };
          } catch (e) {
            state = { kind: "failed", error: errorMessage(e) };
            failed.push({ name: job.name, jobId: job.id, error: e });
          }
          txn.patch(job.id, { state, completedTime: txn.now });
          return { job, action: null };
        }
        txn.patch(job.id, { state: { kind: "inProgress" } });
        txn.conn.stmt("INSERT OR REPLACE INTO _action_claims (id, pid, instance) VALUES (?, ?, ?)").run(job.id, process.pid, this.instance);
        return { job, action: r };
      });
      this.report(failed);
      if (step === null) break;
      ran++;
      // A turn of the event loop between jobs: calls that arrived meanwhile queue for the write lock before the
      // next job, instead of waiting for a chain of due jobs (a roll-up behind by several batches) to end.
      await new Promise<void>((resolve) => realSetImmediate(resolve));
      if (step.action) {
        const p = this.runClaimedAction(step.job, step.action).finally(() => {
          this.actions.delete(p);
          executionContext.exit(() => this.wake());
        });
        this.actions.add(p);
        started.push(p);
      }
    }
    if (waitForActions) await Promise.all(started);
    return ran;
  }

  private async runClaimedAction(job: Job, r: ResolvedFunction): Promise<void> {
    let state: Value;
    let thrown: unknown;
    try {
      await this.core.invoke(r, job.args, { txn: null, identity: null, now: 0, depth: 0 });
      state = { kind: "success" };
    } catch (e) {
      thrown = e;
      state = { kind: "failed", error: errorMessage(e) };
    }
    const recorded = await this.core.withWriteTxn(async (txn) => {
      txn.conn.stmt("DELETE FROM _action_claims WHERE id = ?").run(job.id);
      const row = txn.get(job.id);
      // A job canceled while running keeps its canceled state.
      if (row === null || (JSON.parse(row.json) as { state: { kind: string } }).state.kind !== "inProgress") return false;
      txn.patch(job.id, { state, completedTime: this.core.clock.now() });
      return true;
    });
    if (recorded && thrown !== undefined) this.report([{ name: job.name, jobId: job.id, error: thrown }]);
  }

  /** Next time something is due (job or cron), or null. */
  private async nextDue(): Promise<number | null> {
    return this.core.withReadTxn(async (txn) => {
      const info = txn.index(SCHEDULED_FUNCTIONS, "by_state_and_time");
      const { lower, upper } = compileRange([{ type: "Eq", fieldPath: "state.kind", value: "pending" }], info.keyFields, "_scheduled_functions.by_state_and_time");
      const [first] = txn.scan(info, lower, upper, "asc", 1);
      const jobTime = first ? (JSON.parse(first) as { scheduledTime: number }).scheduledTime : null;
      const cronTime = nextCronTime(txn);
      if (jobTime === null) return cronTime;
      if (cronTime === null) return jobTime;
      return Math.min(jobTime, cronTime);
    });
  }

  /** Starts the background loop: a timer set to the next due time, off the request path. */
  start(): void {
    // A commit may happen inside an action's execution context; the loop must not inherit it.
    this.core.onJobsWritten = () => executionContext.exit(() => this.wake());
    this.looping = true;
    this.wake();
  }

  private wake(): void {
    // A finished action wakes the loop; without runScheduler that would start a loop of its own beside the
    // caller's runDueJobs, claiming jobs that call then neither runs nor waits for.
    if (this.stopped || !this.looping) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    if (this.timer) realClearTimeout(this.timer);
    this.timer = null;
    this.running = this.loopOnce().finally(() => {
      this.running = null;
      if (this.wakeRequested) {
        this.wakeRequested = false;
        this.wake();
      }
    });
  }

  private async loopOnce(): Promise<void> {
    try {
      await this.runDue(() => this.stopped, false);
      if (this.stopped || this.core.isClosed) return;
      const next = await this.nextDue();
      const delay = next === null ? POLL_MS : Math.min(POLL_MS, Math.max(0, next - this.core.clock.now()));
      this.schedule(delay);
    } catch (e) {
      if (this.stopped || this.core.isClosed) return;
      console.error("[embedded engine] scheduler error", e);
      this.schedule(POLL_MS);
    }
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = realSetTimeout(() => {
      this.timer = null;
      this.wake();
    }, delay);
    this.timer.unref();
  }

  /** Stops the loop and waits for the running jobs (including started actions) to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) realClearTimeout(this.timer);
    this.timer = null;
    if (this.running) await this.running;
    await Promise.all([...this.actions]);
    liveInstances.delete(this.instance);
  }
}

