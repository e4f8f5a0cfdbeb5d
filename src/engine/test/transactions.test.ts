// Transactions: serializable mutations under concurrency, read-your-writes,
// patch/replace/delete, nested mutations as savepoints, rollback on throw.
import { expect, it } from "vitest";
import { api } from "./fixture/_generated/api";
import { describeSample } from "./sample";

describeSample("transactions", (t) => {
  it("concurrent mutations are serializable: no lost update, each saw a distinct state", async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => t.mutation(api.counters.increment, { name: "c" })));
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await t.query(api.counters.get, { name: "c" })).toBe(30);
  });

  it("a mutation reads its own writes through get and indexes", async () => {
    expect(await t.mutation(api.txn.readYourWrites, {})).toEqual([
      [1],
      { rank: 2, hasTag: false },
      1,
      { rank: 3, done: true, hasTag: false },
      null,
      0,
    ]);
  });

  it("a failed nested mutation rolls back its own writes only", async () => {
    expect(await t.mutation(api.txn.nested, {})).toEqual({ caught: expect.stringContaining("inner failed"), counters: ["innerOk", "outer"] });
    const names = await t.run(async (ctx) => (await ctx.db.query("counters").collect()).map((c) => c.name).sort());
    expect(names).toEqual(["innerOk", "outer"]);
  });

  it("patching a deleted document fails and writes nothing", async () => {
    const [id] = await t.mutation(api.items.insertMany, { items: [{ group: "g", rank: 1, done: false }] });
    await t.mutation(api.items.remove, { id });
    await expect(t.mutation(api.txn.patchMissing, { id })).rejects.toThrow();
    expect(await t.query(api.items.all, {})).toEqual([]);
  });

  it("a query sees only committed data", async () => {
    await expect(t.mutation(api.checks.failWithData, { n: 1 })).rejects.toThrow();
    expect(await t.query(api.counters.get, { name: "shouldRollBack" })).toBe(0);
  });
});
