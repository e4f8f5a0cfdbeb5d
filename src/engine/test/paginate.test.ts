// paginate: cursors are positions in the index, so rows deleted or inserted
// between pages neither duplicate nor skip rows that existed all along.
import { expect, it } from "vitest";
import { api } from "./fixture/_generated/api";
import type { Id } from "./fixture/_generated/dataModel";
import { describeSample } from "./sample";

const RANKS = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
const item = (rank: number) => ({ group: "p", rank, done: false });

describeSample("paginate", (t) => {
  async function seed() {
    const ids = await t.mutation(api.items.insertMany, { items: RANKS.map(item) });
    // Rows of another group share the index and must never leak into pages.
    await t.mutation(api.items.insertMany, { items: [{ group: "o", rank: 1, done: true }, { group: "q", rank: 1, done: true }] });
    return new Map(RANKS.map((rank, i) => [rank, ids[i] as Id<"items">]));
  }
  const page = (cursor: string | null, numItems: number, order?: "asc" | "desc") =>
    t.query(api.items.page, { group: "p", paginationOpts: { cursor, numItems }, order });

  it("walks all rows in pages of a fixed size, then reports done", async () => {
    await seed();
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const result = await page(cursor, 6);
      seen.push(...result.page.map((r) => r.rank));
      if (result.isDone) break;
      expect(result.page).toHaveLength(6);
      cursor = result.continueCursor;
    }
    expect(seen).toEqual(RANKS);
  });

  it("walks in descending order", async () => {
    await seed();
    const first = await page(null, 5, "desc");
    const second = await page(first.continueCursor, 5, "desc");
    expect([...first.page, ...second.page].map((r) => r.rank)).toEqual([...RANKS].reverse().slice(0, 10));
  });

  it("an empty range is done at once", async () => {
    const result = await t.query(api.items.page, { group: "none", paginationOpts: { cursor: null, numItems: 5 } });
    expect(result).toMatchObject({ page: [], isDone: true });
  });

  it("survives deletes and inserts between pages: no duplicates, no skipped survivors", async () => {
    const ids = await seed();
    const first = await page(null, 5);
    expect(first.page.map((r) => r.rank)).toEqual([10, 20, 30, 40, 50]);
    // Delete an already-seen row, the next unseen row, and an unseen row further on.
    for (const rank of [30, 60, 120]) await t.mutation(api.items.remove, { id: ids.get(rank)! });
    // Insert before the cursor (must not appear) and after it (may appear, once).
    await t.mutation(api.items.insertMany, { items: [item(5), item(55), item(205)] });

    const rest: number[] = [];
    let cursor = first.continueCursor;
    for (let guard = 0; guard < 10; guard++) {
      const result = await page(cursor, 5);
      rest.push(...result.page.map((r) => r.rank));
      if (result.isDone) break;
      cursor = result.continueCursor;
    }
    const all = [...first.page.map((r) => r.rank), ...rest];
    expect(new Set(all).size).toBe(all.length);
    expect(rest).not.toContain(5);
    expect(rest).not.toContain(60);
    expect(rest).not.toContain(120);
    const survivors = RANKS.filter((r) => r > 50 && r !== 60 && r !== 120);
    expect(rest.filter((r) => RANKS.includes(r))).toEqual(survivors);
    // Rows inserted past the cursor are in key order with the rest.
    expect(rest).toEqual([...rest].sort((a, b) => a - b));
  });

  it("a cursor stays valid when the row it points at is deleted", async () => {
    const ids = await seed();
    const first = await page(null, 5);
    await t.mutation(api.items.remove, { id: ids.get(50)! });
    const second = await page(first.continueCursor, 5);
    expect(second.page.map((r) => r.rank)).toEqual([60, 70, 80, 90, 100]);
  });
});
