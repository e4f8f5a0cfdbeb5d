// Convex's transaction limits, each hit once (limits.ts): the call at the
// limit passes, the one past it fails with a TransactionLimitError naming the
// limit, the function and the figure, and rolls back. Plus the 80 % warnings,
// shared counters of nested calls, scheduled jobs' own counters.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_LIMITS, TransactionLimitError } from "@/engine";
import type { LimitWarning, TransactionStats } from "@/engine";
import { api } from "./fixture/_generated/api";
import type { Id } from "./fixture/_generated/dataModel";
import { drain, type Engine, ManualClock, openSample, tempDir } from "./engineFixture";

const MiB = 1 << 20;

function limitError(limit: string, udfPath: string, value: number, max: number) {
  return expect.objectContaining({ name: "TransactionLimitError", limit, udfPath, value, max });
}

/** One engine per block, its warnings and statistics captured. */
function sampleEngine(options: Parameters<typeof openSample>[2] = {}) {
  const dir = tempDir("engine-limits-");
  const state = { engine: undefined as unknown as Engine, warnings: [] as LimitWarning[], stats: [] as TransactionStats[] };
  beforeAll(async () => {
    state.engine = await openSample(dir.file("db.sqlite"), new ManualClock(Date.UTC(2026, 0, 1)), {
      onWarning: (w) => state.warnings.push(w),
      onTransaction: (s) => state.stats.push(s),
      ...options,
    });
  });
  afterAll(async () => {
    await state.engine.close();
    dir.remove();
  });
  afterEach(() => {
    state.warnings.length = 0;
    state.stats.length = 0;
  });
  return state;
}

describe("transaction limits (default table; time limit raised where time is not under test)", () => {
  const s = sampleEngine({ limits: { executionMs: 120_000 } });

  it("documents read: 16,384 pass, 16,385 fail, filtered-out documents count, a caught error still fails", async () => {
    const { engine } = s;
    for (const n of [6000, 6000, 4385]) await engine.runMutation(api.limits.insertCounters, { name: "bulk", n });
    expect(await engine.runQuery(api.limits.readCounters, { name: "bulk", n: 16_384 })).toBe(16_384);
    const err = await engine.runQuery(api.limits.readCounters, { name: "bulk", n: 16_385 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransactionLimitError);
    expect(err).toEqual(limitError("documentsRead", "limits:readCounters", 16_385, 16_384));
    expect((err as Error).message).toBe(
      'Too many documents read in a single function execution (limit: 16384) in "limits:readCounters": read 16385.',
    );
    expect((err as TransactionLimitError).code).toBe("TooManyDocumentsRead");
    // A filter that keeps nothing still scans every document.
    await expect(engine.runQuery(api.limits.scanFiltered, {})).rejects.toEqual(limitError("documentsRead", "limits:scanFiltered", 16_385, 16_384));
    // The function caught the error and returned: the mutation fails and its marker is rolled back.
    await expect(engine.runMutation(api.limits.readCountersCatching, { name: "bulk", n: 16_385 })).rejects.toBeInstanceOf(TransactionLimitError);
    expect(await engine.runQuery(api.limits.markers, { kind: "limits" })).toEqual([]);
    const failed = s.stats.find((t) => t.udfPath === "limits:readCountersCatching")!;
    expect(failed).toMatchObject({ outcome: "rolledBack", documentsRead: 16_385, documentsWritten: 1, error: expect.stringContaining("Too many documents read") });
  });

  it("bytes read: 8 MiB", async () => {
    const { engine } = s;
    await engine.runMutation(api.limits.insertBlobs, { group: "read", n: 45, size: 100_000 });
    await engine.runMutation(api.limits.insertBlobs, { group: "read", n: 45, size: 100_000 });
    s.stats.length = 0;
    await engine.runQuery(api.limits.readBlobs, { group: "read", n: 1 });
    const perDoc = s.stats[0].bytesRead;
    expect(perDoc).toBeGreaterThan(100_000);
    // Without recordAccess the statistics carry no read and write sets.
    expect(s.stats[0]).not.toHaveProperty("access");
    const fits = Math.floor((8 * MiB) / perDoc);
    expect(await engine.runQuery(api.limits.readBlobs, { group: "read", n: fits })).toBe(fits);
    await expect(engine.runQuery(api.limits.readBlobs, { group: "read", n: fits + 1 })).rejects.toEqual(
      limitError("bytesRead", "limits:readBlobs", expect.any(Number), 8 * MiB),
    );
  });

  it("index ranges: every db.get and every query counts; 4,096 pass, 4,097 fail", async () => {
    const { engine } = s;
    const [id] = await engine.run(async (ctx) => [await ctx.db.insert("counters", { name: "one", value: 1 })]);
    expect(await engine.runQuery(api.limits.manyReads, { id: id as Id<"counters">, gets: 4096, queries: 0 })).toBe(4096);
    expect(await engine.runQuery(api.limits.manyReads, { id: id as Id<"counters">, gets: 2048, queries: 2048 })).toBe(4096);
    const err = await engine.runQuery(api.limits.manyReads, { id: id as Id<"counters">, gets: 2048, queries: 2049 }).catch((e: unknown) => e);
    expect(err).toEqual(limitError("indexRanges", "limits:manyReads", 4097, 4096));
    expect((err as Error).message).toMatch(/^Too many reads in a single function execution \(limit: 4096\) in "limits:manyReads": 4097 index ranges read/);
  });

  it("documents written: 8,192 pass, 8,193 fail and nothing is written; a document written twice counts twice", async () => {
    const { engine } = s;
    expect(await engine.runMutation(api.limits.insertCounters, { name: "w8192", n: 8192 })).toBe(8192);
    await expect(engine.runMutation(api.limits.insertCounters, { name: "w8193", n: 8193 })).rejects.toEqual(
      limitError("documentsWritten", "limits:insertCounters", 8193, 8192),
    );
    expect(await engine.runQuery(api.limits.countCounters, { name: "w8193" })).toBe(0);
    await engine.runMutation(api.limits.insertAndPatch, { patches: 8191 });
    await expect(engine.runMutation(api.limits.insertAndPatch, { patches: 8192 })).rejects.toEqual(
      limitError("documentsWritten", "limits:insertAndPatch", 8193, 8192),
    );
    expect(await engine.runQuery(api.limits.countCounters, { name: "patched" })).toBe(1);
  });

  it("bytes written: 8 MiB", async () => {
    const { engine } = s;
    s.stats.length = 0;
    await engine.runMutation(api.limits.insertBlobs, { group: "w", n: 1, size: 100_000 });
    const perDoc = s.stats[0].bytesWritten;
    const fits = Math.floor((8 * MiB) / perDoc);
    await engine.runMutation(api.limits.insertBlobs, { group: "w", n: fits, size: 100_000 });
    await expect(engine.runMutation(api.limits.insertBlobs, { group: "w2", n: fits + 1, size: 100_000 })).rejects.toEqual(
      limitError("bytesWritten", "limits:insertBlobs", expect.any(Number), 8 * MiB),
    );
    expect(await engine.runQuery(api.limits.readBlobs, { group: "w2", n: 1 })).toBe(0);
  });

  it("document size: 1 MiB per document", async () => {
    const { engine } = s;
    await engine.runMutation(api.limits.insertBlobs, { group: "big", n: 1, size: MiB - 100 });
    const err = await engine.runMutation(api.limits.insertBlobs, { group: "big", n: 1, size: MiB }).catch((e: unknown) => e);
    expect(err).toEqual(limitError("documentBytes", "limits:insertBlobs", expect.any(Number), MiB));
    expect((err as TransactionLimitError).value).toBeGreaterThan(MiB);
    expect((err as Error).message).toMatch(/^Value is too large .* in "limits:insertBlobs": a document of \d+ bytes \(table "blobs"\)\.$/);
  });

  it("scheduled functions: 1,000 per mutation, and 16 MiB of their arguments", async () => {
    const { engine } = s;
    expect(await engine.runMutation(api.limits.scheduleMany, { n: 1000, padBytes: 1 })).toBe(1000);
    await expect(engine.runMutation(api.limits.scheduleMany, { n: 1001, padBytes: 1 })).rejects.toEqual(
      limitError("scheduledFunctions", "limits:scheduleMany", 1001, 1000),
    );
    expect(await engine.runMutation(api.limits.scheduleMany, { n: 16, padBytes: 1_000_000 })).toBe(16);
    await expect(engine.runMutation(api.limits.scheduleMany, { n: 17, padBytes: 1_000_000 })).rejects.toEqual(
      limitError("scheduledArgsBytes", "limits:scheduleMany", expect.any(Number), 16 * MiB),
    );
    // Two markers: one per committed call; the failed calls wrote nothing.
    expect(await engine.runQuery(api.limits.markers, { kind: "limits" })).toEqual(["scheduler", "scheduler"]);
  });

  it("argument and return value size: 16 MiB each", async () => {
    const { engine } = s;
    expect(await engine.runMutation(api.limits.takeArgs, { data: "a".repeat(16 * MiB - 100) })).toBe(16 * MiB - 100);
    await expect(engine.runMutation(api.limits.takeArgs, { data: "a".repeat(16 * MiB) })).rejects.toEqual(
      limitError("argumentBytes", "limits:takeArgs", 16 * MiB + '[{"data":""}]'.length, 16 * MiB),
    );
    expect((await engine.runQuery(api.limits.bigResult, { size: 16 * MiB - 2 })).length).toBe(16 * MiB - 2);
    await expect(engine.runQuery(api.limits.bigResult, { size: 16 * MiB - 1 })).rejects.toEqual(
      limitError("returnBytes", "limits:bigResult", 16 * MiB + 1, 16 * MiB),
    );
  });
});

describe("execution time: 1 s for queries and mutations", () => {
  const s = sampleEngine();

  it("a mutation busy for more than 1 s is rolled back; a query too", async () => {
    const { engine } = s;
    await engine.runMutation(api.limits.busyMutation, { ms: 5 });
    const err = await engine.runMutation(api.limits.busyMutation, { ms: 1050 }).catch((e: unknown) => e);
    expect(err).toEqual(limitError("executionMs", "limits:busyMutation", expect.any(Number), 1000));
    expect((err as TransactionLimitError).value).toBeGreaterThan(1000);
    expect((err as Error).message).toMatch(/^Function execution timed out \(maximum duration: 1s\) in "limits:busyMutation": ran \d+ ms\.$/);
    expect(await engine.runQuery(api.limits.markers, { kind: "limits" })).toEqual(["busy"]);
    await expect(engine.runQuery(api.limits.busyQuery, { ms: 1050 })).rejects.toEqual(limitError("executionMs", "limits:busyQuery", expect.any(Number), 1000));
    expect(s.stats.find((t) => t.udfPath === "limits:busyMutation" && t.outcome === "rolledBack")?.executionMs).toBeGreaterThan(1000);
  });
});

describe("80 % warnings, shared and separate counters (lowered limits)", () => {
  const s = sampleEngine({ limits: { documentsRead: 100, indexRanges: 50, documentsWritten: 100 } });

  it("warns once per transaction and limit past 80 %, not at 80 % and not past the limit", async () => {
    const { engine } = s;
    await engine.runMutation(api.limits.insertCounters, { name: "r", n: 80 });
    expect(s.warnings).toEqual([]);
    await engine.runMutation(api.limits.insertCounters, { name: "r", n: 20 });
    await engine.runQuery(api.limits.readCounters, { name: "r", n: 80 });
    expect(s.warnings).toEqual([]);
    await engine.runQuery(api.limits.readCounters, { name: "r", n: 81 });
    expect(s.warnings).toEqual([{ udfPath: "limits:readCounters", limit: "documentsRead", value: 81, max: 100 }]);
    s.warnings.length = 0;
    const [id] = await engine.run(async (ctx) => [await ctx.db.insert("counters", { name: "one", value: 1 })]);
    await engine.runQuery(api.limits.manyReads, { id: id as Id<"counters">, gets: 45, queries: 0 });
    expect(s.warnings).toEqual([{ udfPath: "limits:manyReads", limit: "indexRanges", value: 45, max: 50 }]);
    s.warnings.length = 0;
    // 101 counters scanned: past the limit, so an error and no warning.
    await expect(engine.runQuery(api.limits.scanFiltered, {})).rejects.toBeInstanceOf(TransactionLimitError);
    expect(s.warnings).toEqual([]);
  });

  it("the default warning is one line on stderr", async () => {
    const dir = tempDir("engine-limits-warn-");
    const engine = await openSample(dir.file("db.sqlite"), new ManualClock(Date.UTC(2026, 0, 1)), { limits: { documentsWritten: 10 } });
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await engine.runMutation(api.limits.insertCounters, { name: "x", n: 9 });
      const lines = write.mock.calls.map(([chunk]) => String(chunk)).filter((l) => l.includes("limits:insertCounters"));
      expect(lines).toEqual(['[embedded engine] "limits:insertCounters" is near Convex\'s documentsWritten limit (TooManyWrites): 9 of 10 (90 %).\n']);
    } finally {
      write.mockRestore();
      await engine.close();
      dir.remove();
    }
  });

  it("a nested query shares its caller's counters and the error names the top-level function", async () => {
    const { engine } = s;
    await engine.runMutation(api.limits.insertCounters, { name: "n", n: 60 });
    await expect(engine.runMutation(api.limits.nestedReads, { name: "n", n: 40 })).resolves.toBe(80);
    await expect(engine.runMutation(api.limits.nestedReads, { name: "n", n: 60 })).rejects.toEqual(
      limitError("documentsRead", "limits:nestedReads", 101, 100),
    );
  });

  it("a scheduled mutation runs with counters of its own: it fails alone, its parent committed", async () => {
    const { engine } = s;
    await engine.runMutation(api.limits.scheduleTooManyWrites, { n: 150 });
    s.stats.length = 0;
    await drain(engine);
    expect(await engine.runQuery(api.limits.countCounters, { name: "parent" })).toBe(1);
    expect(await engine.runQuery(api.limits.countCounters, { name: "job" })).toBe(0);
    expect(s.stats).toContainEqual(
      expect.objectContaining({ udfPath: "limits:tooManyWritesJob", kind: "mutation", outcome: "rolledBack", documentsWritten: 101, error: expect.stringContaining("Too many writes") }),
    );
    const jobs = await engine.run(async (ctx) => ctx.db.system.query("_scheduled_functions").collect());
    const job = jobs.find((j) => j.name.endsWith("tooManyWritesJob"))!;
    expect(job.state).toEqual({ kind: "failed", error: expect.stringContaining('Too many writes in a single function execution (limit: 100) in "limits:tooManyWritesJob"') });
  });

  it("the limits table is Convex's", () => {
    expect(DEFAULT_LIMITS).toEqual({
      documentsRead: 16_384,
      bytesRead: 8 * MiB,
      indexRanges: 4_096,
      documentsWritten: 8_192,
      bytesWritten: 8 * MiB,
      scheduledFunctions: 1_000,
      scheduledArgsBytes: 16 * MiB,
      documentBytes: MiB,
      argumentBytes: 16 * MiB,
      returnBytes: 16 * MiB,
      executionMs: 1_000,
    });
  });
});
