// The contention model on hand-built read and write sets.
import { describe, expect, it } from "vitest";
import { ContentionModel, modelContention } from "./contention";
import type { CommittedMutation } from "./contention";
import type { ReadInterval, WrittenKey } from "./meter";

const b = (s: string) => Buffer.from(s, "latin1");
const read = (index: string, lower: string, upper: string): ReadInterval => ({ index, ix: 1, lower: b(lower), upper: b(upper) });
/** A point read of `key`: [key, key ++ 0x00). */
const point = (index: string, key: string): ReadInterval => read(index, key, key + "\u0000");
const write = (index: string, key: string, id = key): WrittenKey => ({ index, ix: 1, key: b(key), table: index.split(".")[0], id });
const m = (udfPath: string, reads: ReadInterval[], writes: WrittenKey[]): CommittedMutation => ({ udfPath, access: { reads, writes } });

describe("contention model", () => {
  it("a point read conflicts with a write of that key only", () => {
    const r = modelContention([m("w", [], [write("t.by_id", "k1")]), m("r", [point("t.by_id", "k1")], [])], 2);
    expect(r).toMatchObject({ mutations: 2, retried: 1, share: 0.5 });
    expect(r.conflicts).toEqual([{ table: "t", index: "t.by_id", id: "k1", count: 1 }]);
    expect(modelContention([m("w", [], [write("t.by_id", "k2")]), m("r", [point("t.by_id", "k1")], [])], 2).retried).toBe(0);
    // A key that merely starts with the read key is another document.
    expect(modelContention([m("w", [], [write("t.by_id", "k1\u0001")]), m("r", [point("t.by_id", "k1")], [])], 2).retried).toBe(0);
  });

  it("ranges: lower bound inclusive, upper exclusive", () => {
    const reader = m("r", [read("t.by_x", "b", "d")], []);
    const retriedAfter = (key: string) => modelContention([m("w", [], [write("t.by_x", key)]), reader], 2).retried;
    expect(retriedAfter("a")).toBe(0);
    expect(retriedAfter("b")).toBe(1);
    expect(retriedAfter("c")).toBe(1);
    expect(retriedAfter("czzz")).toBe(1);
    expect(retriedAfter("d")).toBe(0);
    expect(retriedAfter("e")).toBe(0);
  });

  it("a descending scan stopped early read from its last row up: writes below it do not conflict", () => {
    // The scan started at the top of [a, z) and stopped at row "m": its interval is [m, z).
    const reader = m("r", [read("t.by_x", "m", "z")], []);
    expect(modelContention([m("w", [], [write("t.by_x", "c")]), reader], 2).retried).toBe(0);
    expect(modelContention([m("w", [], [write("t.by_x", "m")]), reader], 2).retried).toBe(1);
    expect(modelContention([m("w", [], [write("t.by_x", "q")]), reader], 2).retried).toBe(1);
  });

  it("a scheduled run starts after the transaction that scheduled it: no conflict with it or anything before it", () => {
    const job = write("_scheduled_functions.by_id", "job1");
    const run = (reads: ReadInterval[]): CommittedMutation => ({ udfPath: "run", access: { reads, writes: [], job: "job1" } });
    const earlier = m("earlier", [], [write("t.by_id", "k")]);
    const scheduler = m("scheduler", [], [write("t.by_id", "k"), job]);
    const later = m("later", [], [write("t.by_id", "k")]);
    expect(modelContention([earlier, scheduler, run([point("t.by_id", "k")])], 8).retried).toBe(0);
    // A transaction committed after the scheduler still ran beside the job.
    expect(modelContention([earlier, scheduler, later, run([point("t.by_id", "k")])], 8).retried).toBe(1);
    // Without a known scheduler (an unseen job id), the whole window counts.
    expect(modelContention([earlier, m("scheduler", [], [write("t.by_id", "x")]), run([point("t.by_id", "k")])], 8).retried).toBe(1);
  });

  it("the same key in another index does not conflict", () => {
    expect(modelContention([m("w", [], [write("t.by_y", "c")]), m("r", [read("t.by_x", "a", "z")], [])], 2).retried).toBe(0);
  });

  it("K = 1 never conflicts; K counts the mutation itself plus K-1 predecessors", () => {
    const seq = [m("w", [], [write("t.by_id", "k")]), m("x", [], [write("t.by_id", "other")]), m("r", [point("t.by_id", "k")], [])];
    expect(modelContention(seq, 1).retried).toBe(0);
    expect(modelContention(seq, 2).retried).toBe(0);
    expect(modelContention(seq, 3).retried).toBe(1);
    expect(modelContention(seq, 32).retried).toBe(1);
  });

  it("a mutation's own writes never conflict with its reads", () => {
    expect(modelContention([m("rw", [point("t.by_id", "k")], [write("t.by_id", "k")])], 8).retried).toBe(0);
  });

  it("reports by function and the conflicting documents, most frequent first, once per mutation", () => {
    const hot = (n: number) => m("inc", [point("t.by_id", "hot"), read("t.by_x", "a", "z")], [write("t.by_id", "hot"), write("t.by_x", `k${n}`, `d${n}`)]);
    const model = new ContentionModel(4);
    expect(model.add(hot(0))).toBe(false);
    for (let i = 1; i < 10; i++) expect(model.add(hot(i))).toBe(true);
    model.add(m("cold", [point("t.by_id", "cold")], []));
    const r = model.report();
    expect(r).toMatchObject({ k: 4, mutations: 11, retried: 9 });
    expect(r.byFunction).toEqual([
      { udfPath: "inc", mutations: 10, retried: 9, share: 0.9 },
      { udfPath: "cold", mutations: 1, retried: 0, share: 0 },
    ]);
    expect(r.conflicts[0]).toEqual({ table: "t", index: "t.by_id", id: "hot", count: 9 });
    // Each of the other keys sits in the range read by the next K-1 mutations.
    expect(r.conflicts.find((c) => c.id === "d0")).toEqual({ table: "t", index: "t.by_x", id: "d0", count: 3 });
  });

  it("an empty sequence reports zero", () => {
    expect(modelContention([], 8)).toEqual({ k: 8, mutations: 0, retried: 0, share: 0, byFunction: [], conflicts: [] });
    expect(() => new ContentionModel(0)).toThrow();
  });

  it("handles tens of thousands of mutations quickly", () => {
    const started = performance.now();
    const model = new ContentionModel(32);
    for (let i = 0; i < 30_000; i++) {
      const reads = Array.from({ length: 10 }, (_, j) => point(`t${j}.by_id`, `r${(i * 7 + j) % 50_000}`));
      const writes = Array.from({ length: 30 }, (_, j) => write(`t${j % 10}.by_id`, `w${i}-${j}`));
      model.add(m("f", [...reads, read("t0.by_id", `w${i - 1}-`, `w${i - 1}-~`)], writes));
    }
    const r = model.report();
    expect(r.mutations).toBe(30_000);
    expect(r.retried).toBe(29_999);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
