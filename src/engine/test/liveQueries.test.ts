// Live queries (liveQueries.ts): a commit re-runs only the subscriptions whose read set it wrote into, each
// pushed result equals a fresh query's, unchanged results are not pushed, re-runs keep within the read budget
// without holding up a cheap one, and another process's commit is seen.
import { writeFileSync } from "node:fs";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openEngine, type Engine, type LiveUpdate } from "@/engine";
import { spawnWorker, until } from "./children";
import { tempDir } from "./engineFixture";
import { sampleModuleMap } from "./workerModules";

const dir = tempDir("engine-live-");
const open: Engine[] = [];
const files = new Map<Engine, string>();
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
});
afterAll(() => dir.remove());

async function engine(live: { debounceMs?: number; maxSubscriptions?: number; readsPerSecond?: number } = { debounceMs: 0 }): Promise<Engine> {
  const dbPath = dir.file(`live-${Math.random().toString(36).slice(2)}.sqlite`);
  const e = await openEngine({ dbPath, modules: sampleModuleMap, runScheduler: false, live });
  open.push(e);
  files.set(e, dbPath);
  return e;
}

/** Collects a subscription's updates; `next()` waits for the next one. */
function collector() {
  const updates: LiveUpdate[] = [];
  let wake: (() => void) | null = null;
  return {
    updates,
    onUpdate: (u: LiveUpdate) => {
      updates.push(u);
      wake?.();
    },
    async next(count: number, timeoutMs = 2_000): Promise<LiveUpdate> {
      const deadline = Date.now() + timeoutMs;
      while (updates.length < count) {
        if (Date.now() > deadline) throw new Error(`no update ${count} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 20);
        });
      }
      return updates[count - 1]!;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe("live queries [engine]", () => {
  it("re-runs only the subscriptions whose read set a commit touched, and pushes what a fresh query answers", async () => {
    const e = await engine();
    await e.runMutation("counters:increment", { name: "a" });
    await e.runMutation("counters:increment", { name: "b" });
    const a = collector();
    const b = collector();
    const missing = collector();
    const subA = await e.subscribe("counters:get", { name: "a" }, a.onUpdate);
    await e.subscribe("counters:get", { name: "b" }, b.onUpdate);
    // A counter nobody has made yet: its empty index range is read too, so creating it is seen.
    const subMissing = await e.subscribe("counters:get", { name: "c" }, missing.onUpdate);
    expect([subA.value, subMissing.value]).toEqual([1, 0]);

    await e.runMutation("counters:increment", { name: "a", by: 5 });
    expect(await a.next(1)).toEqual({ value: 6 });
    await settle();
    expect(e.liveStats()).toMatchObject({ subscriptions: 3, reruns: 1, pushes: 1 });
    expect([b.updates, missing.updates]).toEqual([[], []]);

    await e.runMutation("counters:increment", { name: "c", by: 2 });
    expect(await missing.next(1)).toEqual({ value: 2 });
    await settle();
    expect(e.liveStats()).toMatchObject({ reruns: 2, pushes: 2 });
    expect(a.updates).toHaveLength(1);

    for (const name of ["a", "b", "c"]) await e.runMutation("counters:increment", { name, by: 10 });
    await settle();
    const last = (c: ReturnType<typeof collector>) => (c.updates.at(-1) as { value: unknown }).value;
    expect([last(a), last(b), last(missing)]).toEqual(await Promise.all(["a", "b", "c"].map((name) => e.runQuery("counters:get", { name }))));
  });

  it("runs again but pushes nothing when the result did not change, and stops once closed", async () => {
    const e = await engine();
    await e.runMutation("counters:increment", { name: "a" });
    const a = collector();
    const sub = await e.subscribe("counters:get", { name: "a" }, a.onUpdate);
    await e.runMutation("counters:increment", { name: "a", by: 0 });
    await settle();
    expect(e.liveStats()).toMatchObject({ reruns: 1, pushes: 0 });
    sub.close();
    await e.runMutation("counters:increment", { name: "a" });
    await settle();
    expect(e.liveStats()).toEqual({ subscriptions: 0, reruns: 1, pushes: 0 });
    expect(a.updates).toEqual([]);
  });

  it("debounces a hot subscription and still ends on the latest result", async () => {
    const e = await engine({ debounceMs: 200 });
    const a = collector();
    await e.subscribe("counters:get", { name: "hot" }, a.onUpdate);
    for (let i = 0; i < 50; i++) await e.runMutation("counters:increment", { name: "hot" });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((a.updates.at(-1) as { value: number }).value).toBe(50);
    // 50 commits, runs at most every 200 ms: a handful, not 50.
    expect(e.liveStats().reruns).toBeLessThanOrEqual(5);
  });

  it("sees another process's commit within a second", async () => {
    const e = await engine();
    await e.runMutation("counters:increment", { name: "shared" });
    const a = collector();
    await e.subscribe("counters:get", { name: "shared" }, a.onUpdate);
    const goFile = dir.file(`go-${Date.now()}`);
    const child = spawnWorker(["increment", files.get(e)!, "3", "shared", goFile]);
    await until(() => child.stdout().startsWith("ready"), 30_000, "the child to open the file");
    writeFileSync(goFile, "");
    expect(await child.exited).toBe(0);
    const committedAt = Date.now();
    await until(() => (a.updates.at(-1) as { value?: number } | undefined)?.value === 4, 1_000, "the other process's commits to be seen");
    expect(Date.now() - committedAt).toBeLessThan(1_000);
  }, 60_000);

  it("refuses a subscription beyond the engine's bound", async () => {
    const e = await engine({ maxSubscriptions: 2 });
    await e.subscribe("counters:get", { name: "a" }, () => {});
    await e.subscribe("counters:get", { name: "b" }, () => {});
    await expect(e.subscribe("counters:get", { name: "c" }, () => {})).rejects.toThrow(/Too many live queries on this server \(at most 2\)/);
  });

  it("keeps re-runs within the read budget, without holding a cheap subscription behind an expensive one", async () => {
    // 100 documents a second: one re-run of a 300-document query spends the bucket and three seconds more.
    const e = await engine({ debounceMs: 0, readsPerSecond: 100 });
    await e.runMutation("items:insertMany", { items: Array.from({ length: 300 }, (_, rank) => ({ group: "g", rank, done: false })) });
    const all = collector();
    const counter = collector();
    await e.subscribe("items:all", {}, all.onUpdate);
    await e.subscribe("counters:get", { name: "a" }, counter.onUpdate);

    // A commit every 20 ms for 1.5 s: unbudgeted (debounce 0) the big query would run ~75 times.
    const stop = Date.now() + 1_500;
    let rank = 300;
    let counterSeenMs: number | undefined;
    while (Date.now() < stop) {
      await e.runMutation("items:insertMany", { items: [{ group: "g", rank: rank++, done: false }] });
      if (rank === 310) {
        // In debt by now, with the big query waiting longer than the counter was still (it ranks first): the
        // cheap subscription is pushed at once all the same, twice.
        await e.runMutation("counters:increment", { name: "a" });
        await counter.next(1, 1_000);
        const started = Date.now();
        await e.runMutation("counters:increment", { name: "a" });
        await counter.next(2, 1_000);
        counterSeenMs = Date.now() - started;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(counterSeenMs).toBeLessThan(1_000);
    expect(e.liveStats().reruns).toBeLessThanOrEqual(4);

    // Nothing is lost: once the budget allows, the big query shows the last commit.
    const expected = await e.runQuery("items:all", {});
    await expect.poll(() => JSON.stringify((all.updates.at(-1) as { value: unknown } | undefined)?.value), { timeout: 6_000 }).toBe(JSON.stringify(expected));
  });
});
