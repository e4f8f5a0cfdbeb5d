// The engine core: connections, transactions and function invocation.
// Mutations are serialized (FIFO lock, then BEGIN IMMEDIATE on the one writer
// connection, held across the async handler; nested mutations are
// savepoints). Queries run concurrently on pooled reader connections, each in
// its own read transaction, i.e. a consistent snapshot.
import { performance } from "node:perf_hooks";
import type { UserIdentity } from "convex/server";
import { convexToJson, jsonToConvex } from "convex/values";
import { parseConvexJson } from "./jsonValue";
import type { JSONValue, Value } from "convex/values";
import { isBusy, retryBusy, sleep } from "./busy";
import { Catalog, SYSTEM_TABLES } from "./catalog";
import type { IndexDecl } from "./catalog";
import { executionContext } from "./context";
import type { ExecContext, UdfKind } from "./context";
import { installGlobals } from "./globals";
import { TransactionLimitError } from "./limits";
import type { LimitWarning, TransactionLimits } from "./limits";
import { FifoLock } from "./lock";
import type { LiveQueries } from "./liveQueries";
import { Meter } from "./meter";
import type { ReadInterval, TransactionStats } from "./meter";
import { Modules } from "./modules";
import type { ModuleMap, ResolvedFunction } from "./modules";
import { Conn, initialize, openConnection } from "./storage";
import { convexGlobal } from "./syscalls";
import type { SyscallHost } from "./syscalls";
import { Txn } from "./transaction";
import type { SchemaInfo } from "./transaction";
import { validateValue, ValidationError } from "./validate";
import type { ValidatorJson } from "./validate";

export interface Clock {
  now(): number;
}

/** How the engine meters transactions (see limits.ts and meter.ts). */
export interface EngineSettings {
  limits: Readonly<TransactionLimits>;
  onWarning: (warning: LimitWarning) => void;
  onTransaction: ((stats: TransactionStats) => void) | null;
  recordAccess: boolean;
}

const READERS = 4;
export const SCHEDULED_FUNCTIONS = "_scheduled_functions";

interface SchemaExport {
  tables: Array<{ tableName: string; indexes: Array<{ indexDescriptor: string; fields: string[] }>; documentType: ValidatorJson }>;
  schemaValidation: boolean;
}

function plainArgs(args: unknown): Record<string, Value> {
  if (args === undefined) return {};
  if (args === null || typeof args !== "object" || Array.isArray(args)) throw new Error(`The arguments to a Convex function must be an object. Received: ${String(args)}`);
  return args as Record<string, Value>;
}

/** Gives a top-level caller ConvexError data back as a value, as the Convex client does. */
export function restoreConvexError(e: unknown): unknown {
  if (typeof e === "object" && e !== null && Symbol.for("ConvexError") in e) {
    const err = e as { data?: unknown };
    if (typeof err.data === "string") {
      try {
        err.data = jsonToConvex(JSON.parse(err.data) as JSONValue);
      } catch {
        // The data was a plain string all along.
      }
    } else if (err.data !== null && typeof err.data === "object") {
      try {
        err.data = jsonToConvex(err.data as JSONValue);
      } catch {
        // Already a Convex value.
      }
    }
  }
  return e;
}

export class EngineCore implements SyscallHost {
  readonly modules: Modules;
  readonly catalog: Catalog;
  readonly writeLock = new FifoLock();
  private readonly freeReaders: Conn[] = [];
  private readonly allReaders: Conn[] = [];
  private readonly readerWaiters: Array<(c: Conn) => void> = [];
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private closed = false;
  readonly now: () => number;
  /** Called after a commit that wrote scheduled jobs (wakes the scheduler). */
  onJobsWritten: () => void = () => {};
  /** Number of committed write transactions since the last checkpoint. */
  commitsSinceCheckpoint = 0;
  /** The live queries to tell of each commit's written keys (liveQueries.ts). */
  live: LiveQueries | null = null;
  private dataVersion: number | null = null;

  private constructor(
    readonly dbPath: string,
    readonly writer: Conn,
    modules: Modules,
    readonly schema: SchemaInfo | null,
    declared: Map<string, IndexDecl[]>,
    readonly clock: Clock,
    readonly settings: EngineSettings,
  ) {
    this.modules = modules;
    this.catalog = new Catalog(declared);
    this.now = () => clock.now();
  }

  static async open(dbPath: string, moduleMap: ModuleMap, clock: Clock, settings: EngineSettings): Promise<EngineCore> {
    installGlobals(convexGlobal);
    const modules = new Modules(moduleMap);
    const schemaModule = await modules.load("schema");
    const declared = new Map<string, IndexDecl[]>(Object.entries(SYSTEM_TABLES));
    let schema: SchemaInfo | null = null;
    const def = schemaModule?.default as { export?: () => string } | undefined;
    if (def && typeof def.export === "function") {
      const exported = JSON.parse(def.export()) as SchemaExport;
      schema = { validation: exported.schemaValidation, documentTypes: new Map() };
      for (const t of exported.tables) {
        schema.documentTypes.set(t.tableName, t.documentType);
        declared.set(t.tableName, t.indexes.map((i) => ({ name: i.indexDescriptor, fields: i.fields })));
      }
    }
    const writer = new Conn(openConnection(dbPath));
    try {
      await retryBusy("initialize", () => initialize(writer.db));
      const core = new EngineCore(dbPath, writer, modules, schema, declared, clock, settings);
      await core.withWriteTxn(async (txn) => core.catalog.sync(txn.conn));
      return core;
    } catch (e) {
      writer.close();
      throw e;
    }
  }

  // ---- lifecycle -------------------------------------------------------

  /** nested: a call made by a running function, allowed while close() waits for it. */
  private enter(nested: boolean): void {
    if (this.closed && !nested) throw new Error("The embedded engine is closed.");
    this.inFlight++;
  }

  private leave(): void {
    if (--this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Refuses new calls, waits for in-flight ones, closes every connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    const release = await this.writeLock.acquire();
    try {
      for (const r of this.allReaders) r.close();
      try {
        this.writer.db.pragma("wal_checkpoint(PASSIVE)");
      } catch {
        // Another process may hold the database; the checkpoint is optional.
      }
      this.writer.close();
    } finally {
      release();
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** PASSIVE checkpoint when idle; runs from a timer, off the request path. */
  async checkpoint(): Promise<void> {
    if (this.closed || this.commitsSinceCheckpoint === 0) return;
    const release = await this.writeLock.acquire();
    try {
      if (this.closed) return;
      this.commitsSinceCheckpoint = 0;
      this.writer.db.pragma("wal_checkpoint(PASSIVE)");
    } catch {
      // Busy: the next tick tries again.
    } finally {
      release();
    }
  }

  // ---- transactions ----------------------------------------------------

  private acquireReader(): Promise<Conn> | Conn {
    const free = this.freeReaders.pop();
    if (free) return free;
    if (this.allReaders.length < READERS) {
      const c = new Conn(openConnection(this.dbPath));
      c.db.pragma("query_only = 1");
      this.allReaders.push(c);
      return c;
    }
    return new Promise((resolve) => this.readerWaiters.push(resolve));
  }

  private releaseReader(c: Conn): void {
    const w = this.readerWaiters.shift();
    if (w) w(c);
    else this.freeReaders.push(c);
  }

  /**
   * Runs fn in a read transaction on a pooled reader. SQLITE_BUSY on a WAL
   * reader is rare (WAL recovery); queries cannot write, so the whole query
   * is simply run again.
   */
  async withReadTxn<T>(fn: (txn: Txn) => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const conn = await this.acquireReader();
      let txn: Txn | null = null;
      let retry = false;
      try {
        conn.run("BEGIN");
        try {
          txn = new Txn(conn, this.catalog, false, this.schema, this.clock.now());
          return await fn(txn);
        } finally {
          conn.run("ROLLBACK");
        }
      } catch (e) {
        if (!isBusy(e) || Date.now() - started > 60_000) throw e;
        retry = true;
      } finally {
        this.releaseReader(conn);
        // A query re-run after SQLITE_BUSY reports only its last run.
        if (!retry && txn !== null && txn.meters !== null) this.report(txn.meters, false);
      }
      await sleep(Math.min(50, 2 ** attempt) * (0.5 + Math.random()));
    }
  }

  async withWriteTxn<T>(fn: (txn: Txn) => Promise<T>): Promise<T> {
    const release = await this.writeLock.acquire();
    let txn: Txn | null = null;
    let committed = false;
    try {
      await retryBusy("BEGIN IMMEDIATE", () => this.writer.run("BEGIN IMMEDIATE"));
      txn = new Txn(this.writer, this.catalog, true, this.schema, this.clock.now());
      if (this.live?.active) txn.keyLog = [];
      let result: T;
      try {
        result = await fn(txn);
        txn.flush();
        await retryBusy("COMMIT", () => this.writer.run("COMMIT"));
      } catch (e) {
        if (this.writer.db.inTransaction) this.writer.run("ROLLBACK");
        txn.rolledBack();
        throw e;
      }
      committed = true;
      if (txn.writes > 0) this.commitsSinceCheckpoint++;
      if (txn.scheduledJobs > 0) this.onJobsWritten();
      return result;
    } finally {
      release();
      if (txn !== null && txn.meters !== null) this.report(txn.meters, committed);
      if (committed && txn !== null && txn.keyLog !== null && txn.keyLog.length > 0) this.live?.committed(txn.keyLog);
    }
  }

  /**
   * Whether another connection (another process: the CLI, a second server) committed since the last call. SQLite's
   * data_version, read on the writer connection, moves for every commit but that connection's own.
   */
  externalCommit(): boolean {
    if (this.closed) return false;
    const version = this.writer.db.pragma("data_version", { simple: true }) as number;
    const moved = this.dataVersion !== null && version !== this.dataVersion;
    this.dataVersion = version;
    return moved;
  }

  /** A public query run for a live query: its result and the index intervals it read. */
  liveRun(name: string, args: unknown, identity: UserIdentity | null): Promise<{ value: Value; reads: ReadInterval[]; documentsRead: number }> {
    return this.track(async () => {
      const r = await this.resolve(name, "query", true);
      return this.withReadTxn(async (txn) => {
        const value = await this.invokeTop(r, args, txn, identity, 0, undefined, true);
        const meter = txn.meters!.at(-1)!;
        return { value, reads: meter.access!.finish().reads, documentsRead: meter.documentsRead };
      });
    });
  }

  /** After a transaction ended: the 80 % warnings and the statistics of the functions it ran. */
  private report(meters: Meter[], committed: boolean): void {
    const { onWarning, onTransaction } = this.settings;
    for (const m of meters) {
      try {
        const warnings = m.warnings();
        if (warnings !== null) for (const w of warnings) onWarning(w);
        if (onTransaction !== null) onTransaction(m.stats(m.kind === "query" ? "read" : committed && !m.threw ? "committed" : "rolledBack"));
      } catch (e) {
        console.error("[embedded engine] onWarning/onTransaction callback failed", e);
      }
    }
  }

  /** Runs fn in a savepoint of txn: its writes are undone if it throws. */
  async withSavepoint<T>(txn: Txn, depth: number, fn: () => Promise<T>): Promise<T> {
    const name = `sp${depth}`;
    txn.conn.run(`SAVEPOINT ${name}`);
    try {
      const r = await fn();
      txn.conn.run(`RELEASE ${name}`);
      return r;
    } catch (e) {
      txn.conn.run(`ROLLBACK TO ${name}`);
      txn.conn.run(`RELEASE ${name}`);
      txn.rolledBack();
      throw e;
    }
  }

  // ---- invocation ------------------------------------------------------

  async resolve(name: string, kind: UdfKind, client: boolean): Promise<ResolvedFunction> {
    const r = await this.modules.resolve(name);
    if (client && !r.isPublic) throw new Error(`Could not find public function for '${r.udfPath}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`);
    if (r.kind !== kind) throw new Error(`"${r.udfPath}" is a ${r.kind}, not a ${kind}.`);
    return r;
  }

  private tableOfIdFor(txn: Txn | null): (id: string) => string | null {
    if (txn) return (id) => txn.tableOfId(id);
    // Actions have no transaction; ids are checked against the committed catalog.
    return (id) => {
      const probe = new Txn(this.writer, this.catalog, false, null, 0);
      return probe.tableOfId(id);
    };
  }

  /** Validates args, runs the function inside its execution context, validates the result. */
  async invoke(
    r: ResolvedFunction,
    rawArgs: unknown,
    base: { txn: Txn | null; identity: UserIdentity | null; now: number; depth: number; pagination?: { calls: number } | null; meter?: Meter | null; top?: boolean },
  ): Promise<Value> {
    const args = plainArgs(rawArgs);
    const tableOf = this.tableOfIdFor(base.txn);
    try {
      validateValue(r.args, args, tableOf);
    } catch (e) {
      if (e instanceof ValidationError) throw new Error(`ArgumentValidationError: invalid arguments for "${r.udfPath}": ${e.message}`);
      throw e;
    }
    const meter = base.meter ?? null;
    const ctx: ExecContext = { kind: r.kind, udfPath: r.udfPath, engine: this, txn: base.txn, identity: base.identity, now: base.now, clock: this.now, streams: new Map(), depth: base.depth, children: null, done: false, pagination: r.kind === "query" ? (base.pagination ?? { calls: 0 }) : null, meter };
    const argsStr = JSON.stringify([convexToJson(args)]);
    const argBytes = Buffer.byteLength(argsStr);
    if (base.top && meter !== null) meter.argumentBytes = argBytes;
    if (argBytes > this.settings.limits.argumentBytes) this.overLimit(meter, r.udfPath, "argumentBytes", argBytes);
    let out: string;
    try {
      out = await executionContext.run(ctx, () => {
        if (r.kind === "query") return r.func.invokeQuery!(argsStr);
        if (r.kind === "mutation") return r.func.invokeMutation!(argsStr);
        return r.func.invokeAction!("", argsStr);
      });
    } finally {
      ctx.done = true;
    }
    const outBytes = Buffer.byteLength(out);
    if (base.top && meter !== null) meter.returnBytes = outBytes;
    if (outBytes > this.settings.limits.returnBytes) this.overLimit(meter, r.udfPath, "returnBytes", outBytes);
    const result = parseConvexJson(out);
    if (r.returns !== null) {
      try {
        validateValue(r.returns, result, tableOf);
      } catch (e) {
        if (e instanceof ValidationError) throw new Error(`ReturnsValidationError: invalid return value of "${r.udfPath}": ${e.message}`);
        throw e;
      }
    }
    return result;
  }

  private overLimit(meter: Meter | null, udfPath: string, limit: "argumentBytes" | "returnBytes", value: number): never {
    if (meter !== null) meter.fail(limit, value);
    throw new TransactionLimitError(limit, udfPath, value, this.settings.limits[limit]);
  }

  /**
   * Runs a query or mutation as a transaction of its own (a call, a scheduled mutation, a cron, engine.run):
   * a fresh meter, shared by its nested calls, checked once more when it returns, reported when txn ends.
   * A limit crossed anywhere fails the function with that limit's error, even if its code caught it.
   */
  async invokeTop(r: ResolvedFunction, args: unknown, txn: Txn, identity: UserIdentity | null, depth = 0, jobId?: string, recordAccess = this.settings.recordAccess): Promise<Value> {
    const meter = new Meter(r.udfPath, r.kind === "query" ? "query" : "mutation", this.settings.limits, recordAccess);
    if (meter.access !== null && jobId !== undefined) meter.access.job = jobId;
    (txn.meters ??= []).push(meter);
    const previous = txn.meter;
    txn.meter = meter;
    try {
      const result = await this.invoke(r, args, { txn, identity, now: txn.now, depth, meter, top: true });
      meter.finished();
      return result;
    } catch (e) {
      if (meter.executionMs === 0) meter.executionMs = performance.now() - meter.started;
      meter.threw = true;
      const error = meter.failure ?? e;
      meter.error = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      txn.meter = previous;
    }
  }

  /** Runs a top-level call: counted for close(), ConvexError data restored for the caller. */
  async track<T>(fn: () => Promise<T>, nested = false): Promise<T> {
    this.enter(nested);
    try {
      return await fn();
    } catch (e) {
      throw restoreConvexError(e);
    } finally {
      this.leave();
    }
  }

  call(kind: UdfKind, name: string, args: unknown, identity: UserIdentity | null, client: boolean, nested = false): Promise<Value> {
    return this.track(async () => {
      const r = await this.resolve(name, kind, client);
      if (kind === "query") return this.withReadTxn((txn) => this.invokeTop(r, args, txn, identity));
      if (kind === "mutation") return this.withWriteTxn((txn) => this.invokeTop(r, args, txn, identity));
      return this.invoke(r, args, { txn: null, identity, now: 0, depth: 0 });
    }, nested);
  }

  // ---- SyscallHost -----------------------------------------------------

  async runNested(ctx: ExecContext, udfType: string, name: string, args: Record<string, Value>): Promise<Value> {
    const txn = ctx.txn!;
    const isQuery = udfType === "query" || udfType === "snapshotQuery";
    if (!isQuery && udfType !== "mutation") throw new Error(`Nested call type "${udfType}" is not supported by the embedded engine.`);
    if (!isQuery && ctx.kind !== "mutation") throw new Error("ctx.runMutation can only be called from a mutation or an action.");
    // Concurrent nested calls (Promise.all) run one after another, in call order: savepoints must nest.
    const release = await (ctx.children ??= new FifoLock()).acquire();
    try {
      const r = await this.resolve(name, isQuery ? "query" : "mutation", false);
      if (isQuery) return await this.invoke(r, args, { txn, identity: ctx.identity, now: ctx.now, depth: ctx.depth, pagination: ctx.pagination, meter: ctx.meter });
      const depth = ctx.depth + 1;
      return await this.withSavepoint(txn, depth, () => this.invoke(r, args, { txn, identity: ctx.identity, now: ctx.now, depth, meter: ctx.meter }));
    } finally {
      release();
    }
  }

  async runFromAction(ctx: ExecContext, kind: UdfKind, name: string, args: Record<string, Value>): Promise<Value> {
    return this.call(kind, name, args, ctx.identity, false, true);
  }

  async schedule(txn: Txn | null, name: string, tsMs: number, args: Record<string, Value>): Promise<string> {
    const r = await this.modules.resolve(name);
    if (r.kind === "query") throw new Error(`Cannot schedule "${r.udfPath}": only mutations and actions can be scheduled.`);
    if (!Number.isFinite(tsMs)) throw new Error("The scheduled time must be a finite number");
    const insert = (t: Txn) => {
      t.scheduledJobs++;
      return t.insert(SCHEDULED_FUNCTIONS, { name: r.udfPath, args: [args], scheduledTime: tsMs, state: { kind: "pending" } });
    };
    if (txn) return insert(txn);
    return this.withWriteTxn(async (t) => insert(t));
  }

  async cancel(txn: Txn | null, id: string): Promise<void> {
    const doCancel = (t: Txn) => {
      if (t.tableOfId(id) !== SCHEDULED_FUNCTIONS) throw new Error(`scheduler.cancel: "${id}" is not a scheduled function id`);
      const row = t.get(id);
      if (row === null) return;
      const job = JSON.parse(row.json) as { state: { kind: string } };
      if (job.state.kind !== "pending" && job.state.kind !== "inProgress") return;
      t.patch(id, { state: { kind: "canceled" }, completedTime: t.now });
    };
    if (txn) return doCancel(txn);
    return this.withWriteTxn(async (t) => doCancel(t));
  }
}
