/**
 * What the REST benches share: a seeded database, the real server started as `npm start` runs it, and one
 * measured autocannon load with the server's CPU per request (the figure two runs on a busy shared machine can
 * be compared by; req/s follows the neighbours' load).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { openEngine } from "@/engine";
import { convexModules } from "@/server/backend/convexModules.generated";
import { agentRow, testAddress } from "@/testing/agentRows";
import { freePort } from "@/testing/freePort";
import { api } from "../../convex/_generated/api";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SECONDS = Number(process.env.BENCH_REST_SECONDS ?? 10);
export const CONNECTIONS = 50;
const WARM_SECONDS = 3;
export const BENCH_SECRET = "bench-rest-server-secret-91ad";

/** An enterprise team whose contract limit is far above what the load reaches (nothing is throttled), a key, 100 agents. */
export async function seed(dataDir: string): Promise<{ teamId: string; key: string; addresses: string[] }> {
  process.env.GHOSTSPEAK_SERVER_SECRET = BENCH_SECRET;
  const engine = await openEngine({ dbPath: path.join(dataDir, "ghostspeak.db"), modules: convexModules, runScheduler: false });
  try {
    const s = <A extends object>(args: A) => ({ ...args, serverSecret: BENCH_SECRET });
    const { teamId } = await engine.runMutation(api.teams.create, s({ name: "Bench", ownerEmail: "bench@bench.test", plan: "enterprise", rateLimit: 100_000_000 }));
    const { key } = await engine.runMutation(api.apiKeys.create, s({ teamId }));
    const now = Date.now();
    const agents = Array.from({ length: 100 }, (_, i) => agentRow(testAddress(i + 1), { jobs: 10 + i, successRate: 0.5 + (i % 50) / 100, responseTimeMs: 200 + i * 50, reviews: [4, 5] }, now));
    await engine.run(async (ctx) => {
      for (const row of agents) await ctx.db.insert("agents", row);
    });
    return { teamId, key: key as string, addresses: agents.map((a) => a.address) };
  } finally {
    await engine.close();
  }
}

/** The real server's environment as the benches run it: production mode, the portal included. */
export function serverEnv(port: number, dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, PORTAL: "true", LOG_LEVEL: "warn", NODE_ENV: "production",
    NEXTAUTH_SECRET: "bench-nextauth-secret", GHOSTSPEAK_SERVER_SECRET: BENCH_SECRET, ...extra,
  };
}

export const healthy = async (url: string) => {
  if (!(await fetch(`${url}/api/health`)).ok) throw new Error("not yet");
};

/** Spawns a process and waits until `ready(url)` resolves; `children` collects it for the caller's cleanup. */
export async function startChild(children: ChildProcess[], args: string[], env: Record<string, string>, ready: (url: string) => Promise<void>, url: string) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
  children.push(child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited with ${child.exitCode}`);
    try {
      await ready(url);
      return child;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not come up`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Sends SIGTERM to every child and waits (at most 10 s) for them to exit. */
export async function stopChildren(children: ChildProcess[]): Promise<void> {
  // Waiting for the exits lets a profiled server write its profile before the data directory goes.
  const exited = children.map((child) => (child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", resolve))));
  for (const child of children) child.kill("SIGTERM");
  await Promise.race([Promise.all(exited), new Promise((resolve) => setTimeout(resolve, 10_000))]);
}

/**
 * The baseline: a bare Node server (bench/lib/bareServer.ts) answering every request with the bytes the real
 * server gave to `sample`, so real/bare is the share of raw HTTP throughput the API keeps.
 */
export async function startBare(children: ChildProcess[], sample: Load, dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const answer = await fetch(sample.url, { method: sample.method, headers: sample.headers, body: sample.body });
  if (answer.status !== 200) throw new Error(`${sample.title} answered ${answer.status}: ${await answer.text()}`);
  const cannedFile = path.join(dataDir, "canned.json");
  writeFileSync(cannedFile, JSON.stringify({ status: 200, headers: Object.fromEntries(answer.headers.entries()), body: await answer.text() }));
  const url = `http://127.0.0.1:${await freePort()}`;
  const child = await startChild(children, ["--import", "tsx", "bench/lib/bareServer.ts", cannedFile, new URL(url).port], {}, async (u) => {
    await fetch(u);
  }, url);
  return { url, child };
}

export type Load = { title: string; url: string; method: "GET" | "POST"; headers: Record<string, string>; body?: string };
export type Result = { title: string; reqPerSec: number; p50Ms: number; p99Ms: number; errors: number; non2xx: number; cpuUsPerReq: number; mainThreadCpuUsPerReq: number };

/** CPU seconds (user + system) a server process has used so far, from /proc (Linux; NaN elsewhere). */
export function cpuSeconds(child: ChildProcess, thread: "process" | "main" = "process"): number {
  try {
    // The main thread's task id is the process id; the engine runs on a thread of its own beside it.
    const file = thread === "main" ? `/proc/${child.pid}/task/${child.pid}/stat` : `/proc/${child.pid}/stat`;
    const fields = readFileSync(file, "utf8").replace(/^.*\) /, "").split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

/**
 * One measured load, right after WARM_SECONDS of the same load unmeasured: a run that followed a pause (the other
 * server's turn) was ~10 % slower than the same load repeated, whichever server it was, which skewed on/off
 * comparisons; the figures are about the steady state.
 */
export async function load(spec: Load, server: ChildProcess): Promise<Result> {
  await autocannon({ url: spec.url, method: spec.method, headers: spec.headers, body: spec.body, connections: CONNECTIONS, duration: WARM_SECONDS });
  const cpuBefore = cpuSeconds(server);
  const mainBefore = cpuSeconds(server, "main");
  const result = await autocannon({ url: spec.url, method: spec.method, headers: spec.headers, body: spec.body, connections: CONNECTIONS, duration: SECONDS });
  return {
    cpuUsPerReq: ((cpuSeconds(server) - cpuBefore) * 1e6) / result.requests.total,
    mainThreadCpuUsPerReq: ((cpuSeconds(server, "main") - mainBefore) * 1e6) / result.requests.total,
    title: spec.title,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export const mean = (rs: Result[], pick: (r: Result) => number) => rs.reduce((sum, r) => sum + pick(r), 0) / rs.length;

export function printResults(results: Result[], baseline: Result): void {
  console.log(`${CONNECTIONS} connections, ${SECONDS} s each`);
  console.log("| load | req/s | p50 ms | p99 ms | errors | non-2xx | / bare | server CPU µs/req | main thread CPU µs/req |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    console.log(`| ${r.title} | ${r.reqPerSec.toFixed(0)} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} | ${(r.reqPerSec / baseline.reqPerSec).toFixed(3)} | ${r.cpuUsPerReq.toFixed(0)} | ${r.mainThreadCpuUsPerReq.toFixed(0)} |`);
  }
}
