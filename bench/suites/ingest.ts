// Ingestion bench (issue 5), run by `npm run bench` (or `npm run bench -- ingest`):
//   (i)  throughput of POST /api/internal/v1/signals (signals/s) against the real server on the embedded engine,
//        started as a child on a temporary DATA_DIR; beside it, the same chunks sent straight to the ledger
//        mutation in this process, so the HTTP + parsing share of the cost shows as a ratio;
//   (ii) the cost of one more signal as an agent's history grows from 10 to 100,000 signals. Aggregates make it
//        O(1): the 100k/10 ratio should be about 1. Sizes are measured in alternating rounds, so load from other
//        processes falls on all of them alike.
// Writes bench/results/ingest.json.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { SignalInput } from "../../convex/lib/signalInput";
import { encodeBase58 } from "../../convex/lib/solanaAddress";
import { openEngine } from "@/engine";
import { convexModules } from "@/server/backend/convexModules.generated";
import { startChildServer } from "../../test/rest/server";

const DAY = 86_400_000;
const HTTP_REQUESTS = 8;
const PER_REQUEST = 10_000;
const HTTP_AGENTS = 1_000;
const SIZES = [10, 1_000, 10_000, 100_000] as const;
/** Agents measured at the smallest size: spread so none of them grows much past it while being measured. */
const SMALL_POOL = 100;
const ROUND = 20;
const GROWTH_BUDGET_MS = Number(process.env.BENCH_MS ?? 8_000);

const now = Date.now();
const newAddress = () => encodeBase58(randomBytes(32));
let sequence = 0;

/** A realistic mix: mostly jobs over the last ten weeks, some reviews and disputes. */
function signal(agentAddress: string): SignalInput {
  const id = `bench-${++sequence}`;
  const at = now - DAY - (sequence % (70 * 24)) * 3_600_000 - (sequence % 3_600_000);
  const roll = sequence % 10;
  if (roll === 8) return { line: sequence, id, type: "review", agentAddress, at, rating: 1 + (sequence % 5) };
  if (roll === 9) return { line: sequence, id, type: "dispute", agentAddress, at, outcome: sequence % 2 ? "resolved_for_agent" : "opened" };
  return { line: sequence, id, type: "job", agentAddress, at, success: sequence % 7 !== 0, responseTimeMs: 200 + (sequence % 9_000), amountMicroUsd: 1_500_000 };
}

function toLine(s: SignalInput): string {
  const { line: _line, at, ...rest } = s;
  if (rest.type !== "job") return JSON.stringify({ ...rest, at: new Date(at).toISOString() });
  const { amountMicroUsd, ...job } = rest;
  return JSON.stringify({ ...job, at: new Date(at).toISOString(), amountUsd: (amountMicroUsd ?? 0) / 1e6 });
}

// ── (i) HTTP throughput ────────────────────────────────────────────────────────────────────────────────
async function httpThroughput() {
  const token = randomBytes(16).toString("hex");
  const server = await startChildServer({ INGEST_TOKEN: token });
  try {
    const agents = Array.from({ length: HTTP_AGENTS }, newAddress);
    const bodies = Array.from({ length: HTTP_REQUESTS + 1 }, () =>
      Array.from({ length: PER_REQUEST }, (_, i) => toLine(signal(agents[i % HTTP_AGENTS]!))).join("\n"),
    );
    const post = async (body: string) => {
      const response = await fetch(`${server.url}/api/internal/v1/signals`, {
        method: "POST",
        headers: { "Content-Type": "application/x-ndjson", Authorization: `Bearer ${token}` },
        body,
      });
      const summary = (await response.json()) as { accepted: number };
      if (response.status !== 200 || summary.accepted !== PER_REQUEST) throw new Error(`ingest failed: ${response.status} ${JSON.stringify(summary)}`);
    };
    await post(bodies[0]!); // warm-up: JIT, statement caches, agent rows created
    const started = performance.now();
    for (const body of bodies.slice(1)) await post(body);
    const ms = performance.now() - started;
    return { requests: HTTP_REQUESTS, signals: HTTP_REQUESTS * PER_REQUEST, ms, signalsPerSecond: (HTTP_REQUESTS * PER_REQUEST * 1000) / ms };
  } finally {
    await server.stop();
  }
}

// ── (ii) in-process ledger throughput and cost per signal against history size ─────────────────────────────
const dir = mkdtempSync(join(tmpdir(), "bench-ingest-"));
const secret = "bench-secret";
process.env.GHOSTSPEAK_SERVER_SECRET = secret;
const engine = await openEngine({ dbPath: join(dir, "ledger.sqlite"), modules: convexModules, runScheduler: false });
const ingest = (signals: SignalInput[]) => engine.runMutation("signals:ingest", { signals, serverSecret: secret }) as Promise<{ accepted: number }>;

async function ledgerThroughput() {
  const agents = Array.from({ length: HTTP_AGENTS }, newAddress);
  const chunks = Array.from({ length: 40 }, () => Array.from({ length: 1_000 }, (_, i) => signal(agents[i % HTTP_AGENTS]!)));
  await ingest(chunks[0]!);
  const started = performance.now();
  for (const chunk of chunks.slice(1)) await ingest(chunk);
  const ms = performance.now() - started;
  return { signals: 39_000, ms, signalsPerSecond: (39_000 * 1000) / ms };
}

async function historyGrowth() {
  const pools = new Map<number, string[]>();
  for (const size of SIZES) {
    const pool = Array.from({ length: size === 10 ? SMALL_POOL : 1 }, newAddress);
    const all = pool.flatMap((address) => Array.from({ length: size }, () => signal(address)));
    for (let i = 0; i < all.length; i += 1_000) await ingest(all.slice(i, i + 1_000));
    pools.set(size, pool);
  }
  const samples = new Map<number, number[]>(SIZES.map((s) => [s, []]));
  const picks = new Map<number, number>(SIZES.map((s) => [s, 0]));
  const one = async (size: number) => {
    const pool = pools.get(size)!;
    const k = picks.get(size)!;
    picks.set(size, k + 1);
    const t0 = performance.now();
    await ingest([signal(pool[k % pool.length]!)]);
    return performance.now() - t0;
  };
  for (const size of SIZES) for (let i = 0; i < 20; i++) await one(size); // warm-up
  const started = performance.now();
  while (performance.now() - started < GROWTH_BUDGET_MS) {
    for (const size of SIZES) for (let i = 0; i < ROUND; i++) samples.get(size)!.push(await one(size));
  }
  return SIZES.map((size) => {
    const sorted = [...samples.get(size)!].sort((a, b) => a - b);
    const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
    return { history: size, ops: sorted.length, meanUs: mean * 1000, p50Us: sorted[Math.floor(sorted.length / 2)]! * 1000 };
  });
}

let results;
try {
  const http = await httpThroughput();
  const ledger = await ledgerThroughput();
  const growth = await historyGrowth();
  results = { http, ledger, growth };
} finally {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
}

const { http, ledger, growth } = results;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(`\nIngestion throughput (${HTTP_REQUESTS} requests × ${fmt(PER_REQUEST)} NDJSON signals, ${fmt(HTTP_AGENTS)} agents, sequential)\n`);
console.log(`  HTTP, server on the embedded engine   ${fmt(http.signalsPerSecond).padStart(8)} signals/s`);
console.log(`  ledger mutation in process (1k/txn)   ${fmt(ledger.signalsPerSecond).padStart(8)} signals/s`);
console.log(`  HTTP / in process                     ${(http.signalsPerSecond / ledger.signalsPerSecond).toFixed(2).padStart(8)}`);
console.log(`\nCost of one more signal (one-signal transaction) as the agent's history grows, alternating rounds\n`);
console.log(`  ${"history".padStart(8)}  ${"mean µs".padStart(8)}  ${"p50 µs".padStart(8)}  ${"samples".padStart(7)}`);
for (const row of growth) console.log(`  ${fmt(row.history).padStart(8)}  ${row.meanUs.toFixed(0).padStart(8)}  ${row.p50Us.toFixed(0).padStart(8)}  ${String(row.ops).padStart(7)}`);
const first = growth[0]!;
const last = growth.at(-1)!;
const ratio = { mean: last.meanUs / first.meanUs, p50: last.p50Us / first.p50Us };
console.log(`\n  ratio 100k / 10: mean ${ratio.mean.toFixed(2)}x, p50 ${ratio.p50.toFixed(2)}x (O(1) per signal: about 1)`);

mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/ingest.json", JSON.stringify({ date: new Date().toISOString(), http, ledger, growth, ratio }, null, 2));
console.log("\nwrote bench/results/ingest.json");
