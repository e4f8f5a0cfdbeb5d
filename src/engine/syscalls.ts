// The Convex.syscall / asyncSyscall / jsSyscall interface that convex/server
// calls into. Every op the library performs is handled here or refused with
// an error naming it; each call is routed to the engine and transaction of
// the execution it belongs to (see context.ts).
import { convexToJson, jsonToConvex } from "convex/values";
import type { JSONValue, Value } from "convex/values";
import { executionContext } from "./context";
import type { ExecContext } from "./context";
import { BY_ID } from "./catalog";
import { compileRange } from "./indexRange";
import { jsonToValueOrUndefined } from "./jsonValue";
import type { Meter } from "./meter";
import { QueryStream, queryPage } from "./query";
import type { PageArgs, SerializedQuery } from "./query";
import type { Txn } from "./transaction";
import { encodeTuple } from "./valueKey";

/** What the engine offers the syscall layer. */
export interface SyscallHost {
  /** ctx.runQuery / ctx.runMutation inside a query or mutation. */
  runNested(ctx: ExecContext, udfType: string, name: string, args: Record<string, Value>): Promise<Value>;
  /** ctx.runQuery / runMutation / runAction inside an action. */
  runFromAction(ctx: ExecContext, kind: "query" | "mutation" | "action", name: string, args: Record<string, Value>): Promise<Value>;
  /** Writes a _scheduled_functions job in txn (or in its own transaction when txn is null). */
  schedule(txn: Txn | null, name: string, tsMs: number, args: Record<string, Value>): Promise<string>;
  cancel(txn: Txn | null, id: string): Promise<void>;
}

type Args = Record<string, JSONValue>;

function unsupported(op: string): never {
  throw new Error(`Syscall "${op}" is not supported by the embedded engine.`);
}

function txnOf(ctx: ExecContext, op: string): Txn {
  if (ctx.txn === null) throw new Error(`Syscall "${op}" needs a query or mutation; it was called from an action.`);
  return ctx.txn;
}

function writableTxn(ctx: ExecContext, op: string): Txn {
  const txn = txnOf(ctx, op);
  if (ctx.kind !== "mutation") throw new Error(`Database writes (${op}) are only allowed in mutations, not in a ${ctx.kind}.`);
  return txn;
}

/** Checks the optional table argument of get/patch/replace/delete and system-table access. */
function checkedId(txn: Txn, args: Args, op: string, isSystem: boolean): string {
  const id = args.id;
  if (typeof id !== "string") throw new Error(`Invalid argument \`id\` for \`db.${op}\`: expected a string, got ${JSON.stringify(id)}`);
  const table = txn.tableOfId(id);
  if (table === null) throw new Error(`Invalid argument \`id\` for \`db.${op}\`: "${id}" is not a valid document id.`);
  const expected = args.table;
  if (typeof expected === "string" && expected !== table) {
    throw new Error(`Invalid argument \`id\` for \`db.${op}\`: expected an id of table "${expected}" but got an id of table "${table}".`);
  }
  if (table.startsWith("_") !== isSystem) {
    throw new Error(isSystem ? `db.system.${op} can only read system tables; "${table}" is a user table.` : `System tables (here "${table}") can only be read through db.system and are read-only.`);
  }
  return id;
}

function nameOf(args: Args, op: string): string {
  if (typeof args.name === "string") return args.name;
  if (args.functionHandle !== undefined) throw new Error(`Function handles are not supported by the embedded engine (${op}).`);
  if (args.reference !== undefined) throw new Error(`Component function references are not supported by the embedded engine (${op}).`);
  throw new Error(`Missing function name in ${op}`);
}

const ZERO = Buffer.from([0]);

/**
 * A query gives the thread back this often (ms of wall time). Database syscalls are answered at once, so their
 * promises settle as microtasks: without a pause, a query reading thousands of documents (a usage report) keeps
 * the event loop for its whole length, and the calls that arrive meanwhile (on the server's engine thread: each
 * coalesced verify batch is a message) wait for it to end. A query runs on a read snapshot of its own, so
 * letting other work run between two of its reads changes nothing it sees. Mutations never pause: they hold the
 * write lock, and a pause would only lengthen that. The pause is not the query's execution time (the 1 s limit
 * counts a deployment's function time, and there other functions do not run on its isolate).
 */
export const QUERY_SLICE_MS = 2;
const sliceStart = new WeakMap<Txn, number>();
const realSetImmediate = globalThis.setImmediate;

/** A query's answer, after a pause when the query has held the thread for a slice. */
function answer(ctx: ExecContext, result: string): Promise<string> {
  const txn = ctx.txn;
  if (ctx.kind !== "query" || txn === null || txn.writable) return Promise.resolve(result);
  const now = performance.now();
  const started = sliceStart.get(txn);
  if (started === undefined) sliceStart.set(txn, now);
  else if (now - started >= QUERY_SLICE_MS) {
    const meter = ctx.meter;
    return new Promise((resolve) =>
      realSetImmediate(() => {
        meter?.resumed(now);
        sliceStart.set(txn, performance.now());
        resolve(result);
      }),
    );
  }
  return Promise.resolve(result);
}

/** With recordAccess: a db.get reads the point interval of its id in the table's by_id index, found or not. */
function recordPointRead(meter: Meter, txn: Txn, id: string): void {
  const table = txn.tableOfId(id)!;
  const info = txn.catalog.index(txn.conn, table, BY_ID);
  const key = encodeTuple([id]);
  meter.access!.reads.push({ index: `${table}.${BY_ID}`, ix: info?.ix ?? -1, lower: key, upper: Buffer.concat([key, ZERO]) });
}

function syscall(ctx: ExecContext, op: string, args: Args): string {
  ctx.meter?.syscall();
  switch (op) {
    case "1.0/queryStream": {
      const txn = txnOf(ctx, op);
      const id = ctx.streams.size === 0 ? 1 : Math.max(...ctx.streams.keys()) + 1;
      ctx.streams.set(id, new QueryStream(txn, args.query as unknown as SerializedQuery, ctx.meter));
      return `{"queryId":${id}}`;
    }
    case "1.0/queryCleanup":
      ctx.streams.delete(args.queryId as number);
      return "{}";
    case "1.0/db/normalizeId": {
      const txn = txnOf(ctx, op);
      const idString = args.idString as string;
      return JSON.stringify({ id: txn.tableOfId(idString) === args.table ? idString : null });
    }
    case "1.0/getSnapshotTs":
      return JSON.stringify(convexToJson(BigInt(Math.floor(ctx.now * 1e6))));
    default:
      return unsupported(op);
  }
}

function toText(p: Promise<Value>): Promise<string> {
  return p.then((v) => JSON.stringify(convexToJson(v)));
}

/** Argument text without any `"$` has no $integer/$float/$bytes wrappers: its JSON already is the value. */
function toValue(json: JSONValue, plain: boolean): Value {
  return plain ? (json as Value) : jsonToConvex(json);
}

/** Database ops answer synchronously (a string); only calls into other functions return a promise. */
function asyncSyscall(host: SyscallHost, ctx: ExecContext, op: string, args: Args, plain: boolean, commitTs: boolean): string | Promise<string> {
  // `db.vars.commitTs` may be written into documents, nothing else (as on Convex).
  if (commitTs && op !== "1.0/insert" && op !== "1.0/shallowMerge" && op !== "1.0/replace") {
    throw new Error(`Commit timestamp placeholders (db.vars.commitTs) can only be written into documents, not passed to ${op}.`);
  }
  switch (op) {
    case "1.0/get": {
      const txn = txnOf(ctx, op);
      const isSystem = args.isSystem === true;
      const id = checkedId(txn, args, "get", isSystem);
      const meter = ctx.meter!;
      meter.indexRange();
      const row = txn.get(id);
      // Documents of system tables count against the backend's system limits, not the user's.
      if (row !== null && !isSystem) meter.readDocument(Buffer.byteLength(row.json));
      if (meter.access !== null) recordPointRead(meter, txn, id);
      return row?.json ?? "null";
    }
    case "1.0/queryStreamNext": {
      const stream = ctx.streams.get(args.queryId as number);
      if (!stream) throw new Error(`Query ${String(args.queryId)} is not open`);
      const json = stream.next();
      return json === null ? '{"value":null,"done":true}' : `{"value":${json},"done":false}`;
    }
    case "1.0/queryPage":
      if (ctx.pagination && ++ctx.pagination.calls > 1) {
        throw new Error("Only a single paginated query (`.paginate()`) is allowed per query, including nested ctx.runQuery calls (a Convex limit).");
      }
      return queryPage(txnOf(ctx, op), args as unknown as PageArgs, ctx.meter);
    case "1.0/count": {
      const txn = txnOf(ctx, op);
      const table = args.table as string;
      const meter = ctx.meter!;
      meter.indexRange();
      if (meter.access !== null) {
        // A count depends on every document of the table: the whole of its by_id index.
        const info = txn.catalog.index(txn.conn, table, BY_ID);
        const { lower, upper } = compileRange([], ["_id"], `${table}.${BY_ID}`);
        meter.access.reads.push({ index: `${table}.${BY_ID}`, ix: info?.ix ?? -1, lower, upper });
      }
      return String(txn.count(table));
    }
    case "1.0/insert": {
      const txn = writableTxn(ctx, op);
      const table = args.table as string;
      if (table.startsWith("_")) throw new Error("System tables (prefixed with `_`) are read-only.");
      const json = args.value as Record<string, JSONValue>;
      const value = toValue(json, plain) as Record<string, Value>;
      const id = commitTs ? txn.insert(table, txn.resolveCommitTs(value)) : txn.insert(table, value, json);
      return JSON.stringify({ _id: id });
    }
    case "1.0/shallowMerge": {
      const txn = writableTxn(ctx, op);
      const id = checkedId(txn, args, "patch", false);
      const patchJson = args.value;
      if (patchJson === null || typeof patchJson !== "object" || Array.isArray(patchJson)) throw new Error("db.patch: the patch must be an object");
      const patch: Record<string, Value | undefined> = {};
      for (const k in patchJson) {
        const value = jsonToValueOrUndefined((patchJson as Args)[k]);
        patch[k] = commitTs && value !== undefined ? txn.resolveCommitTs(value) : value;
      }
      txn.patch(id, patch);
      return "{}";
    }
    case "1.0/replace": {
      const txn = writableTxn(ctx, op);
      const id = checkedId(txn, args, "replace", false);
      const value = toValue(args.value, plain) as Record<string, Value>;
      txn.write(id, commitTs ? txn.resolveCommitTs(value) : value, "replace");
      return "{}";
    }
    case "1.0/remove": {
      const txn = writableTxn(ctx, op);
      txn.remove(checkedId(txn, args, "delete", false));
      return "{}";
    }
    case "1.0/getUserIdentity":
      return JSON.stringify(ctx.identity);
    case "1.0/runUdf":
      return toText(host.runNested(ctx, args.udfType as string, nameOf(args, op), toValue(args.args, plain) as Record<string, Value>));
    case "1.0/actions/query":
    case "1.0/actions/mutation":
    case "1.0/actions/action": {
      const kind = op.slice("1.0/actions/".length) as "query" | "mutation" | "action";
      return toText(host.runFromAction(ctx, kind, nameOf(args, op), toValue(args.args, plain) as Record<string, Value>));
    }
    case "1.0/schedule":
    case "1.0/actions/schedule": {
      const txn = op === "1.0/schedule" ? writableTxn(ctx, "scheduler.runAfter/runAt") : null;
      // Sized as the convexToJson text of the arguments (an approximation of the backend's ConvexValue::size).
      if (txn !== null) ctx.meter!.scheduled(Buffer.byteLength(JSON.stringify(args.args)));
      return host.schedule(txn, nameOf(args, op), (args.ts as number) * 1000, jsonToConvex(args.args) as Record<string, Value>).then((id) => JSON.stringify(id));
    }
    case "1.0/cancel_job":
    case "1.0/actions/cancel_job": {
      const txn = op === "1.0/cancel_job" ? writableTxn(ctx, "scheduler.cancel") : null;
      return host.cancel(txn, args.id as string).then(() => "{}");
    }
    case "1.0/getFunctionMetadata":
      return JSON.stringify({ name: ctx.udfPath, componentPath: "" });
    case "1.0/getRequestMetadata":
      return JSON.stringify({ ip: null, userAgent: null, requestId: "", scheduledFunctionId: null, authToken: null });
    case "1.0/getDeploymentMetadata":
      return JSON.stringify({ name: "embedded", region: null, class: "embedded" });
    default:
      return unsupported(op);
  }
}

/** Errors crossing a nested call carry ConvexError data as a JSON value, as performAsyncSyscall expects. */
function forNestedCaller(e: unknown): unknown {
  if (typeof e === "object" && e !== null && Symbol.for("ConvexError") in e) {
    const err = e as { data?: unknown };
    if (typeof err.data === "string") {
      try {
        err.data = JSON.parse(err.data);
      } catch {
        err.data = convexToJson(err.data as Value);
      }
    } else if (err.data !== undefined) {
      err.data = convexToJson(err.data as Value);
    }
  }
  return e;
}

function current(): ExecContext {
  const ctx = executionContext.getStore();
  if (!ctx) throw new Error("Convex syscall outside of an embedded engine function execution.");
  if (ctx.done) throw new Error(`A call from "${ctx.udfPath}" arrived after the function returned (a promise that was not awaited); it was not run.`);
  return ctx;
}

function dispatch(ctx: ExecContext, op: string, jsonArgs: string): Promise<string> {
  let result: string | Promise<string>;
  try {
    // Every syscall checks the transaction's time (and a limit already crossed stays crossed).
    ctx.meter?.syscall();
    const plain = !jsonArgs.includes('"$');
    const commitTs = !plain && jsonArgs.includes('"$commitTs"');
    result = asyncSyscall(ctx.engine as SyscallHost, ctx, op, JSON.parse(jsonArgs) as Args, plain, commitTs);
  } catch (e) {
    return Promise.reject(forNestedCaller(e));
  }
  if (typeof result === "string") return answer(ctx, result);
  return result.catch((e: unknown) => {
    throw forNestedCaller(e);
  });
}

export const convexGlobal = {
  syscall(op: string, jsonArgs: string): string {
    const ctx = current();
    return syscall(ctx, op, JSON.parse(jsonArgs) as Args);
  },
  asyncSyscall(op: string, jsonArgs: string): Promise<string> {
    let ctx: ExecContext;
    try {
      ctx = current();
    } catch (e) {
      return Promise.reject(e);
    }
    // While a nested ctx.runMutation runs in a savepoint, the caller's own
    // database calls wait for it, so a rollback of the savepoint cannot undo them.
    const children = ctx.children;
    if (children?.busy && op !== "1.0/runUdf") {
      return children.acquire().then((release) => {
        const r = dispatch(ctx, op, jsonArgs);
        r.then(release, release);
        return r;
      });
    }
    return dispatch(ctx, op, jsonArgs);
  },
  jsSyscall(op: string): never {
    return unsupported(op);
  },
};
