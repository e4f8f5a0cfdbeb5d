import { describe, expect, it } from "vitest";
import { coalesce } from "./coalesce";

describe("coalesce", () => {
  it("sends the calls of one loop turn together, queues the rest while a batch is in flight, in order", async () => {
    const batches: number[][] = [];
    const run = coalesce(async (calls: number[]) => {
      batches.push(calls);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return calls.map((n) => n * 10);
    }, 3);
    const first = Promise.all([1, 2].map(run));
    await new Promise((resolve) => setTimeout(resolve, 1));
    const answers = await Promise.all([...(await Promise.all([first, Promise.all([3, 4, 5, 6].map(run))]))].flat());
    expect(answers).toEqual([10, 20, 30, 40, 50, 60]);
    expect(batches).toEqual([[1, 2], [3, 4, 5], [6]]);
  });

  it("keeps at most maxInFlight batches in flight, the next one ready while the last runs", async () => {
    for (const maxInFlight of [1, 2]) {
      let running = 0;
      let most = 0;
      const batches: number[][] = [];
      const run = coalesce(
        async (calls: number[]) => {
          batches.push(calls);
          most = Math.max(most, ++running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          return calls;
        },
        2,
        { maxInFlight },
      );
      expect(await Promise.all([1, 2, 3, 4, 5, 6].map(run))).toEqual([1, 2, 3, 4, 5, 6]);
      expect(most).toBe(maxInFlight);
      expect(batches).toEqual([[1, 2], [3, 4], [5, 6]]);
    }
  });

  it("with groupOf, batches hold one group each, the oldest waiting call's group first", async () => {
    const batches: string[][] = [];
    const run = coalesce(
      async (calls: string[]) => {
        batches.push(calls);
        await new Promise((resolve) => setTimeout(resolve, 2));
        return calls;
      },
      2,
      { maxInFlight: 1, groupOf: (call) => call[0] },
    );
    expect(await Promise.all(["a1", "b1", "a2", "a3", "b2"].map(run))).toEqual(["a1", "b1", "a2", "a3", "b2"]);
    expect(batches).toEqual([["a1", "a2"], ["b1", "b2"], ["a3"]]);
  });

  it("retries the calls of a failed batch one by one, so only the failing call fails", async () => {
    const run = coalesce(async (calls: number[]) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (calls.includes(13)) throw new Error("unlucky");
      return calls;
    }, 10);
    const results = await Promise.allSettled([1, 2, 13, 4].map(run));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
  });
});
