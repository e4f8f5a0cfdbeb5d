// npm run bench -- contention: how often a Convex deployment would retry the REST hot path's mutations under
// optimistic concurrency, with K = 8 and K = 32 mutations in flight (two per app server: K = 32 is 16 servers).
// The app's engine runs in this process on a temporary DATA_DIR with recordAccess on; every committed mutation
// (the coalesced verify mutations, and any scheduled job or cron that ran meanwhile) is fed, in commit order, to
// the contention model (src/engine/contention.ts; prisma-free-notes/engine.md, "Contention model"). Calls go
// through the REST layer's coalescer (src/server/rest/api/coalesce.ts) as the verify route feeds it, with
// CLIENTS calls in flight like the REST bench's 50 connections; a client waits a random few event-loop turns
// between calls, as network arrivals spread, so batches form as under HTTP load.
//   (a) one key of an enterprise team whose per-minute limit is 10,000,000, at full speed
//   (b) 50 keys of one enterprise team (same limit) at full speed
//   (c) a flood on one key limited to 60 calls a minute: nearly every call is refused with 429
// The calls are batched and refused as the REST layer does it on a Convex deployment: one key per batch
// (`batching("convex")`), and a key the server saw refused is sent with `rateLimitedUntil`
// (src/server/rest/api/rateLimitCache.ts). Fails unless the share a deployment would retry is under 5 % for (a)
// at K = 8 and under 1 % for (b) and (c) at K = 32 (issue 13).
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { api } from "../../convex/_generated/api";
import { MAX_CALLS_PER_MUTATION } from "../../convex/verify";
import { openEngine, ContentionModel, type Engine, type TransactionStats, type ContentionReport } from "@/engine";
import { convexModules } from "@/server/backend/convexModules.generated";
import { databasePath } from "@/server/backend/config";
import { ensureWebhookEncryptionKey } from "@/server/backend/webhookKey";
import { withSecret } from "@/server/backend/withSecret";
import { coalesce } from "@/server/rest/api/coalesce";
import { batching, knownRefusal, noteOutcome } from "@/server/rest/api/rateLimitCache";

const CALLS = Number(process.env.BENCH_CONTENTION_CALLS ?? 100_000);
const CLIENTS = 50;
const AGENTS = 50;
const KS = [8, 32] as const;
const HIGH_LIMIT = 10_000_000;

type VerifyCall = (typeof api.verify.verify)["_args"]["calls"][number];
type Outcome = { status: number; rateLimitedUntil?: number };

interface Workload {
  title: string;
  keys: number;
  keyRateLimit?: number;
  /** The most a deployment may retry at that K. */
  target: { k: number; share: number };
}

const WORKLOADS: Workload[] = [
  { title: "(a) one enterprise key, limit 10M/min", keys: 1, target: { k: 8, share: 0.05 } },
  { title: "(b) 50 keys of one enterprise team", keys: 50, target: { k: 32, share: 0.01 } },
  { title: "(c) flood on one key limited to 60/min (429s)", keys: 1, keyRateLimit: 60, target: { k: 32, share: 0.01 } },
];

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const turns = (n: number) => new Promise<void>((resolve) => (n === 0 ? resolve() : setImmediate(() => void turns(n - 1).then(resolve))));

interface Run {
  workload: Workload;
  reports: ContentionReport[];
  mutations: number;
  byFunction: Map<string, number>;
  statuses: Map<number, number>;
  verify: { mutations: number; documentsRead: number; indexRanges: number; documentsWritten: number; executionMs: number; maxExecutionMs: number };
  batches: number;
  seconds: number;
}

async function runWorkload(workload: Workload): Promise<Run> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-contention-"));
  process.env.DATA_DIR = dataDir;
  process.env.GHOSTSPEAK_SERVER_SECRET ??= "bench-contention-server-secret";
  ensureWebhookEncryptionKey();
  const models = KS.map((k) => new ContentionModel(k));
  const byFunction = new Map<string, number>();
  const verifyTotals = { mutations: 0, documentsRead: 0, indexRanges: 0, documentsWritten: 0, executionMs: 0, maxExecutionMs: 0 };
  let recording = false;
  let mutations = 0;
  const onTransaction = (s: TransactionStats) => {
    if (!recording || s.kind !== "mutation" || s.outcome !== "committed") return;
    mutations++;
    byFunction.set(s.udfPath, (byFunction.get(s.udfPath) ?? 0) + 1);
    if (s.udfPath === "verify:verify") {
      verifyTotals.mutations++;
      verifyTotals.documentsRead += s.documentsRead;
      verifyTotals.indexRanges += s.indexRanges;
      verifyTotals.documentsWritten += s.documentsWritten;
      verifyTotals.executionMs += s.executionMs;
      verifyTotals.maxExecutionMs = Math.max(verifyTotals.maxExecutionMs, s.executionMs);
    }
    for (const m of models) m.add({ udfPath: s.udfPath, access: s.access! });
  };
  const engine: Engine = await openEngine({ dbPath: databasePath(), modules: convexModules, runScheduler: true, recordAccess: true, onTransaction });
  try {
    const secret = withSecret("embedded");
    // As the CLI does it: `team create --plan enterprise --rate-limit`, `team limits --keys`, `key create`, `demo seed`.
    const { teamId } = await engine.runMutation(api.teams.create, secret({ name: "Contention", ownerEmail: "bench@contention.test", plan: "enterprise", rateLimit: HIGH_LIMIT }));
    await engine.runMutation(api.teamAdmin.setLimits, secret({ teamId, maxApiKeys: workload.keys + 10 }));
    const keys: string[] = [];
    for (let i = 0; i < workload.keys; i++) {
      const { key } = await engine.runMutation(api.apiKeys.create, secret({ teamId, name: `bench ${i}`, ...(workload.keyRateLimit ? { rateLimit: workload.keyRateLimit } : {}) }));
      keys.push(key);
    }
    await engine.runMutation(api.demo.seed, secret({}));
    const seeded = await engine.runAction(api.demo.seedAgents, secret({ agents: AGENTS }));
    const address = seeded.sampleAgentAddress as string;
    const keyHashes = keys.map(sha256);

    let batches = 0;
    const coalesced = coalesce(
      async (calls: VerifyCall[]) => {
        batches++;
        return (await engine.runMutation(api.verify.verify, secret({ calls }))) as Outcome[];
      },
      MAX_CALLS_PER_MUTATION,
      batching("convex"),
    );
    // As the route does (src/server/rest/api/outcome.ts): a known refusal goes along, a new one is remembered.
    const verify = async (call: VerifyCall) => {
      const until = knownRefusal(call.keyHash, call.receivedAt);
      const outcome = await coalesced(until === undefined ? call : { ...call, rateLimitedUntil: until });
      noteOutcome(call.keyHash, outcome);
      return outcome;
    };

    const statuses = new Map<number, number>();
    let next = 0;
    recording = true;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let i = next++; i < CALLS; i = next++) {
          const outcome = await verify({ keyHash: keyHashes[i % keyHashes.length]!, requestId: `bench-${client}-${i}`, receivedAt: Date.now(), agentAddress: address, requiredScore: 500 });
          statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
          await turns(Math.floor(Math.random() * 4));
        }
      }),
    );
    // Jobs the calls scheduled run too (the background loop), and are fed to the model as they commit.
    await engine.runDueJobs();
    const seconds = (performance.now() - started) / 1000;
    recording = false;
    return { workload, reports: models.map((m) => m.report()), mutations, byFunction, statuses, verify: verifyTotals, batches, seconds };
  } finally {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

const runs: Run[] = [];
for (const workload of WORKLOADS) {
  const run = await runWorkload(workload);
  runs.push(run);
  const statuses = [...run.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(", ");
  console.log(
    `${workload.title}: ${CALLS} calls (${statuses}) in ${run.batches} verify mutations (${(CALLS / run.batches).toFixed(1)} calls each), ` +
      `${run.mutations} committed mutations in all, ${run.seconds.toFixed(1)} s`,
  );
  console.log(`  committed: ${[...run.byFunction].map(([f, n]) => `${f} ${n}`).join(", ")}`);
  const v = run.verify;
  const per = (x: number) => (x / v.mutations).toFixed(1);
  console.log(
    `  per verify mutation: ${per(v.documentsRead)} documents read, ${per(v.indexRanges)} index ranges, ${per(v.documentsWritten)} documents written, ` +
      `${per(v.executionMs)} ms (longest ${v.maxExecutionMs.toFixed(1)} ms)`,
  );
}

console.log("\nShare of committed mutations a deployment would retry (optimistic concurrency, K mutations in flight):\n");
console.log("| workload | K | mutations | retried | share retried | top 5 conflicting documents (table.index …id: mutations retried) |");
console.log("|---|---|---|---|---|---|");
for (const run of runs) {
  for (const r of run.reports) {
    const top = r.conflicts
      .slice(0, 5)
      // Ids begin with a clock: their tail tells documents apart.
      .map((c) => `${c.index} …${c.id.slice(-6)}: ${c.count}`)
      .join("; ");
    console.log(`| ${run.workload.title} | ${r.k} | ${r.mutations} | ${r.retried} | ${pct(r.share)} | ${top || "none"} |`);
  }
}
let failed = false;
console.log("\nTargets:");
for (const run of runs) {
  const r = run.reports.find((x) => x.k === run.workload.target.k)!;
  const pass = r.share < run.workload.target.share;
  failed ||= !pass;
  console.log(`  ${run.workload.title}: ${pct(r.share)} retried at K = ${r.k} (target under ${pct(run.workload.target.share)}): ${pass ? "pass" : "FAIL"}`);
}
process.exitCode = failed ? 1 : 0;

console.log("\nBy function (K = 32):");
for (const run of runs) {
  const r = run.reports.find((x) => x.k === 32)!;
  console.log(`  ${run.workload.title}: ${r.byFunction.map((f) => `${f.udfPath} ${f.retried}/${f.mutations} (${pct(f.share)})`).join(", ")}`);
}
