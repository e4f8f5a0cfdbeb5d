// Executes serialized queries (convex/server query_impl) as B-tree range scans
// over the index rows: streaming for collect/take/first/iteration, and
// key-position cursors for paginate so pages survive inserts and deletes.
import type { JSONValue, Value } from "convex/values";
import { BY_CREATION_TIME, indexKey } from "./catalog";
import { parseConvexJson } from "./jsonValue";
import type { IndexInfo } from "./catalog";
import { passesFilters } from "./filter";
import { compileRange } from "./indexRange";
import type { RangeExpression } from "./indexRange";
import type { Meter, PendingRead, ReadInterval } from "./meter";
import { isSystemTable, MissingTable } from "./transaction";
import type { Txn } from "./transaction";
import { AFTER_ANY_VALUE } from "./valueKey";

export interface SerializedQuery {
  source:
    | { type: "FullTableScan"; tableName: string; order: "asc" | "desc" | null }
    | { type: "IndexRange"; indexName: string; range: RangeExpression[]; order: "asc" | "desc" | null }
    | { type: "Search"; indexName: string };
  operators: Array<{ filter: JSONValue } | { limit: number }>;
}

interface Plan {
  table: string;
  indexName: string;
  index: IndexInfo | null; // null: the table does not exist yet, so it is empty
  lower: Buffer;
  upper: Buffer;
  order: "asc" | "desc";
  filters: JSONValue[];
  limit: number | null;
}

const ZERO = Buffer.from([0]);
const EMPTY = Buffer.alloc(0);
const WHOLE_INDEX_END = Buffer.from([AFTER_ANY_VALUE]);
export const END_CURSOR = "_end_cursor";

function plan(txn: Txn, query: SerializedQuery): Plan {
  const src = query.source;
  if (src.type === "Search") throw new Error("Search indexes (withSearchIndex) are not supported by the embedded engine.");
  const [table, indexName] = src.type === "FullTableScan" ? [src.tableName, BY_CREATION_TIME] : splitIndexName(src.indexName);
  const filters: JSONValue[] = [];
  let limit: number | null = null;
  for (const op of query.operators) {
    if ("filter" in op) filters.push(op.filter);
    else limit = limit === null ? op.limit : Math.min(limit, op.limit);
  }
  const order = src.order ?? "asc";
  let index: IndexInfo | null;
  try {
    index = txn.index(table, indexName);
  } catch (e) {
    if (!(e instanceof MissingTable)) throw e;
    index = null;
  }
  if (index === null) return { table, indexName, index, lower: ZERO, upper: ZERO, order, filters, limit };
  const range = src.type === "IndexRange" ? src.range : [];
  const { lower, upper } = compileRange(range, index.keyFields, `${table}.${indexName}`);
  return { table, indexName, index, lower, upper, order, filters, limit };
}

function splitIndexName(name: string): [string, string] {
  const dot = name.indexOf(".");
  if (dot < 0) throw new Error(`Malformed index name ${name}`);
  return [name.slice(0, dot), name.slice(dot + 1)];
}

function docOf(json: string): Value {
  return parseConvexJson(json);
}

/** The index key of a scanned document: where a scan continues after it. */
function keyOf(p: Plan, json: string): Buffer {
  return indexKey(p.index!, docOf(json));
}

/**
 * The read interval of a range scan, as Convex's backend records it (crates/database/src/query/index_range.rs):
 * from where the scan started to just past the last row it produced when it stopped early, or the whole range
 * when it reached the end. `last` is the key of that last row, null when none was produced. In descending order
 * the interval runs from the last row up to where the scan started. A table that does not exist yet was read
 * whole: any insert into it would have changed what the function saw.
 */
function readInterval(p: Plan, lower: Buffer, upper: Buffer, last: Buffer | null, reachedEnd: boolean): ReadInterval | null {
  if (!reachedEnd && last === null) return null;
  const index = `${p.table}.${p.indexName}`;
  if (p.index === null) return { index, ix: -1, lower: EMPTY, upper: WHOLE_INDEX_END };
  if (reachedEnd) return { index, ix: p.index.ix, lower, upper };
  if (last === null) return null;
  if (p.order === "asc") return { index, ix: p.index.ix, lower, upper: Buffer.concat([last, ZERO]) };
  return { index, ix: p.index.ix, lower: last, upper };
}

/** Reads the next rows after `after` (exclusive) in plan order. */
function fetch(txn: Txn, p: Plan, after: Buffer | null, n: number, lower = p.lower, upper = p.upper): string[] {
  if (p.index === null) return [];
  if (p.order === "asc") return txn.scan(p.index, after ? Buffer.concat([after, ZERO]) : lower, upper, "asc", n);
  return txn.scan(p.index, lower, after ?? upper, "desc", n);
}

export class QueryStream implements PendingRead {
  private readonly p: Plan;
  private buffer: string[] = [];
  private pos = 0;
  private started = false;
  private exhausted = false;
  /** The scan reached the end of its range (next() answered null for that reason). */
  private ended = false;
  private returned = 0;
  private batch: number;
  /** The last row the scan produced (filtered out or not): where its read interval ends. */
  private last: string | null = null;
  /** Counts scanned documents against the limits (not for system tables, as in the backend). */
  private readonly counting: Meter | null;

  constructor(
    private readonly txn: Txn,
    query: SerializedQuery,
    meter: Meter | null,
  ) {
    this.p = plan(txn, query);
    // Without filters a limit says exactly how many rows are needed.
    this.batch = this.p.limit !== null && this.p.filters.length === 0 ? Math.max(1, this.p.limit) : 64;
    this.counting = meter !== null && !isSystemTable(this.p.table) ? meter : null;
    if (meter !== null) {
      meter.indexRange();
      if (meter.access !== null) meter.access.pending.push(this);
    }
  }

  readInterval(): ReadInterval | null {
    return readInterval(this.p, this.p.lower, this.p.upper, this.last === null ? null : keyOf(this.p, this.last), this.ended);
  }

  /** The next document's JSON text, or null when done. */
  next(): string | null {
    if (this.p.limit !== null && this.returned >= this.p.limit) return null;
    for (;;) {
      if (this.pos >= this.buffer.length) {
        if (this.exhausted) {
          this.ended = true;
          return null;
        }
        const after = this.started ? keyOf(this.p, this.buffer[this.buffer.length - 1]) : null;
        this.started = true;
        this.buffer = fetch(this.txn, this.p, after, this.batch);
        this.pos = 0;
        if (this.buffer.length < this.batch) this.exhausted = true;
        this.batch = Math.min(this.batch * 2, 1024);
        if (this.buffer.length === 0) {
          this.ended = true;
          return null;
        }
      }
      const json = this.buffer[this.pos++];
      this.last = json;
      if (this.counting !== null) this.counting.readDocument(Buffer.byteLength(json));
      if (this.p.filters.length > 0 && !passesFilters(this.p.filters, docOf(json))) continue;
      this.returned++;
      return json;
    }
  }
}

export interface PageArgs {
  query: SerializedQuery;
  cursor: string | null;
  endCursor?: string | null;
  pageSize: number;
  maximumRowsRead?: number | null;
}

// A cursor is the index number then the key of the last row returned, so a
// cursor from another query's index is refused instead of misread.
function encodeCursor(p: Plan, key: Buffer): string {
  const ix = Buffer.alloc(4);
  ix.writeUInt32BE(p.index!.ix);
  return Buffer.concat([ix, key]).toString("base64url");
}

function decodeCursor(p: Plan, cursor: string): Buffer {
  const bytes = /^[A-Za-z0-9_-]*$/.test(cursor) ? Buffer.from(cursor, "base64url") : null;
  if (bytes === null || bytes.length < 4) throw new Error(`Invalid pagination cursor ${JSON.stringify(cursor)}`);
  if (p.index !== null && bytes.readUInt32BE(0) !== p.index.ix) {
    throw new Error(`Invalid pagination cursor ${JSON.stringify(cursor)}: it belongs to a query on another index.`);
  }
  return bytes.subarray(4);
}

/** Returns the queryPage syscall result as JSON text. */
export function queryPage(txn: Txn, args: PageArgs, meter: Meter | null): string {
  const p = plan(txn, args.query);
  if (meter !== null) meter.indexRange();
  if (args.cursor === END_CURSOR) return pageResult([], true, END_CURSOR, null, null);
  const counting = meter !== null && !isSystemTable(p.table) ? meter : null;
  const start = args.cursor === null ? null : decodeCursor(p, args.cursor);
  let { lower, upper } = p;
  const end = args.endCursor ?? null;
  if (end !== null && end !== END_CURSOR) {
    // The end cursor's row is the last one in the page (inclusive).
    const endKey = decodeCursor(p, end);
    if (p.order === "asc") upper = Buffer.concat([endKey, ZERO]);
    else lower = endKey;
  }
  const bounded = end !== null;
  const maxRows = args.maximumRowsRead ?? null;
  const page: string[] = [];
  const scanned: string[] = [];
  let after = start;
  let done = false;
  let split = false;
  const want = Math.max(0, Math.floor(args.pageSize));
  outer: for (;;) {
    const batchSize = bounded ? 256 : Math.max(want - page.length, 1) + 1;
    const rows = fetch(txn, p, after, batchSize, lower, upper);
    for (let i = 0; i < rows.length; i++) {
      const json = rows[i];
      scanned.push(json);
      if (counting !== null) counting.readDocument(Buffer.byteLength(json));
      if (p.filters.length === 0 || passesFilters(p.filters, docOf(json))) page.push(json);
      if (maxRows !== null && scanned.length >= maxRows) {
        split = true;
        done = i === rows.length - 1 && rows.length < batchSize;
        break outer;
      }
      if (!bounded && page.length >= want) {
        // Done only if nothing at all follows, as on Convex.
        done = i === rows.length - 1 && rows.length < batchSize;
        break outer;
      }
    }
    if (rows.length < batchSize) {
      done = true;
      break;
    }
    after = keyOf(p, rows[rows.length - 1]);
  }
  if (meter?.access) {
    // The page read from its start cursor to its last row, or to the end of its range once nothing followed.
    const from = start === null ? null : p.order === "asc" ? Buffer.concat([start, ZERO]) : start;
    const lo = p.order === "asc" ? (from ?? lower) : lower;
    const hi = p.order === "asc" ? upper : (from ?? upper);
    const last = scanned.length > 0 ? keyOf(p, scanned[scanned.length - 1]) : null;
    const r = readInterval(p, lo, hi, last, done);
    if (r !== null) meter.access.reads.push(r);
  }
  let continueCursor: string;
  if (bounded) {
    continueCursor = end!;
    done = end === END_CURSOR;
  } else {
    continueCursor = done ? END_CURSOR : encodeCursor(p, keyOf(p, scanned[scanned.length - 1]));
  }
  const splitCursor = split && scanned.length >= 2 ? encodeCursor(p, keyOf(p, scanned[Math.floor((scanned.length - 1) / 2)])) : null;
  return pageResult(page, done, continueCursor, splitCursor, split ? "SplitRequired" : null);
}

function pageResult(page: string[], isDone: boolean, continueCursor: string, splitCursor: string | null, pageStatus: string | null): string {
  return `{"page":[${page.join(",")}],"isDone":${isDone},"continueCursor":${JSON.stringify(continueCursor)},"splitCursor":${JSON.stringify(splitCursor)},"pageStatus":${JSON.stringify(pageStatus)}}`;
}
