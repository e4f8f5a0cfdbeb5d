// Engine behaviours the conformance suite in ./test does not reach: schema
// changes on reopen, savepoints, unsupported features failing loudly, and two
// engines in one process.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { actionGeneric, defineSchema, defineTable, internalMutationGeneric, mutationGeneric, queryGeneric } from "convex/server";
import { ConvexError, v } from "convex/values";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openEngine } from "./index";
import type { Engine, TransactionStats } from "./index";
import { QUERY_SLICE_MS } from "./syscalls";

let dir: string;
const open: Engine[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "engine-unit-"));
});
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
  rmSync(dir, { recursive: true, force: true });
});

const items = {
  add: mutationGeneric({ args: { owner: v.string(), n: v.number() }, handler: (ctx, a) => ctx.db.insert("items", a) }),
  byOwner: queryGeneric({ args: { owner: v.string() }, handler: (ctx, { owner }) => ctx.db.query("items").withIndex("by_owner", (q) => q.eq("owner", owner)).collect() }),
  search: queryGeneric({ args: {}, handler: (ctx) => ctx.db.query("items").withSearchIndex("s", (q) => q.search("owner", "x")).collect() }),
  failInner: internalMutationGeneric({
    args: {},
    handler: async (ctx) => {
      await ctx.db.insert("items", { owner: "inner", n: 1 });
      throw new ConvexError({ code: "NOPE" });
    },
  }),
  twoPages: queryGeneric({
    args: {},
    handler: async (ctx) => {
      await ctx.db.query("items").paginate({ numItems: 1, cursor: null });
      return ctx.db.query("items").paginate({ numItems: 1, cursor: null });
    },
  }),
  slowThenWrite: actionGeneric({
    args: {},
    handler: async (ctx) => {
      await new Promise((r) => setTimeout(r, 50));
      return ctx.runMutation("items:add" as never, { owner: "slow", n: 1 } as never);
    },
  }),
  later: mutationGeneric({ args: { ms: v.number() }, handler: (ctx, { ms }) => ctx.scheduler.runAfter(ms, "items:add" as never, { owner: "later", n: ms } as never) }),
  clockInAction: actionGeneric({ args: {}, handler: async () => [Date.now(), new Date().getTime()] }),
  clockInMutation: mutationGeneric({ args: {}, handler: async () => [Date.now(), new Date().getTime()] }),
  parallelNested: mutationGeneric({
    args: {},
    handler: async (ctx) => {
      const results = await Promise.allSettled([
        ctx.runMutation("items:add" as never, { owner: "p", n: 1 } as never),
        ctx.runMutation("items:failInner" as never, {} as never),
        ctx.runMutation("items:add" as never, { owner: "p", n: 2 } as never),
      ]);
      return results.map((r) => r.status);
    },
  }),
  failInnerSlowly: internalMutationGeneric({
    args: {},
    handler: async (ctx) => {
      for (let i = 0; i < 20; i++) await ctx.db.query("items").first();
      throw new Error("inner fails after a while");
    },
  }),
  writeBesideFailingChild: mutationGeneric({
    args: {},
    handler: async (ctx) => {
      const child = ctx.runMutation("items:failInnerSlowly" as never, {} as never).catch(() => null);
      for (let i = 0; i < 40; i++) await null; // let the child get under way
      await ctx.db.insert("items", { owner: "parent", n: 1 });
      await child;
      return null;
    },
  }),
  leaky: mutationGeneric({
    args: {},
    handler: async (ctx) => {
      void (async () => {
        for (let i = 0; i < 5; i++) await null;
        await ctx.db.insert("items", { owner: "leaked", n: 1 }).catch(() => null);
      })();
      return null;
    },
  }),
  /** Reads every item, computing 0.1 ms on each: a query that holds the thread for a while. */
  slowScan: queryGeneric({
    args: {},
    handler: async (ctx) => {
      let n = 0;
      for await (const item of ctx.db.query("items")) {
        const until = performance.now() + 0.1;
        while (performance.now() < until);
        n += item.n;
      }
      return n;
    },
  }),
  /** A mutation that computes for `ms` before it writes. */
  busyAdd: mutationGeneric({
    args: { ms: v.number() },
    handler: async (ctx, { ms }) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
      return ctx.db.insert("items", { owner: "busy", n: 0 });
    },
  }),
  outer: mutationGeneric({
    args: {},
    handler: async (ctx) => {
      await ctx.db.insert("items", { owner: "outer", n: 1 });
      const caught = await ctx.runMutation("items:failInner" as never, {}).catch((e: ConvexError<{ code: string }>) => e.data.code);
      return caught;
    },
  }),
};

async function engineWith(schema: unknown, path = join(dir, "db.sqlite")) {
  const e = await openEngine({ dbPath: path, modules: { schema: { default: schema }, items }, runScheduler: false });
  open.push(e);
  return e;
}

describe("engine", () => {
  it("builds an index added to the schema from the existing documents on reopen", async () => {
    const a = await engineWith(defineSchema({ items: defineTable({ owner: v.string(), n: v.number() }) }));
    await a.runMutation("items:add", { owner: "x", n: 1 });
    await a.runMutation("items:add", { owner: "y", n: 2 });
    await expect(a.runQuery("items:byOwner", { owner: "x" })).rejects.toThrow(/Index items\.by_owner not found/);
    await a.close();
    const b = await engineWith(defineSchema({ items: defineTable({ owner: v.string(), n: v.number() }).index("by_owner", ["owner"]) }));
    expect((await b.runQuery("items:byOwner", { owner: "x" })).map((d: { n: number }) => d.n)).toEqual([1]);
    await b.runMutation("items:add", { owner: "x", n: 3 });
    expect((await b.runQuery("items:byOwner", { owner: "x" })).map((d: { n: number }) => d.n)).toEqual([1, 3]);
  });

  it("rolls back a failed nested mutation alone (savepoint)", async () => {
    const e = await engineWith(defineSchema({ items: defineTable({ owner: v.string(), n: v.number() }).index("by_owner", ["owner"]) }));
    expect(await e.runMutation("items:outer", {})).toBe("NOPE");
    expect(await e.runQuery("items:byOwner", { owner: "outer" })).toHaveLength(1);
    expect(await e.runQuery("items:byOwner", { owner: "inner" })).toHaveLength(0);
  });

  it("runs concurrent nested mutations one at a time, each in its own savepoint", async () => {
    const e = await engineWith(defineSchema({ items: defineTable({ owner: v.string(), n: v.number() }).index("by_owner", ["owner"]) }));
    expect(await e.runMutation("items:parallelNested", {})).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((await e.runQuery("items:byOwner", { owner: "p" })).map((d: { n: number }) => d.n)).toEqual([1, 2]);
    expect(await e.runQuery("items:byOwner", { owner: "inner" })).toHaveLength(0);
  });

  it("keeps a parent's write made while a failing nested mutation runs", async () => {
    const e = await engineWith(defineSchema({ items: defineTable({ owner: v.string(), n: v.number() }).index("by_owner", ["owner"]) }));
    await e.runMutation("items:writeBesideFailingChild", {});
    expect(await e.runQuery("items:byOwner", { owner: "parent" })).toHaveLength(1);
    expect(await e.runQuery("items:byOwner", { owner: "inner" })).toHaveLength(0);
  });

  it("does not run a write that was not awaited before the mutation returned", async () => {
    const e = await engineWith(defineSchema({ items: defineTable({ owner: v.string(), n: v.number() }).index("by_owner", ["owner"]) }));
    await e.runMutation("items:leaky", {});
    await e.runMutation("items:add", { owner: "next", n: 1 });
    expect(await e.runQuery("items:byOwner", { owner: "leaked" })).toHaveLength(0);
  });

  it("allows one paginate() per query, as Convex does", async () => {
    const e = await engineWith(defineSchema({ items: defineTable({ owner: v.string(), n: v.number() }) }));
    await expect(e.runQuery("items:twoPages", {})).rejects.toThrow(/Only a single paginated query/);
  });

  it("refuses unsupported features with a clear error", async () => {
    const e = await engineWith(defineSchema({ items: defineTable({ owner: v.string(), n: v.number() }).searchIndex("s", { searchField: "owner" }) }));
    await expect(e.runQuery("items:search", {})).rejects.toThrow(/Search indexes .* not supported by the embedded engine/);
    await expect(e.run((ctx) => ctx.storage.getUrl("x" as never))).rejects.toThrow(/Syscall "1.0\/storageGetUrl" is not supported/);
  });

  it("keeps two engines in one process apart, and both see one file's commits", async () => {
    const schema = defineSchema({ items: defineTable({ owner: v.string(), n: v.number() }).index("by_owner", ["owner"]) });
    const a = await engineWith(schema, join(dir, "one.sqlite"));
    const b = await engineWith(schema, join(dir, "one.sqlite"));
    const c = await engineWith(schema, join(dir, "other.sqlite"));
    await Promise.all([a.runMutation("items:add", { owner: "x", n: 1 }), b.runMutation("items:add", { owner: "x", n: 2 }), c.runMutation("items:add", { owner: "x", n: 3 })]);
    expect((await a.runQuery("items:byOwner", { owner: "x" })).map((d: { n: number }) => d.n).sort()).toEqual([1, 2]);
    expect((await c.runQuery("items:byOwner", { owner: "x" })).map((d: { n: number }) => d.n)).toEqual([3]);
  });

  it("pins Date in mutations and lets actions read the injected clock live", async () => {
    let time = Date.parse("2030-01-01T00:00:00Z");
    const e = await openEngine({ dbPath: join(dir, "clock.sqlite"), modules: { items }, clock: { now: () => time++ }, runScheduler: false });
    open.push(e);
    const [a, b] = (await e.runMutation("items:clockInMutation", {})) as number[];
    expect(a).toBe(b);
    const [c, d] = (await e.runAction("items:clockInAction", {})) as number[];
    expect(c).toBeGreaterThan(a);
    expect(d).toBe(c + 1);
    expect(c).toBeLessThan(Date.parse("2030-01-02T00:00:00Z"));
  });

  it("runs scheduled jobs from the background loop at their time", async () => {
    const schema = defineSchema({ items: defineTable({ owner: v.string(), n: v.number() }).index("by_owner", ["owner"]) });
    const e = await openEngine({ dbPath: join(dir, "bg.sqlite"), modules: { schema: { default: schema }, items } });
    open.push(e);
    const started = Date.now();
    await e.runMutation("items:later", { ms: 150 });
    while ((await e.runQuery("items:byOwner", { owner: "later" })).length === 0) {
      expect(Date.now() - started).toBeLessThan(5000);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const jobs = await e.run((ctx) => ctx.db.system.query("_scheduled_functions").collect());
    expect(jobs.map((j) => j.state.kind)).toEqual(["success"]);
  });

  it("close() waits for an in-flight action, whose own calls still run", async () => {
    const e = await engineWith(defineSchema({ items: defineTable({ owner: v.string(), n: v.number() }) }));
    const action = e.runAction("items:slowThenWrite", {});
    await new Promise((r) => setTimeout(r, 10));
    await e.close();
    await expect(action).resolves.toEqual(expect.any(String));
  });

  it("refuses calls after close, and close is idempotent", async () => {
    const e = await engineWith(defineSchema({ items: defineTable({ owner: v.string(), n: v.number() }) }));
    await Promise.all([e.close(), e.close()]);
    await expect(e.runMutation("items:add", { owner: "x", n: 1 })).rejects.toThrow(/closed/);
  });

  it("a long query gives the thread back every slice: a call made meanwhile runs before it ends, and the pause is not its time", async () => {
    const stats: TransactionStats[] = [];
    const e = await openEngine({
      dbPath: join(dir, "slices.sqlite"),
      modules: { schema: { default: defineSchema({ items: defineTable({ owner: v.string(), n: v.number() }) }) }, items },
      runScheduler: false,
      onTransaction: (s) => stats.push(s),
    });
    open.push(e);
    await e.run(async (ctx) => {
      for (let i = 0; i < 500; i++) await ctx.db.insert("items", { owner: "o", n: 1 });
    });
    const order: string[] = [];
    const started = performance.now();
    const query = e.runQuery("items:slowScan", {}).then((n: number) => {
      order.push("query");
      return { n, wallMs: performance.now() - started };
    });
    // The next turn of the event loop: without slices, the query (answered by microtasks only) would be over.
    await new Promise((resolve) => setImmediate(resolve));
    await e.runMutation("items:busyAdd", { ms: 100 });
    order.push("mutation");
    const { n, wallMs } = await query;
    expect(order).toEqual(["mutation", "query"]);
    expect(n).toBe(500);
    const scan = stats.find((s) => s.udfPath === "items:slowScan")!;
    // 500 × 0.1 ms of its own; the 100 ms mutation that ran during a pause is not counted.
    expect(wallMs).toBeGreaterThan(100);
    expect(scan.executionMs).toBeLessThan(wallMs - 80);
    expect(QUERY_SLICE_MS).toBeGreaterThan(0);
  });
});
