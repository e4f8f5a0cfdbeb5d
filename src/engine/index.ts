// Public API of the embedded Convex engine: runs a convex/ folder's modules
// in-process on SQLite through the real convex/server code.
import type { FunctionReference, GenericMutationCtx, UserIdentity } from "convex/server";
import { getFunctionName, internalMutationGeneric } from "convex/server";
import type { EngineCore as Core } from "./engine";
import { EngineCore } from "./engine";
import { readCronSpecs } from "./crons";
import { DEFAULT_LIMITS, formatWarning, resolveLimits, TransactionLimitError, WARNING_RATIO } from "./limits";
import type { LimitName, LimitWarning, TransactionLimits } from "./limits";
import type { TransactionStats } from "./meter";
import { canonicalUdfPath, modulesFromGlob } from "./modules";
import type { ModuleMap, ResolvedFunction } from "./modules";
import { DEFAULT_LIVE_OPTIONS, LiveQueries } from "./liveQueries";
import type { LiveQueryOptions, LiveStats, LiveUpdate } from "./liveQueries";
import { type OnJobFailed, Scheduler } from "./scheduler";

export { modulesFromGlob, DEFAULT_LIMITS, TransactionLimitError, WARNING_RATIO };
export type { LimitName, LimitWarning, TransactionLimits, TransactionStats, LiveQueryOptions, LiveStats, LiveUpdate };
export type { JobFailure, OnJobFailed } from "./scheduler";
export type { AccessSet, ReadInterval, WrittenKey } from "./meter";
export { ContentionModel, modelContention } from "./contention";
export type { ContentionReport, ConflictSource, FunctionContention, CommittedMutation } from "./contention";

export interface EngineOptions {
  /** SQLite file path; its directory is created if missing. */
  dbPath: string;
  /** Module path relative to the convex dir without extension ("teams", "lib/score", "schema", "crons") → namespace or lazy importer. */
  modules: Record<string, unknown | (() => Promise<unknown>)>;
  /** Injectable clock (ms) for pinned Date.now, _creationTime, the scheduler and crons. */
  clock?: { now(): number };
  /** Default true: a background loop runs due scheduled jobs and crons. */
  runScheduler?: boolean;
  /** Convex's per-transaction limits (DEFAULT_LIMITS); tests may lower or raise single ones. */
  limits?: Partial<TransactionLimits>;
  /** A transaction passed 80 % of a limit (once per transaction and limit). Default: one line on stderr. */
  onWarning?: (warning: LimitWarning) => void;
  /**
   * Called once per top-level query or mutation transaction (calls, queries and mutations run from actions,
   * scheduled mutations, crons, engine.run) after it committed or rolled back. Costs nothing when not set.
   */
  onTransaction?: (stats: TransactionStats) => void;
  /**
   * A scheduled function or cron failed (it threw, its function was missing, or its action was interrupted by a
   * crash): called once per failed job, after the transaction that recorded the failure committed.
   */
  onJobFailed?: OnJobFailed;
  /** Default false: with it, stats.access carries the transaction's read and write sets (for the contention model). */
  recordAccess?: boolean;
  /** Bounds and pacing of live queries (DEFAULT_LIVE_OPTIONS). */
  live?: Partial<LiveQueryOptions>;
}

/** A live query: its first result, and a way to stop the updates. */
export interface LiveQuery {
  value: any;
  close(): void;
}

export interface CallOptions {
  identity?: UserIdentity | null;
}

type FnName = string | FunctionReference<any, any>;
type Call = (name: FnName, args?: Record<string, unknown>, opts?: CallOptions) => Promise<any>;

export interface Engine {
  runQuery: Call;
  runMutation: Call;
  runAction: Call;
  /** Client entry point: refuses internal functions, as a Convex deployment would. */
  client(): { query: Call; mutation: Call; action: Call };
  /** Ad-hoc mutation with a full mutation ctx (db, scheduler, auth). */
  run<T>(handler: (ctx: GenericMutationCtx<any>) => Promise<T>): Promise<T>;
  /**
   * Runs a public query and keeps it live: after each commit that wrote inside what it read (or another process's
   * commit), it runs again and onUpdate gets its result when it changed, or the error it failed with.
   */
  subscribe(name: FnName, args: Record<string, unknown>, onUpdate: (update: LiveUpdate) => void, opts?: CallOptions): Promise<LiveQuery>;
  /** Open subscriptions, re-runs and pushed updates so far. */
  liveStats(): LiveStats;
  /** Runs every scheduled job and cron due at clock.now(), until none is due; returns how many ran. */
  runDueJobs(): Promise<number>;
  /** Stops the scheduler (finishing the running job), waits for in-flight calls, closes connections. Idempotent. */
  close(): Promise<void>;
}

// A PASSIVE WAL checkpoint holds the engine thread for the pages written since the last one: every 200 ms under the
// REST bench's load it is a few ms, where every 1 s it was ~25 ms and set verify's p99 (engine.md, "Performance").
const CHECKPOINT_MS = 200;
// Captured before any override: inside actions Date.now() reads the clock, so
// the default clock must not read Date.now() through the global.
const realDateNow = Date.now.bind(Date);
const realSetInterval = globalThis.setInterval;
const realClearInterval = globalThis.clearInterval;

function nameOf(name: FnName): string {
  return typeof name === "string" ? name : getFunctionName(name);
}

export async function openEngine(opts: EngineOptions): Promise<Engine> {
  const clock = opts.clock ?? { now: realDateNow };
  const core: Core = await EngineCore.open(opts.dbPath, opts.modules as ModuleMap, clock, {
    limits: resolveLimits(opts.limits),
    onWarning: opts.onWarning ?? ((w) => process.stderr.write(formatWarning(w) + "\n")),
    onTransaction: opts.onTransaction ?? null,
    recordAccess: opts.recordAccess ?? false,
  });
  let scheduler: Scheduler;
  try {
    scheduler = new Scheduler(core, readCronSpecs(await core.modules.load("crons")), opts.onJobFailed ?? null);
    await scheduler.init();
  } catch (e) {
    await core.close();
    throw e;
  }
  if (opts.runScheduler ?? true) scheduler.start();
  const live = new LiveQueries((name, args, identity) => core.liveRun(name, args, identity), () => core.externalCommit(), { ...DEFAULT_LIVE_OPTIONS, ...opts.live });
  core.live = live;
  const checkpoints = realSetInterval(() => void core.checkpoint(), CHECKPOINT_MS);
  checkpoints.unref();

  const call = (kind: "query" | "mutation" | "action", client: boolean): Call => (name, args, o) => core.call(kind, nameOf(name), args ?? {}, o?.identity ?? null, client);
  let closing: Promise<void> | null = null;

  return {
    runQuery: call("query", false),
    runMutation: call("mutation", false),
    runAction: call("action", false),
    client: () => ({ query: call("query", true), mutation: call("mutation", true), action: call("action", true) }),
    async run<T>(handler: (ctx: GenericMutationCtx<any>) => Promise<T>): Promise<T> {
      // Registered like any internal mutation so the ctx is convex/server's own.
      // Its result is returned as is, not serialized, as convex-test's t.run does.
      let result: T;
      const fn = internalMutationGeneric({
        handler: async (ctx: GenericMutationCtx<any>) => {
          result = await handler(ctx);
          return null;
        },
      }) as unknown as ResolvedFunction["func"];
      const r: ResolvedFunction = { udfPath: canonicalUdfPath("_engine:run"), kind: "mutation", func: fn, isPublic: false, args: { type: "any" }, returns: null };
      await core.track(() => core.withWriteTxn((txn) => core.invokeTop(r, {}, txn, null)));
      return result!;
    },
    subscribe: (name, args, onUpdate, o) => live.subscribe(nameOf(name), args, o?.identity ?? null, onUpdate),
    liveStats: () => live.liveStats(),
    runDueJobs: () => scheduler.runDueJobs(),
    close() {
      closing ??= (async () => {
        realClearInterval(checkpoints);
        live.closeAll();
        await scheduler.stop();
        await core.close();
      })();
      return closing;
    },
  };
}
