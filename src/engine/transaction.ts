// Document reads and writes inside one SQLite transaction (a read snapshot on
// a reader connection, or the write transaction on the writer). Writes go
// straight to SQLite, so reads see them; a per-transaction cache saves
// re-reading and re-parsing documents.
import { CommitTsPlaceholder, convexToJson } from "convex/values";
import { parseConvexJson } from "./jsonValue";
import type { JSONValue, Value } from "convex/values";
import { BY_CREATION_TIME, BY_ID, indexKey } from "./catalog";
import type { Catalog, IndexInfo } from "./catalog";
import { newId, tableNumberOfId } from "./ids";
import type { Meter, WrittenKey } from "./meter";
import type { Conn } from "./storage";
import { SQL } from "./storage";
import { validateValue } from "./validate";
import type { ValidatorJson } from "./validate";
import { encodeTuple } from "./valueKey";

export interface SchemaInfo {
  validation: boolean;
  documentTypes: Map<string, ValidatorJson>;
}

export interface DocRow {
  rowid: number;
  id: string;
  table: string;
  json: string;
  value?: Record<string, Value>;
}

export function docValue(row: DocRow): Record<string, Value> {
  if (row.value === undefined) row.value = parseConvexJson(row.json) as Record<string, Value>;
  return row.value;
}

const LAST_CREATION_TIME = "lastCreationTime";
const LAST_COMMIT_TS = "lastCommitTs";

/** Puts `ts` wherever `value` holds the commit timestamp placeholder. */
function substituteCommitTs<T extends Value>(value: T, ts: bigint): T {
  if (value instanceof CommitTsPlaceholder) return ts as T;
  if (Array.isArray(value)) return value.map((v) => substituteCommitTs(v, ts)) as T;
  if (value !== null && typeof value === "object" && !(value instanceof ArrayBuffer)) {
    const out: Record<string, Value> = {};
    for (const k in value) out[k] = substituteCommitTs((value as Record<string, Value>)[k], ts);
    return out as T;
  }
  return value;
}

export class Txn {
  private readonly cache = new Map<string, DocRow | null>();
  private lastCreationTime: number | null = null;
  /** This transaction's commit timestamp, once a write asked for it. */
  private commitTs: bigint | null = null;
  /** Incremented on every write. */
  writes = 0;
  /** Scheduled jobs written; a commit with jobs wakes the scheduler. */
  scheduledJobs = 0;
  /** The meter of the function running in this transaction (null for the engine's own reads and writes). */
  meter: Meter | null = null;
  /** Every top-level function this transaction ran, reported when it ends. */
  meters: Meter[] | null = null;
  /**
   * Every index key this transaction wrote, whoever wrote it (functions or the engine itself), while live queries
   * want them (subscriptions.ts); null otherwise, so the write path pays nothing. Savepoints rolled back leave their
   * keys: a live query re-run for nothing is harmless, one not re-run would be stale.
   */
  keyLog: WrittenKey[] | null = null;

  constructor(
    readonly conn: Conn,
    readonly catalog: Catalog,
    readonly writable: boolean,
    private readonly schema: SchemaInfo | null,
    /** The transaction's pinned time (ms). */
    readonly now: number,
  ) {}

  /**
   * Forgets cached documents after a savepoint rollback. The creation-time
   * high-water mark is kept: times handed out before the rollback stay used,
   * so later inserts still sort after every earlier one.
   */
  rolledBack(): void {
    this.cache.clear();
    this.catalog.invalidate();
  }

  tableOfId(id: string): string | null {
    const num = tableNumberOfId(id);
    if (num === null) return null;
    return this.catalog.tableName(this.conn, num) ?? null;
  }

  index(table: string, name: string): IndexInfo {
    const info = this.catalog.index(this.conn, table, name);
    if (info === undefined) {
      if (this.catalog.tableNumber(this.conn, table) === undefined && (name === BY_ID || name === BY_CREATION_TIME)) {
        throw new MissingTable();
      }
      throw new Error(`Index ${table}.${name} not found. Declare it in the schema with .index("${name}", [...]).`);
    }
    return info;
  }

  get(id: string): DocRow | null {
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    const table = this.tableOfId(id);
    if (table === null) return null;
    const info = this.catalog.index(this.conn, table, BY_ID);
    if (info === undefined) return null;
    const r = this.conn.stmt(SQL.docById).get(info.ix, encodeTuple([id])) as { rowid: number; json: string } | undefined;
    const row = r ? { rowid: r.rowid, id, table, json: r.json } : null;
    this.cache.set(id, row);
    return row;
  }

  /** JSON texts of the documents whose keys are in [lower, upper), in key order. */
  scan(info: IndexInfo, lower: Buffer, upper: Buffer, order: "asc" | "desc", limit: number): string[] {
    return this.conn.pluck(order === "asc" ? SQL.scanAsc : SQL.scanDesc).all(info.ix, lower, upper, limit) as string[];
  }

  count(table: string): number {
    const info = this.catalog.index(this.conn, table, BY_ID);
    if (!info) return 0;
    return (this.conn.stmt(SQL.countIndex).get(info.ix) as { n: number }).n;
  }

  private assertWritable(): void {
    if (!this.writable) throw new Error("Writes are only allowed in mutations.");
  }

  private validate(table: string, fields: Record<string, Value>): void {
    if (!this.schema?.validation) return;
    const validator = this.schema.documentTypes.get(table);
    if (validator === undefined) return;
    try {
      validateValue(validator, fields, (id) => this.tableOfId(id));
    } catch (e) {
      throw new Error(`Failed to write to table "${table}": document does not match the schema. ${(e as Error).message}`);
    }
  }

  private nextCreationTime(): number {
    if (this.lastCreationTime === null) {
      const r = this.conn.stmt(SQL.getMeta).get(LAST_CREATION_TIME) as { v: number } | undefined;
      this.lastCreationTime = r ? r.v : 0;
    }
    // Strictly increasing across the database, even within one millisecond.
    const t = Math.max(this.now, this.lastCreationTime + 0.001);
    this.lastCreationTime = t;
    return t;
  }

  /**
   * Resolves `db.vars.commitTs` in a value about to be written. Write transactions hold the database's write lock
   * from their first read to their commit, so commits happen in the order transactions take their timestamp: the
   * timestamp can be fixed at the first write that asks for it. Nanoseconds since the epoch like a deployment's
   * (the transaction's time, bumped to stay strictly increasing across the database; the last one is kept in
   * `_meta`, read inside the write transaction, so several processes agree).
   */
  resolveCommitTs<T extends Value>(value: T): T {
    this.assertWritable();
    if (this.commitTs === null) {
      const r = this.conn.stmt(SQL.getMeta).get(LAST_COMMIT_TS) as { v: string } | undefined;
      const last = r ? BigInt(r.v.slice(1)) : 0n;
      const now = BigInt(Math.floor(this.now)) * 1_000_000n;
      this.commitTs = now > last ? now : last + 1n;
    }
    return substituteCommitTs(value, this.commitTs);
  }

  /** Persists transaction bookkeeping; call before COMMIT / RELEASE. */
  flush(): void {
    if (this.writes === 0) return;
    if (this.lastCreationTime !== null) this.conn.stmt(SQL.setMeta).run(LAST_CREATION_TIME, this.lastCreationTime);
    // Stored as text ("n" + digits, which the column's numeric affinity leaves alone): nanoseconds since the
    // epoch do not fit a float64 exactly.
    if (this.commitTs !== null) this.conn.stmt(SQL.setMeta).run(LAST_COMMIT_TS, `n${this.commitTs}`);
  }

  insert(table: string, fields: Record<string, Value>, fieldsJson?: Record<string, JSONValue>): string {
    this.assertWritable();
    if ("_id" in fields || "_creationTime" in fields) throw new Error(`Cannot insert into "${table}": \`_id\` and \`_creationTime\` are system fields.`);
    this.validate(table, fields);
    const num = this.catalog.ensureTable(this.conn, table);
    const id = newId(num);
    const _creationTime = this.nextCreationTime();
    const json = JSON.stringify({ _id: id, _creationTime, ...(fieldsJson ?? (convexToJson(fields) as Record<string, JSONValue>)) });
    const meter = this.meter;
    // System tables (scheduled jobs) count against the backend's system limits, not the user's.
    if (meter !== null && !isSystemTable(table)) meter.wroteDocument(Buffer.byteLength(json), table);
    const value = { _id: id, _creationTime, ...fields };
    const rowid = Number(this.conn.stmt(SQL.insertDoc).run(id, table, json).lastInsertRowid);
    const insertKey = this.conn.stmt(SQL.insertKey);
    const writes = meter?.access?.writes;
    const log = this.keyLog;
    for (const info of this.catalog.indexesOf(this.conn, table)) {
      const key = indexKey(info, value);
      insertKey.run(info.ix, key, rowid);
      if (writes || log) this.wrote(writes, log, { index: `${table}.${info.name}`, ix: info.ix, key, table, id });
    }
    this.cache.set(id, { rowid, id, table, json, value });
    this.writes++;
    return id;
  }

  /** One written index key, for the function's access set (contention model) and the live queries' log. */
  private wrote(writes: WrittenKey[] | undefined, log: WrittenKey[] | null, key: WrittenKey): void {
    writes?.push(key);
    log?.push(key);
  }

  private existing(id: string, op: string): DocRow {
    const row = this.get(id);
    if (row === null) throw new Error(`${op} on nonexistent document with id ${id}`);
    return row;
  }

  /** Writes a whole new version of a document (patch and replace both end here). */
  write(id: string, fields: Record<string, Value>, op: string): void {
    this.assertWritable();
    const row = this.existing(id, op);
    const old = docValue(row);
    for (const k of ["_id", "_creationTime"] as const) {
      if (k in fields && fields[k] !== undefined && fields[k] !== old[k]) {
        throw new Error(`${op}: provided \`${k}\` ${String(fields[k])} does not match the document's ${String(old[k])}`);
      }
    }
    const user: Record<string, Value> = {};
    for (const k in fields) if (k !== "_id" && k !== "_creationTime" && fields[k] !== undefined) user[k] = fields[k];
    this.validate(row.table, user);
    const value = { _id: old._id, _creationTime: old._creationTime, ...user };
    const json = JSON.stringify(convexToJson(value));
    const meter = this.meter;
    if (meter !== null && !isSystemTable(row.table)) meter.wroteDocument(Buffer.byteLength(json), row.table);
    const writes = meter?.access?.writes;
    const log = this.keyLog;
    const deleteKey = this.conn.stmt(SQL.deleteKey);
    const insertKey = this.conn.stmt(SQL.insertKey);
    for (const info of this.catalog.indexesOf(this.conn, row.table)) {
      const before = indexKey(info, old);
      const after = indexKey(info, value);
      const same = before.equals(after);
      // Both versions' keys, changed or not: a reader of either range conflicts on a deployment.
      if (writes || log) {
        const index = `${row.table}.${info.name}`;
        this.wrote(writes, log, { index, ix: info.ix, key: before, table: row.table, id });
        if (!same) this.wrote(writes, log, { index, ix: info.ix, key: after, table: row.table, id });
      }
      // Unchanged keys keep their rows: most patches touch no indexed field.
      if (same) continue;
      deleteKey.run(info.ix, before);
      insertKey.run(info.ix, after, row.rowid);
    }
    this.conn.stmt(SQL.updateDoc).run(json, row.rowid);
    this.cache.set(id, { rowid: row.rowid, id, table: row.table, json, value });
    this.writes++;
  }

  /** Shallow merge; a field set to undefined is removed. */
  patch(id: string, patch: Record<string, Value | undefined>): void {
    const merged: Record<string, Value> = { ...docValue(this.existing(id, "patch")) };
    for (const k in patch) {
      const v = patch[k];
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    this.write(id, merged, "patch");
  }

  remove(id: string): void {
    this.assertWritable();
    const row = this.existing(id, "delete");
    const old = docValue(row);
    const meter = this.meter;
    if (meter !== null && !isSystemTable(row.table)) meter.wroteDocument(0, row.table);
    const writes = meter?.access?.writes;
    const log = this.keyLog;
    const deleteKey = this.conn.stmt(SQL.deleteKey);
    for (const info of this.catalog.indexesOf(this.conn, row.table)) {
      const key = indexKey(info, old);
      deleteKey.run(info.ix, key);
      if (writes || log) this.wrote(writes, log, { index: `${row.table}.${info.name}`, ix: info.ix, key, table: row.table, id });
    }
    this.conn.stmt(SQL.deleteDoc).run(row.rowid);
    this.cache.set(id, null);
    this.writes++;
  }
}

/** Tables whose names start with "_" (the engine's `_scheduled_functions`) are system tables. */
export function isSystemTable(table: string): boolean {
  return table.charCodeAt(0) === 95;
}

/** Thrown when a query reads a table nobody has written yet: it is empty. */
export class MissingTable extends Error {}
