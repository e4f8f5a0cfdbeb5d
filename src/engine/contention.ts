// A model of how a Convex deployment's optimistic concurrency control would
// treat a sequence of committed mutations, from the read and write sets the
// engine records (EngineOptions.recordAccess).
//
// With K mutations in flight, mutation i runs beside the K-1 mutations that
// committed just before it. On a deployment a mutation's commit is refused,
// and the mutation retried, when a transaction that committed after its read
// snapshot wrote a key inside one of the index intervals it read (Convex's
// read set is index key intervals; a write touches the document's key in
// every index of its table, old and new version). So: mutation i "would be
// retried" when one of its read intervals contains a key written (in the
// same index) by one of the K-1 mutations committed just before it.
//
// One causal bound: a scheduled function's run cannot have started before the
// transaction that scheduled it committed (the job id is in that transaction's
// writes to `_scheduled_functions`), so it never conflicts with that
// transaction or anything committed before it — a function that reschedules
// itself is a chain, not a crowd.
//
// What it does not model: the retries themselves (a retried mutation would
// run again, later, and its second run could conflict too: the share is a
// lower bound on the work a deployment would redo), timing (mutations are
// taken as equally long), and that a deployment's snapshot may be older or
// newer than exactly K-1 commits. K = 1 never conflicts.
import type { AccessSet } from "./meter";

export interface CommittedMutation {
  udfPath: string;
  access: AccessSet;
}

/** A written document whose key fell inside a retried mutation's read interval. */
export interface ConflictSource {
  table: string;
  /** "table.index" */
  index: string;
  /** The written document's id. */
  id: string;
  /** How many retried mutations it caused (counted once per mutation). */
  count: number;
}

export interface FunctionContention {
  udfPath: string;
  mutations: number;
  retried: number;
  share: number;
}

export interface ContentionReport {
  k: number;
  mutations: number;
  retried: number;
  share: number;
  /** Per function, most retried first. */
  byFunction: FunctionContention[];
  /** The documents (per index) whose writes caused the conflicts, most frequent first. */
  conflicts: ConflictSource[];
}

/** At most this many conflicting keys are attributed per read interval and predecessor (a range may hold thousands). */
const SOURCES_PER_INTERVAL = 8;

/** One index's keys written by one mutation, sorted (latin1 strings: their code-unit order is the bytes' order). */
interface WrittenIndex {
  keys: string[];
  docs: Array<{ table: string; id: string }>;
}

/** The first position whose key is >= key. */
function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A mutation's write set, by index, each sorted once: a read interval is then a binary search per predecessor. */
function indexWrites(access: AccessSet): Map<string, WrittenIndex> {
  const byIndex = new Map<string, Array<{ key: string; table: string; id: string }>>();
  for (const w of access.writes) {
    let list = byIndex.get(w.index);
    if (list === undefined) byIndex.set(w.index, (list = []));
    list.push({ key: w.key.toString("latin1"), table: w.table, id: w.id });
  }
  const out = new Map<string, WrittenIndex>();
  for (const [index, list] of byIndex) {
    list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    out.set(index, { keys: list.map((e) => e.key), docs: list.map(({ table, id }) => ({ table, id })) });
  }
  return out;
}

export class ContentionModel {
  /** The write sets of the last K-1 mutations, oldest first, with their commit positions. */
  private readonly window: Array<{ position: number; writes: Map<string, WrittenIndex> }> = [];
  /** Scheduled job id → the commit position of the transaction that scheduled it (recent ones only). */
  private readonly scheduledAt = new Map<string, number>();
  private mutations = 0;
  private retried = 0;
  private readonly byFunction = new Map<string, { mutations: number; retried: number }>();
  private readonly sources = new Map<string, ConflictSource>();

  constructor(readonly k: number) {
    if (!Number.isInteger(k) || k < 1) throw new Error(`K must be a positive integer, got ${k}`);
  }

  /** Feeds the next committed mutation (in commit order); answers whether it would have been retried. */
  add(m: CommittedMutation): boolean {
    const position = this.mutations++;
    const found = new Map<string, { table: string; index: string; id: string }>();
    const after = m.access.job !== undefined ? (this.scheduledAt.get(m.access.job) ?? -1) : -1;
    if (m.access.job !== undefined) this.scheduledAt.delete(m.access.job);
    const window = after < 0 ? this.window.map((w) => w.writes) : this.window.filter((w) => w.position > after).map((w) => w.writes);
    if (window.length > 0) {
      for (const r of m.access.reads) {
        let lower: string | null = null;
        let upper = "";
        for (const writes of window) {
          const idx = writes.get(r.index);
          if (idx === undefined) continue;
          if (lower === null) {
            lower = r.lower.toString("latin1");
            upper = r.upper.toString("latin1");
          }
          const end = Math.min(idx.keys.length, lowerBound(idx.keys, lower) + SOURCES_PER_INTERVAL);
          for (let i = lowerBound(idx.keys, lower); i < end && idx.keys[i] < upper; i++) {
            const d = idx.docs[i];
            found.set(`${r.index}\u0000${d.id}`, { table: d.table, index: r.index, id: d.id });
          }
        }
      }
    }
    const retried = found.size > 0;
    let fn = this.byFunction.get(m.udfPath);
    if (fn === undefined) this.byFunction.set(m.udfPath, (fn = { mutations: 0, retried: 0 }));
    fn.mutations++;
    if (retried) {
      this.retried++;
      fn.retried++;
      for (const [key, s] of found) {
        const known = this.sources.get(key);
        if (known) known.count++;
        else this.sources.set(key, { ...s, count: 1 });
      }
    }
    for (const w of m.access.writes) if (w.table === "_scheduled_functions" && !this.scheduledAt.has(w.id)) this.scheduledAt.set(w.id, position);
    // A job scheduled longer ago than the window no longer narrows anything.
    for (const [id, at] of this.scheduledAt) if (at < position - this.k) this.scheduledAt.delete(id);
    if (this.k > 1) {
      this.window.push({ position, writes: indexWrites(m.access) });
      if (this.window.length > this.k - 1) this.window.shift();
    }
    return retried;
  }

  report(): ContentionReport {
    const share = (retried: number, total: number) => (total === 0 ? 0 : retried / total);
    return {
      k: this.k,
      mutations: this.mutations,
      retried: this.retried,
      share: share(this.retried, this.mutations),
      byFunction: [...this.byFunction]
        .map(([udfPath, f]) => ({ udfPath, mutations: f.mutations, retried: f.retried, share: share(f.retried, f.mutations) }))
        .sort((a, b) => b.retried - a.retried || b.mutations - a.mutations || a.udfPath.localeCompare(b.udfPath)),
      conflicts: [...this.sources.values()].sort((a, b) => b.count - a.count || a.index.localeCompare(b.index) || a.id.localeCompare(b.id)),
    };
  }
}

/** Runs the model over mutations in commit order. */
export function modelContention(mutations: Iterable<CommittedMutation>, k: number): ContentionReport {
  const model = new ContentionModel(k);
  for (const m of mutations) model.add(m);
  return model.report();
}
