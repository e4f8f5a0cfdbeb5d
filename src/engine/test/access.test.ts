// Per-transaction statistics and the read and write sets (recordAccess): the
// intervals each kind of read covers, the keys each kind of write touches,
// and the contention model fed with real mutations.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ContentionModel } from "@/engine";
import type { AccessSet, TransactionStats } from "@/engine";
import { encodeTuple } from "@/engine/valueKey";
import { api } from "./fixture/_generated/api";
import type { Id } from "./fixture/_generated/dataModel";
import { type Engine, ManualClock, openSample, tempDir } from "./engineFixture";

const FF = Buffer.from([0xff]);
const ZERO = Buffer.from([0]);
const after = (key: Buffer) => Buffer.concat([key, ZERO]);
const hex = (b: Buffer) => b.toString("hex");
/** Intervals as comparable hex pairs. */
const intervals = (a: AccessSet) => a.reads.map((r) => ({ index: r.index, lower: hex(r.lower), upper: hex(r.upper) }));
const keys = (a: AccessSet) =>
  a.writes.map((w) => ({ index: w.index, key: hex(w.key), table: w.table, id: w.id })).sort((x, y) => x.index.localeCompare(y.index) || x.key.localeCompare(y.key));

describe("transaction statistics and read/write sets", () => {
  const dir = tempDir("engine-access-");
  let engine: Engine;
  const stats: TransactionStats[] = [];
  const last = () => stats[stats.length - 1];
  beforeAll(async () => {
    engine = await openSample(dir.file("db.sqlite"), new ManualClock(Date.UTC(2026, 0, 1)), { recordAccess: true, onTransaction: (s) => stats.push(s) });
  });
  afterAll(async () => {
    await engine.close();
    dir.remove();
  });
  afterEach(() => {
    stats.length = 0;
  });

  it("a small known mutation: its figures, the range it read and every index key it wrote", async () => {
    await engine.runMutation(api.counters.increment, { name: "a" });
    expect(stats).toHaveLength(1);
    const [doc] = await engine.run(async (ctx) => ctx.db.query("counters").withIndex("by_name", (q) => q.eq("name", "a")).collect());
    stats.length = 0;
    expect(await engine.runMutation(api.counters.increment, { name: "a" })).toBe(2);
    const s = last();
    const before = JSON.stringify({ _id: doc._id, _creationTime: doc._creationTime, name: "a", value: 1 });
    const afterDoc = JSON.stringify({ _id: doc._id, _creationTime: doc._creationTime, name: "a", value: 2 });
    expect(s).toEqual({
      udfPath: "counters:increment",
      kind: "mutation",
      outcome: "committed",
      documentsRead: 1,
      bytesRead: before.length,
      indexRanges: 1,
      documentsWritten: 1,
      bytesWritten: afterDoc.length,
      scheduledFunctions: 0,
      scheduledArgsBytes: 0,
      argumentBytes: '[{"name":"a"}]'.length,
      returnBytes: "2".length,
      executionMs: expect.any(Number),
      access: expect.anything(),
    });
    // unique() reads the whole eq("a") range: it looked for a second row.
    const prefix = encodeTuple(["a"]);
    expect(intervals(s.access!)).toEqual([{ index: "counters.by_name", lower: hex(prefix), upper: hex(Buffer.concat([prefix, FF])) }]);
    // The patch left every key as it was; each is still in the write set, once.
    const id = doc._id as string;
    expect(keys(s.access!)).toEqual(
      [
        { index: "counters.by_creation_time", key: hex(encodeTuple([doc._creationTime, id])), table: "counters", id },
        { index: "counters.by_id", key: hex(encodeTuple([id])), table: "counters", id },
        { index: "counters.by_name", key: hex(encodeTuple(["a", doc._creationTime, id])), table: "counters", id },
      ].sort((x, y) => x.index.localeCompare(y.index) || x.key.localeCompare(y.key)),
    );
  });

  it("queries report outcome read and no writes", async () => {
    await engine.runQuery(api.counters.get, { name: "a" });
    expect(last()).toMatchObject({ udfPath: "counters:get", kind: "query", outcome: "read", documentsRead: 1, indexRanges: 1, documentsWritten: 0 });
    expect(last().access!.writes).toEqual([]);
  });

  describe("read intervals", () => {
    type Item = { _id: string; _creationTime: number; group: string; rank: number };
    let items: Item[];
    const key = (it: Item) => encodeTuple([it.group, it.rank, it._creationTime, it._id]);
    const g = encodeTuple(["g"]);
    const gEnd = Buffer.concat([g, FF]);
    beforeAll(async () => {
      await engine.runMutation(api.items.insertMany, { items: [1, 2, 3, 4, 5].map((rank) => ({ group: "g", rank, done: false })) });
      items = (await engine.run(async (ctx) => ctx.db.query("items").withIndex("by_group_rank", (q) => q.eq("group", "g")).collect())) as Item[];
    });

    it("a scan stopped early read up to just past its last row (ascending) or from it (descending)", async () => {
      await engine.runQuery(api.items.take, { group: "g", n: 2 });
      expect(intervals(last().access!)).toEqual([{ index: "items.by_group_rank", lower: hex(g), upper: hex(after(key(items[1]))) }]);
      await engine.runQuery(api.items.take, { group: "g", n: 2, order: "desc" });
      expect(intervals(last().access!)).toEqual([{ index: "items.by_group_rank", lower: hex(key(items[3])), upper: hex(gEnd) }]);
      await engine.runQuery(api.items.first, { group: "g" });
      expect(intervals(last().access!)).toEqual([{ index: "items.by_group_rank", lower: hex(g), upper: hex(after(key(items[0]))) }]);
    });

    it("a scan that reached the end of its range read all of it (an empty one too)", async () => {
      await engine.runQuery(api.items.take, { group: "g", n: 10 });
      expect(intervals(last().access!)).toEqual([{ index: "items.by_group_rank", lower: hex(g), upper: hex(gEnd) }]);
      await engine.runQuery(api.items.take, { group: "g", n: 10, order: "desc" });
      expect(intervals(last().access!)).toEqual([{ index: "items.by_group_rank", lower: hex(g), upper: hex(gEnd) }]);
      await engine.runQuery(api.items.first, { group: "none" });
      const none = encodeTuple(["none"]);
      expect(intervals(last().access!)).toEqual([{ index: "items.by_group_rank", lower: hex(none), upper: hex(Buffer.concat([none, FF])) }]);
      expect(last()).toMatchObject({ documentsRead: 0, indexRanges: 1 });
    });

    it("pages read from their cursor to their last row, the last page to the end", async () => {
      const p1 = await engine.runQuery(api.items.page, { group: "g", paginationOpts: { numItems: 2, cursor: null } });
      expect(intervals(last().access!)).toEqual([{ index: "items.by_group_rank", lower: hex(g), upper: hex(after(key(items[1]))) }]);
      const p2 = await engine.runQuery(api.items.page, { group: "g", paginationOpts: { numItems: 2, cursor: p1.continueCursor } });
      expect(intervals(last().access!)).toEqual([{ index: "items.by_group_rank", lower: hex(after(key(items[1]))), upper: hex(after(key(items[3]))) }]);
      const p3 = await engine.runQuery(api.items.page, { group: "g", paginationOpts: { numItems: 2, cursor: p2.continueCursor } });
      expect(p3.isDone).toBe(true);
      expect(intervals(last().access!)).toEqual([{ index: "items.by_group_rank", lower: hex(after(key(items[3]))), upper: hex(gEnd) }]);
      const d1 = await engine.runQuery(api.items.page, { group: "g", order: "desc", paginationOpts: { numItems: 2, cursor: null } });
      expect(d1.page.map((p: { rank: number }) => p.rank)).toEqual([5, 4]);
      expect(intervals(last().access!)).toEqual([{ index: "items.by_group_rank", lower: hex(key(items[3])), upper: hex(gEnd) }]);
      expect(last()).toMatchObject({ documentsRead: 2, indexRanges: 1 });
    });

    it("db.get reads the point interval of its id in by_id, found or not", async () => {
      const id = items[0]._id;
      const [gone] = await engine.run(async (ctx) => {
        const c = await ctx.db.insert("counters", { name: "gone", value: 0 });
        await ctx.db.delete(c);
        return [c];
      });
      const [kept] = await engine.run(async (ctx) => [await ctx.db.insert("counters", { name: "kept", value: 0 })]);
      await engine.runQuery(api.limits.manyReads, { id: kept as Id<"counters">, gets: 1, queries: 0 });
      expect(intervals(last().access!)).toEqual([{ index: "counters.by_id", lower: hex(encodeTuple([kept])), upper: hex(after(encodeTuple([kept]))) }]);
      expect(last()).toMatchObject({ documentsRead: 1, indexRanges: 1 });
      await engine.runQuery(api.limits.manyReads, { id: gone as Id<"counters">, gets: 1, queries: 0 });
      expect(intervals(last().access!)).toEqual([{ index: "counters.by_id", lower: hex(encodeTuple([gone])), upper: hex(after(encodeTuple([gone]))) }]);
      expect(last()).toMatchObject({ documentsRead: 0, indexRanges: 1 });
      expect(id).toBeTruthy();
    });

    it("a patch writes the old and the new key of every index; a delete the old ones", async () => {
      const it3 = items[2];
      await engine.run(async (ctx) => ctx.db.patch(it3._id as Id<"items">, { rank: 30 }));
      const moved = { ...it3, rank: 30 };
      const s = last();
      expect(s).toMatchObject({ udfPath: "_engine:run", outcome: "committed", documentsWritten: 1, documentsRead: 0 });
      const id = it3._id;
      const w = keys(s.access!);
      expect(w.filter((k) => k.index === "items.by_group_rank").map((k) => k.key)).toEqual([hex(key(it3)), hex(key(moved))].sort());
      expect(w.filter((k) => k.index === "items.by_id").map((k) => k.key)).toEqual([hex(encodeTuple([id]))]);
      expect(new Set(w.map((k) => k.index))).toEqual(new Set(["items.by_id", "items.by_creation_time", "items.by_group_rank", "items.by_tag", "items.by_group_tag_rank"]));
      await engine.run(async (ctx) => ctx.db.delete(it3._id as Id<"items">));
      const del = keys(last().access!);
      expect(del).toHaveLength(5);
      expect(del.find((k) => k.index === "items.by_group_rank")!.key).toBe(hex(key(moved)));
    });
  });

  it("the model flags a mutation that read what a predecessor wrote, and not a disjoint one", async () => {
    stats.length = 0;
    await engine.runMutation(api.counters.increment, { name: "x" }); // a: inserts x
    await engine.runMutation(api.counters.increment, { name: "y" }); // c: inserts y, reads only the "y" range
    await engine.runMutation(api.counters.increment, { name: "x" }); // b: reads the "x" range a wrote into
    const [a, c, bx] = stats.filter((s) => s.outcome === "committed").map((s) => ({ udfPath: s.udfPath, access: s.access! }));
    const xId = a.access.writes[0].id;
    const k2 = new ContentionModel(2);
    expect([k2.add(a), k2.add(c), k2.add(bx)]).toEqual([false, false, false]);
    const k3 = new ContentionModel(3);
    expect([k3.add(a), k3.add(c), k3.add(bx)]).toEqual([false, false, true]);
    expect(k3.report().conflicts).toEqual([{ table: "counters", index: "counters.by_name", id: xId, count: 1 }]);
    const k1 = new ContentionModel(1);
    expect([a, c, bx].map((x) => k1.add(x))).toEqual([false, false, false]);
  });
});
