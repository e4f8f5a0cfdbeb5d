// npm run bench:engine: the embedded engine beside a raw better-sqlite3 twin
// doing the same SQL work on the same table shapes, in the same run, so the
// engine/raw ratio survives a noisy machine. Target: each ratio at most 5x.
//   (i)   mutations/s of insert + two index reads + patch (bench:work)
//   (ii)  withIndex(...).first() query latency           (bench:firstByName)
//   (iii) withIndex(...).take(100) query latency         (bench:take100)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openEngine } from "@/engine";
import { sampleModuleMap } from "@/engine/test/workerModules";
import { measurePair, type Timing } from "./lib/measure";
import { openRawTwin } from "./lib/rawTwin";

const TARGET = 5;
const BUDGET_MS = Number(process.env.BENCH_MS ?? 6000);
const SEED_ROWS = 200;

const dir = mkdtempSync(join(tmpdir(), "bench-engine-"));
const engine = await openEngine({ dbPath: join(dir, "engine.sqlite"), modules: sampleModuleMap, runScheduler: false });
const raw = openRawTwin(join(dir, "raw.sqlite"));

// The same starting data on both sides: one counter, SEED_ROWS items in group "seed".
await engine.runMutation("counters:increment", { name: "bench", by: 0 });
await engine.runMutation("items:insertMany", { items: Array.from({ length: SEED_ROWS }, (_, rank) => ({ group: "seed", rank, done: false })) });
raw.seed("bench", "seed", SEED_ROWS);

// `ratio` (mean cost, which includes checkpoints and GC pauses) decides pass/fail;
// the median ratio is printed beside it as the view without those spikes.
type Row = { name: string; engine: Timing; raw: Timing; ratio: number; medianRatio: number; pass: boolean };
const rows: Row[] = [];
async function compare(name: string, onEngine: (i: number) => Promise<unknown>, onRaw: (i: number) => unknown) {
  const [e, r] = await measurePair(BUDGET_MS, onEngine, onRaw);
  const ratio = e.meanUs / r.meanUs;
  rows.push({ name, engine: e, raw: r, ratio, medianRatio: e.p50Us / r.p50Us, pass: ratio <= TARGET });
}

try {
  // Negative i are warm-up calls; each call inserts into its own rank so reads hit fresh rows.
  await compare("mutation: insert + 2 index reads + patch", (i) => engine.runMutation("bench:work", { counter: "bench", group: "w", rank: i }), (i) => raw.work("bench", "w", i));
  await compare("query: withIndex().first()", () => engine.runQuery("bench:firstByName", { name: "bench" }), () => raw.firstByName("bench"));
  await compare("query: withIndex().take(100)", () => engine.runQuery("bench:take100", { group: "seed" }), () => raw.take100("seed"));
} finally {
  await engine.close();
  raw.close();
  rmSync(dir, { recursive: true, force: true });
}

const us = (n: number) => n.toFixed(1).padStart(8);
const cols = ["operation".padEnd(40), "engine µs", "  raw µs", " ratio", "target", "p50 eng", " p50 raw", "p50 ratio", "engine ops/s"];
console.log(`\nEmbedded engine vs raw better-sqlite3, same run, alternating rounds, ${BUDGET_MS} ms per row (mean µs per sequential call)\n`);
console.log(cols.join("  "));
for (const r of rows) {
  console.log(
    [
      r.name.padEnd(40),
      us(r.engine.meanUs).padStart(9),
      us(r.raw.meanUs),
      `${r.ratio.toFixed(2)}x`.padStart(6),
      `${r.pass ? "PASS" : "FAIL"} ≤${TARGET}x`.padEnd(6),
      us(r.engine.p50Us).padStart(7),
      us(r.raw.p50Us),
      `${r.medianRatio.toFixed(2)}x`.padStart(9),
      String(Math.round(1e6 / r.engine.meanUs)).padStart(12),
    ].join("  "),
  );
}

mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/engine.json", JSON.stringify({ date: new Date().toISOString(), budgetMs: BUDGET_MS, target: TARGET, rows }, null, 2));
console.log("\nwrote bench/results/engine.json");
