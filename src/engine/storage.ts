// SQLite layout and connections. Documents are rows of convexToJson text;
// every index (including the implicit by_id and by_creation_time) is a set of
// (index number, order-preserving key, document rowid) rows in one WITHOUT
// ROWID table, so an index range is one B-tree range scan.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

export type Db = Database.Database;
export type Stmt = Database.Statement;

const DDL = `
CREATE TABLE IF NOT EXISTS _meta (k TEXT PRIMARY KEY, v ANY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS _tables (name TEXT PRIMARY KEY, num INTEGER NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS _indexes (ix INTEGER PRIMARY KEY, tbl TEXT NOT NULL, name TEXT NOT NULL, fields TEXT NOT NULL, UNIQUE (tbl, name));
CREATE TABLE IF NOT EXISTS documents (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, tbl TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idx (ix INTEGER NOT NULL, key BLOB NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (ix, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS _crons (name TEXT PRIMARY KEY, spec TEXT NOT NULL, next_ts REAL NOT NULL);
CREATE TABLE IF NOT EXISTS _action_claims (id TEXT PRIMARY KEY, pid INTEGER NOT NULL, instance TEXT NOT NULL);
`;

export function openConnection(path: string): Db {
  // Every connection must open the same database: an in-memory one would be private to each.
  if (path === "" || path === ":memory:" || path.startsWith("file::memory:")) throw new Error("The embedded engine needs a database file path, not an in-memory database.");
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 0 });
  // busy_timeout 0: SQLite must never sleep on the event loop; callers retry
  // asynchronously (busy.ts). Checkpoints run on a timer, not on commits.
  db.pragma("busy_timeout = 0");
  db.pragma("synchronous = NORMAL");
  db.pragma("wal_autocheckpoint = 0");
  db.defaultSafeIntegers(false);
  return db;
}

/** Switches the file to WAL and creates the engine tables; run inside retryBusy. */
export function initialize(db: Db): void {
  if (String(db.pragma("journal_mode", { simple: true })).toLowerCase() !== "wal") db.pragma("journal_mode = WAL");
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec(DDL);
    db.exec("COMMIT");
  } catch (e) {
    db.exec("ROLLBACK");
    throw e;
  }
}

/** Prepared statements cached per connection and SQL text. */
export class Conn {
  private readonly cache = new Map<string, Stmt>();
  constructor(readonly db: Db) {}
  stmt(sql: string): Stmt {
    let s = this.cache.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }
  /** A statement returning its first column's values directly (no row objects). */
  pluck(sql: string): Stmt {
    const key = "pluck:" + sql;
    let s = this.cache.get(key);
    if (s === undefined) {
      s = this.db.prepare(sql).pluck();
      this.cache.set(key, s);
    }
    return s;
  }
  /** Runs a statement without results (BEGIN, COMMIT, SAVEPOINT…), prepared once. */
  run(sql: string): void {
    this.stmt(sql).run();
  }
  close(): void {
    this.cache.clear();
    this.db.close();
  }
}

export const SQL = {
  docByRowid: "SELECT id, tbl, json FROM documents WHERE rowid = ?",
  docById: "SELECT d.rowid AS rowid, d.tbl AS tbl, d.json AS json FROM idx i JOIN documents d ON d.rowid = i.rid WHERE i.ix = ? AND i.key = ?",
  insertDoc: "INSERT INTO documents (id, tbl, json) VALUES (?, ?, ?)",
  updateDoc: "UPDATE documents SET json = ? WHERE rowid = ?",
  deleteDoc: "DELETE FROM documents WHERE rowid = ?",
  insertKey: "INSERT INTO idx (ix, key, rid) VALUES (?, ?, ?)",
  deleteKey: "DELETE FROM idx WHERE ix = ? AND key = ?",
  // LIMIT through CAST: a bare bound `LIMIT ?` made SQLite plan index joins
  // 2-3x slower in measurements.
  // Only the JSON: the continuation key of a batch is recomputed from its last
  // document, which is cheaper than materializing a key Buffer per row.
  scanAsc: "SELECT d.json FROM idx i JOIN documents d ON d.rowid = i.rid WHERE i.ix = ? AND i.key >= ? AND i.key < ? ORDER BY i.key ASC LIMIT CAST(? AS INTEGER)",
  scanDesc: "SELECT d.json FROM idx i JOIN documents d ON d.rowid = i.rid WHERE i.ix = ? AND i.key >= ? AND i.key < ? ORDER BY i.key DESC LIMIT CAST(? AS INTEGER)",
  countIndex: "SELECT COUNT(*) AS n FROM idx WHERE ix = ?",
  getMeta: "SELECT v FROM _meta WHERE k = ?",
  setMeta: "INSERT INTO _meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v",
} as const;
