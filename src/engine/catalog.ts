// Table numbers (encoded into ids) and index definitions, mirrored in memory
// from the _tables/_indexes rows. Other processes may add tables, so a miss
// re-reads the database; a rolled-back transaction invalidates the mirror.
import type { Value } from "convex/values";
import { fieldPathValue, parseConvexJson } from "./jsonValue";
import type { Conn } from "./storage";
import { encodeTuple } from "./valueKey";

export interface IndexInfo {
  ix: number;
  table: string;
  name: string;
  /** Key fields in order, including the trailing _creationTime and _id. */
  keyFields: string[];
}

export interface IndexDecl {
  name: string;
  fields: string[];
}

export const BY_ID = "by_id";
export const BY_CREATION_TIME = "by_creation_time";

/** System tables the engine keeps as ordinary documents, with their indexes. */
export const SYSTEM_TABLES: Record<string, IndexDecl[]> = {
  _scheduled_functions: [{ name: "by_state_and_time", fields: ["state.kind", "scheduledTime"] }],
};

function keyFieldsFor(name: string, fields: string[]): string[] {
  if (name === BY_ID) return ["_id"];
  if (name === BY_CREATION_TIME) return ["_creationTime", "_id"];
  return [...fields, "_creationTime", "_id"];
}

export function indexKey(info: IndexInfo, doc: Value): Buffer {
  const values = new Array<Value | undefined>(info.keyFields.length);
  for (let i = 0; i < values.length; i++) values[i] = fieldPathValue(doc, info.keyFields[i]);
  return encodeTuple(values);
}

export class Catalog {
  private numByName = new Map<string, number>();
  private nameByNum = new Map<number, string>();
  private indexes = new Map<string, Map<string, IndexInfo>>();

  /** declared: the schema's (and system tables') indexes, by table. */
  constructor(private readonly declared: Map<string, IndexDecl[]>) {}

  invalidate(): void {
    this.numByName.clear();
    this.nameByNum.clear();
    this.indexes.clear();
  }

  private load(conn: Conn): void {
    this.invalidate();
    for (const r of conn.stmt("SELECT name, num FROM _tables").all() as Array<{ name: string; num: number }>) {
      this.numByName.set(r.name, r.num);
      this.nameByNum.set(r.num, r.name);
    }
    const rows = conn.stmt("SELECT ix, tbl, name, fields FROM _indexes").all() as Array<{ ix: number; tbl: string; name: string; fields: string }>;
    for (const r of rows) {
      let m = this.indexes.get(r.tbl);
      if (!m) this.indexes.set(r.tbl, (m = new Map()));
      m.set(r.name, { ix: r.ix, table: r.tbl, name: r.name, keyFields: keyFieldsFor(r.name, JSON.parse(r.fields)) });
    }
  }

  tableNumber(conn: Conn, name: string): number | undefined {
    let n = this.numByName.get(name);
    if (n === undefined) {
      this.load(conn);
      n = this.numByName.get(name);
    }
    return n;
  }

  tableName(conn: Conn, num: number): string | undefined {
    let n = this.nameByNum.get(num);
    if (n === undefined) {
      this.load(conn);
      n = this.nameByNum.get(num);
    }
    return n;
  }

  /** Registers a table and its declared indexes; call inside a write transaction. */
  ensureTable(conn: Conn, name: string): number {
    const existing = this.tableNumber(conn, name);
    if (existing !== undefined) return existing;
    const num = (conn.stmt("SELECT COALESCE(MAX(num), 10000) + 1 AS n FROM _tables").get() as { n: number }).n;
    conn.stmt("INSERT INTO _tables (name, num) VALUES (?, ?)").run(name, num);
    for (const decl of [{ name: BY_ID, fields: [] }, { name: BY_CREATION_TIME, fields: [] }, ...(this.declared.get(name) ?? [])]) {
      conn.stmt("INSERT INTO _indexes (tbl, name, fields) VALUES (?, ?, ?)").run(name, decl.name, JSON.stringify(decl.fields));
    }
    this.load(conn);
    return num;
  }

  indexesOf(conn: Conn, table: string): IndexInfo[] {
    const m = this.indexes.get(table) ?? (this.load(conn), this.indexes.get(table));
    return m ? [...m.values()] : [];
  }

  index(conn: Conn, table: string, name: string): IndexInfo | undefined {
    let info = this.indexes.get(table)?.get(name);
    if (info === undefined) {
      this.load(conn);
      info = this.indexes.get(table)?.get(name);
    }
    return info;
  }

  /**
   * Makes the stored indexes match the declared ones: registers declared
   * tables, builds new or changed indexes from the documents, drops removed
   * ones. Call inside a write transaction.
   */
  sync(conn: Conn): void {
    for (const table of this.declared.keys()) this.ensureTable(conn, table);
    this.load(conn);
    for (const [table, byName] of [...this.indexes]) {
      const wanted = new Map((this.declared.get(table) ?? []).map((d) => [d.name, d]));
      for (const info of byName.values()) {
        if (info.name === BY_ID || info.name === BY_CREATION_TIME) continue;
        const decl = wanted.get(info.name);
        if (decl && JSON.stringify(keyFieldsFor(decl.name, decl.fields)) === JSON.stringify(info.keyFields)) {
          wanted.delete(info.name);
          continue;
        }
        conn.stmt("DELETE FROM idx WHERE ix = ?").run(info.ix);
        conn.stmt("DELETE FROM _indexes WHERE ix = ?").run(info.ix);
      }
      for (const decl of wanted.values()) {
        conn.stmt("INSERT INTO _indexes (tbl, name, fields) VALUES (?, ?, ?)").run(table, decl.name, JSON.stringify(decl.fields));
      }
      if (wanted.size === 0) continue;
      this.load(conn);
      const fresh = [...wanted.keys()].map((n) => this.indexes.get(table)!.get(n)!);
      const all = conn
        .stmt("SELECT d.rowid AS rowid, d.json AS json FROM idx i JOIN documents d ON d.rowid = i.rid WHERE i.ix = ?")
        .all(byName.get(BY_CREATION_TIME)!.ix) as Array<{ rowid: number; json: string }>;
      for (const row of all) {
        const doc = parseConvexJson(row.json);
        for (const info of fresh) conn.stmt("INSERT INTO idx (ix, key, rid) VALUES (?, ?, ?)").run(info.ix, indexKey(info, doc), row.rowid);
      }
    }
    this.load(conn);
  }
}
