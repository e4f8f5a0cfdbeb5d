// The execution context of the function currently running, bound with
// AsyncLocalStorage so concurrent queries and actions never mix syscalls.
import { AsyncLocalStorage } from "node:async_hooks";
import type { UserIdentity } from "convex/server";
import type { FifoLock } from "./lock";
import type { Meter } from "./meter";
import type { QueryStream } from "./query";
import type { Txn } from "./transaction";

export type UdfKind = "query" | "mutation" | "action";

export interface ExecContext {
  kind: UdfKind;
  udfPath: string;
  /** The engine instance that owns this execution (several may share a process). */
  engine: object;
  /** The transaction for queries and mutations; null in actions. */
  txn: Txn | null;
  identity: UserIdentity | null;
  /** Pinned Date.now() for queries and mutations. */
  now: number;
  /** The engine's clock: what Date.now() reads in actions (live, not pinned). */
  clock: () => number;
  streams: Map<number, QueryStream>;
  /** Savepoint nesting depth (mutations). */
  depth: number;
  /** Serializes this execution's nested ctx.runQuery/runMutation calls (each a savepoint). */
  children: FifoLock | null;
  /** Set when the function returned: late (un-awaited) syscalls must not touch another transaction. */
  done: boolean;
  /** Queries: paginate() calls so far, shared with nested queries (Convex allows one). */
  pagination: { calls: number } | null;
  /** Queries and mutations: the transaction's counters, shared with nested calls; null in actions. */
  meter: Meter | null;
}

export const executionContext = new AsyncLocalStorage<ExecContext>();
