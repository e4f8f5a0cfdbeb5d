// The raw better-sqlite3 twin of the engine's storage: the same two tables
// (documents as JSON text, every index as (ix, key BLOB, rid) WITHOUT ROWID),
// WAL, synchronous=NORMAL, and for each bench operation the same statements the
// engine needs (document + one row per index on insert, index-joined reads,
// JSON parse/stringify), hand-written with nothing in between. Like the engine,
// it turns off SQLite's on-commit autocheckpoint and checkpoints once a second.
import Database from "better-sqlite3";

// Index numbers of the twin: the implicit two, then the fixture's items/counters indexes.
const IX = { itemsById: 1, itemsByCreation: 2, byGroupRank: 3, byTag: 4, byGroupTagRank: 5, countersById: 6, countersByCreation: 7, byName: 8 };

// Order-preserving enough for these keys: strings NUL-terminated, numbers as
// sign-flipped big-endian float64 (the engine's encoding is the full Convex order).
function key(...parts: (string | number | undefined)[]): Buffer {
  return Buffer.concat(
    parts.map((p) => {
      if (p === undefined) return Buffer.from([0x01]);
      if (typeof p === "string") return Buffer.concat([Buffer.from([0x06]), Buffer.from(p), Buffer.from([0])]);
      const b = Buffer.alloc(9);
      b[0] = 0x04;
      b.writeDoubleBE(p, 1);
      if (p >= 0) b[1] ^= 0x80;
      else for (let i = 1; i < 9; i++) b[i] ^= 0xff;
      return b;
    }),
  );
}
const after = (prefix: Buffer) => Buffer.concat([prefix, Buffer.from([0xff])]);

export function openRawTwin(path: string) {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("wal_autocheckpoint = 0");
  db.exec(`
    CREATE TABLE documents (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, tbl TEXT NOT NULL, json TEXT NOT NULL);
    CREATE TABLE idx (ix INTEGER NOT NULL, key BLOB NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (ix, key)) WITHOUT ROWID;
  `);
  const insertDoc = db.prepare("INSERT INTO documents (id, tbl, json) VALUES (?, ?, ?)");
  const insertIdx = db.prepare("INSERT INTO idx (ix, key, rid) VALUES (?, ?, ?)");
  const updateDoc = db.prepare("UPDATE documents SET json = ? WHERE rowid = ?");
  const range = (limit: number) =>
    db.prepare(`SELECT d.rowid AS rid, d.json AS json FROM idx i JOIN documents d ON d.rowid = i.rid WHERE i.ix = ? AND i.key >= ? AND i.key < ? ORDER BY i.key LIMIT ${limit}`);
  const first = range(1);
  const take100 = range(100);
  let seq = 0;
  let lastTime = 0;
  // The engine checkpoints from a 1 s timer; the twin's calls are synchronous and
  // never yield to timers, so it checkpoints inline on the same period.
  let lastCheckpoint = Date.now();
  const checkpointIfDue = () => {
    if (Date.now() - lastCheckpoint < 1000) return;
    db.pragma("wal_checkpoint(PASSIVE)");
    lastCheckpoint = Date.now();
  };

  function insert(tbl: "items" | "counters", fields: Record<string, unknown>): void {
    const id = `${tbl}${++seq}`;
    const time = (lastTime = Math.max(Date.now(), lastTime + 0.001));
    const rid = insertDoc.run(id, tbl, JSON.stringify({ _id: id, _creationTime: time, ...fields })).lastInsertRowid;
    if (tbl === "counters") {
      insertIdx.run(IX.countersById, key(id), rid);
      insertIdx.run(IX.countersByCreation, key(time, id), rid);
      insertIdx.run(IX.byName, key(fields.name as string, time, id), rid);
      return;
    }
    const { group, rank, tag } = fields as { group: string; rank: number; tag?: string };
    insertIdx.run(IX.itemsById, key(id), rid);
    insertIdx.run(IX.itemsByCreation, key(time, id), rid);
    insertIdx.run(IX.byGroupRank, key(group, rank, time, id), rid);
    insertIdx.run(IX.byTag, key(tag, time, id), rid);
    insertIdx.run(IX.byGroupTagRank, key(group, tag, rank, time, id), rid);
  }

  const firstByName = (name: string) => {
    const prefix = key(name);
    const row = first.get(IX.byName, prefix, after(prefix)) as { rid: number; json: string } | undefined;
    return row && { rid: row.rid, doc: JSON.parse(row.json) as { value: number } };
  };

  const work = db.transaction((counter: string, group: string, rank: number) => {
      insert("items", { group, rank, done: false });
      const row = firstByName(counter);
      const lower = key(group, rank);
      const hit = first.get(IX.byGroupRank, lower, after(key(group))) as { json: string } | undefined;
      if (hit) JSON.parse(hit.json);
      if (row) updateDoc.run(JSON.stringify({ ...row.doc, value: row.doc.value + 1 }), row.rid);
  }).immediate;

  return {
    /** Same as the bench:work mutation: insert, two index reads, patch, one write transaction. */
    work: (counter: string, group: string, rank: number) => {
      work(counter, group, rank);
      checkpointIfDue();
    },
    firstByName: db.transaction((name: string) => firstByName(name)?.doc ?? null),
    take100: db.transaction((group: string) => {
      const prefix = key(group);
      return (take100.all(IX.byGroupRank, prefix, after(prefix)) as { json: string }[]).map((r) => JSON.parse(r.json));
    }),
    seed: db.transaction((counter: string, group: string, n: number) => {
      insert("counters", { name: counter, value: 0 });
      for (let i = 0; i < n; i++) insert("items", { group, rank: i, done: false });
    }),
    close: () => db.close(),
  };
}
