// What one top-level query or mutation transaction reads, writes and
// schedules, counted against Convex's limits (limits.ts) as it goes. Nested
// ctx.runQuery/runMutation calls share their caller's meter, as Convex's
// subtransactions share the transaction's counters; a query or mutation run
// from an action, a scheduled mutation and a cron each get their own.
//
// The counting is integer increments on the hot path. With recordAccess the
// meter also keeps the transaction's read set (index key intervals) and write
// set (index keys of every version written), for the contention model.
import { performance } from "node:perf_hooks";
import type { LimitName, LimitWarning, TransactionLimits } from "./limits";
import { TransactionLimitError, WARNING_RATIO } from "./limits";

/** An interval of one index's keys that a transaction read: [lower, upper). */
export interface ReadInterval {
  /** "table.index", e.g. "usage.by_key_hour" or "teams.by_id". */
  index: string;
  /** The engine's index number (-1 for a table that did not exist yet). */
  ix: number;
  /** Inclusive. */
  lower: Buffer;
  /** Exclusive. */
  upper: Buffer;
}

/** One index key of one version of a document a transaction wrote. */
export interface WrittenKey {
  index: string;
  ix: number;
  key: Buffer;
  table: string;
  /** The document's id. */
  id: string;
}

export interface AccessSet {
  reads: ReadInterval[];
  writes: WrittenKey[];
  /**
   * A scheduled function's run: the `_scheduled_functions` id it ran. It cannot have started before the
   * transaction that scheduled it committed (whose writes hold that id), which the contention model uses.
   */
  job?: string;
}

export interface TransactionStats {
  udfPath: string;
  kind: "query" | "mutation";
  /** "read" for queries; a mutation's writes either committed or were rolled back. */
  outcome: "committed" | "rolledBack" | "read";
  documentsRead: number;
  bytesRead: number;
  indexRanges: number;
  documentsWritten: number;
  bytesWritten: number;
  scheduledFunctions: number;
  scheduledArgsBytes: number;
  argumentBytes: number;
  returnBytes: number;
  executionMs: number;
  /** The message of the error the function ended with, if it threw. */
  error?: string;
  /** With recordAccess: the read and write sets. */
  access?: AccessSet;
}

/** A source of one read interval, known only once the transaction is over (a stream may still be read). */
export interface PendingRead {
  readInterval(): ReadInterval | null;
}

export class AccessRecorder {
  readonly reads: ReadInterval[] = [];
  readonly writes: WrittenKey[] = [];
  readonly pending: PendingRead[] = [];
  job: string | undefined;

  finish(): AccessSet {
    for (const p of this.pending) {
      const r = p.readInterval();
      if (r !== null) this.reads.push(r);
    }
    this.pending.length = 0;
    return { reads: this.reads, writes: this.writes, ...(this.job !== undefined ? { job: this.job } : {}) };
  }
}

const now = () => performance.now();

export class Meter {
  documentsRead = 0;
  bytesRead = 0;
  indexRanges = 0;
  documentsWritten = 0;
  bytesWritten = 0;
  scheduledFunctions = 0;
  scheduledArgsBytes = 0;
  argumentBytes = 0;
  returnBytes = 0;
  /** The largest document written (for the 80 % warning). */
  maxDocumentBytes = 0;
  executionMs = 0;
  /** The first limit crossed: the transaction fails with it even if the function caught it. */
  failure: TransactionLimitError | null = null;
  /** The function threw (its writes are rolled back). */
  error: string | undefined = undefined;
  threw = false;
  /** When the execution started, moved later by the pauses a query makes for other work (they are not its time). */
  started = now();
  readonly access: AccessRecorder | null;

  constructor(
    readonly udfPath: string,
    readonly kind: "query" | "mutation",
    readonly limits: Readonly<TransactionLimits>,
    recordAccess: boolean,
  ) {
    this.access = recordAccess ? new AccessRecorder() : null;
  }

  fail(limit: LimitName, value: number, detail?: string): never {
    const e = new TransactionLimitError(limit, this.udfPath, value, this.limits[limit], detail);
    this.failure ??= e;
    throw e;
  }

  /** A syscall arrived: the transaction must still be within its time, and not failed already. */
  syscall(): void {
    if (this.failure !== null) throw this.failure;
    const ms = now() - this.started;
    if (ms > this.limits.executionMs) this.fail("executionMs", Math.round(ms));
  }

  /** A query paused at `pausedAt` to let other work run (syscalls.ts): the pause is not its execution time. */
  resumed(pausedAt: number): void {
    this.started += now() - pausedAt;
  }

  /** The function returned: its time is checked once more before commit. */
  finished(): void {
    this.executionMs = now() - this.started;
    if (this.failure !== null) throw this.failure;
    if (this.executionMs > this.limits.executionMs) this.fail("executionMs", Math.round(this.executionMs));
  }

  indexRange(): void {
    if (++this.indexRanges > this.limits.indexRanges) this.fail("indexRanges", this.indexRanges);
  }

  readDocument(bytes: number): void {
    if (++this.documentsRead > this.limits.documentsRead) this.fail("documentsRead", this.documentsRead);
    if ((this.bytesRead += bytes) > this.limits.bytesRead) this.fail("bytesRead", this.bytesRead);
  }

  /** bytes: the new version's size (0 for a delete). */
  wroteDocument(bytes: number, table: string): void {
    if (bytes > this.maxDocumentBytes) this.maxDocumentBytes = bytes;
    if (bytes > this.limits.documentBytes) this.fail("documentBytes", bytes, `table "${table}"`);
    if (++this.documentsWritten > this.limits.documentsWritten) this.fail("documentsWritten", this.documentsWritten);
    if ((this.bytesWritten += bytes) > this.limits.bytesWritten) this.fail("bytesWritten", this.bytesWritten);
  }

  scheduled(argsBytes: number): void {
    if (++this.scheduledFunctions > this.limits.scheduledFunctions) this.fail("scheduledFunctions", this.scheduledFunctions);
    if ((this.scheduledArgsBytes += argsBytes) > this.limits.scheduledArgsBytes) this.fail("scheduledArgsBytes", this.scheduledArgsBytes);
  }

  /** Limits passed beyond WARNING_RATIO but not crossed, each once; null when none (the common case, kept cheap). */
  warnings(): LimitWarning[] | null {
    const L = this.limits;
    const r = WARNING_RATIO;
    if (
      this.documentsRead <= r * L.documentsRead &&
      this.bytesRead <= r * L.bytesRead &&
      this.indexRanges <= r * L.indexRanges &&
      this.documentsWritten <= r * L.documentsWritten &&
      this.bytesWritten <= r * L.bytesWritten &&
      this.scheduledFunctions <= r * L.scheduledFunctions &&
      this.scheduledArgsBytes <= r * L.scheduledArgsBytes &&
      this.maxDocumentBytes <= r * L.documentBytes &&
      this.argumentBytes <= r * L.argumentBytes &&
      this.returnBytes <= r * L.returnBytes &&
      Math.round(this.executionMs) <= r * L.executionMs
    ) {
      return null;
    }
    const out: LimitWarning[] = [];
    const check = (limit: LimitName, value: number) => {
      const max = this.limits[limit];
      if (value > WARNING_RATIO * max && value <= max) out.push({ udfPath: this.udfPath, limit, value, max });
    };
    check("documentsRead", this.documentsRead);
    check("bytesRead", this.bytesRead);
    check("indexRanges", this.indexRanges);
    check("documentsWritten", this.documentsWritten);
    check("bytesWritten", this.bytesWritten);
    check("scheduledFunctions", this.scheduledFunctions);
    check("scheduledArgsBytes", this.scheduledArgsBytes);
    check("documentBytes", this.maxDocumentBytes);
    check("argumentBytes", this.argumentBytes);
    check("returnBytes", this.returnBytes);
    check("executionMs", Math.round(this.executionMs));
    return out;
  }

  stats(outcome: TransactionStats["outcome"]): TransactionStats {
    const s: TransactionStats = {
      udfPath: this.udfPath,
      kind: this.kind,
      outcome,
      documentsRead: this.documentsRead,
      bytesRead: this.bytesRead,
      indexRanges: this.indexRanges,
      documentsWritten: this.documentsWritten,
      bytesWritten: this.bytesWritten,
      scheduledFunctions: this.scheduledFunctions,
      scheduledArgsBytes: this.scheduledArgsBytes,
      argumentBytes: this.argumentBytes,
      returnBytes: this.returnBytes,
      executionMs: this.executionMs,
    };
    if (this.error !== undefined) s.error = this.error;
    if (this.access !== null) s.access = this.access.finish();
    return s;
  }
}
