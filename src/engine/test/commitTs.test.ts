// Commit timestamps (db.vars.commitTs): one value per transaction, strictly increasing in commit order, usable
// in an index and as a cursor — on convex-test and on the engine alike.
import { expect, it } from "vitest";
import { api } from "./fixture/_generated/api";
import { describeSample } from "./sample";

describeSample("commit timestamps", (t) => {
  it("every row of a transaction gets its commit timestamp; later commits get larger ones", async () => {
    await t.mutation(api.stamps.stamp, { labels: ["a1", "a2"] });
    await t.mutation(api.stamps.stamp, { labels: ["b1"] });
    const rows = await t.query(api.stamps.inCommitOrder, {});
    expect(rows.map((r) => r.label)).toEqual(["a1", "a2", "b1"]);
    expect(typeof rows[0].ts).toBe("bigint");
    expect(rows[0].ts).toBe(rows[1].ts);
    expect(rows[2].ts).toBeGreaterThan(rows[1].ts);
    // The engine's are nanoseconds since the epoch, like a deployment's (convex-test counts from 1).
    if (t.backend === "engine") expect(rows[0].ts / 1_000_000n).toBe(BigInt(t.now()));
  });

  it("a timestamp read back is a cursor: rows committed after it, and only those, follow it", async () => {
    await t.mutation(api.stamps.stamp, { labels: ["a"] });
    const [first] = await t.query(api.stamps.inCommitOrder, {});
    await t.mutation(api.stamps.stamp, { labels: ["b", "c"] });
    expect((await t.query(api.stamps.inCommitOrder, { after: first.ts })).map((r) => r.label)).toEqual(["b", "c"]);
  });

  it("a patch moves a row to its transaction's commit timestamp", async () => {
    const [id] = await t.mutation(api.stamps.stamp, { labels: ["old"] });
    await t.mutation(api.stamps.stamp, { labels: ["middle"] });
    await t.mutation(api.stamps.restamp, { id, label: "moved" });
    expect((await t.query(api.stamps.inCommitOrder, {})).map((r) => r.label)).toEqual(["middle", "moved"]);
  });

  it("concurrent transactions are ordered by commit, each with one timestamp", async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => t.mutation(api.stamps.stamp, { labels: [`${i}x`, `${i}y`] })));
    const rows = await t.query(api.stamps.inCommitOrder, {});
    const byTs = new Map<bigint, string[]>();
    for (const row of rows) byTs.set(row.ts, [...(byTs.get(row.ts) ?? []), row.label]);
    expect(byTs.size).toBe(10);
    for (const labels of byTs.values()) expect(labels.map((l) => l[0])).toEqual([labels[0][0], labels[0][0]]);
  });
});
