// npm run bench -- telemetry: what Sentry and PostHog cost once configured, against the same server with both off,
// measured in the same run. Both point at a local sink that answers every request (envelopes and batches) with 200.
//   startup      spawn → /api/health answering, and → the portal's first page, with its resident memory then;
//                off/on alternating, BENCH_TELEMETRY_STARTS each (default 5), medians
//   per request  POST /api/v1/verify on two servers (copies of one seeded database), off/on/on/off/off/on so
//                drift in the neighbours' load hits both alike: req/s and main-thread CPU µs a request
// Last, one call that fails on the server (an agent row no ingestion writes) must reach the sink as a Sentry
// envelope: a run whose SDKs never loaded would otherwise measure nothing and pass.
import type { ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { openEngine } from "@/engine";
import { convexModules } from "@/server/backend/convexModules.generated";
import { agentRow, testAddress } from "@/testing/agentRows";
import { freePort } from "@/testing/freePort";
import { buildIfStale } from "../../scripts/lib/build";
import { percentileOf } from "../lib/measure";
import { healthy, load, mean, printResults, type Result, root, seed, serverEnv, startChild, stopChildren } from "../lib/restLoad";

const STARTS = Number(process.env.BENCH_TELEMETRY_STARTS ?? 5);
const dataDir = mkdtempSync(path.join(tmpdir(), "bench-telemetry-"));
const onDataDir = `${dataDir}-on`;
const children: ChildProcess[] = [];

/** Answers everything with 200 and counts what arrived, by path. */
const received = new Map<string, number>();
const sink = createServer((req, res) => {
  req.resume().on("end", () => {
    const key = (req.url ?? "/").split("?")[0]!.replace(/\d+/g, "N");
    received.set(key, (received.get(key) ?? 0) + 1);
    res.writeHead(200, { "Content-Type": "application/json" }).end('{"status":1}');
  });
});

const median = (values: number[]) => percentileOf(values, 0.5);
const rssMiB = (child: ChildProcess) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1]) / 1024;

/** One cold start on a copy of the data: ms to the API, ms to the portal's first page, MiB resident then. */
async function startOnce(env: Record<string, string>): Promise<{ apiMs: number; portalMs: number; rss: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-telemetry-start-"));
  cpSync(dataDir, dir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const own: ChildProcess[] = [];
  try {
    const child = await startChild(own, ["--import", "tsx", "src/server.ts"], serverEnv(port, dir, env), healthy, url);
    const apiMs = performance.now() - started;
    const page = await fetch(`${url}/signin`);
    if (page.status !== 200) throw new Error(`/signin answered ${page.status}`);
    const portalMs = performance.now() - started;
    return { apiMs, portalMs, rss: rssMiB(child) };
  } finally {
    await stopChildren(own);
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await buildIfStale();
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const ON = { SENTRY_DSN: `http://benchkey@${sinkUrl.slice("http://".length)}/1`, POSTHOG_KEY: "phc_bench", POSTHOG_HOST: sinkUrl };
  const OFF = { SENTRY_DSN: "", POSTHOG_KEY: "", POSTHOG_HOST: "" };

  const { key, addresses } = await seed(dataDir);
  const broken = agentRow(testAddress(999_999), { jobs: 5, successRate: 1, responseTimeMs: 100 }, Date.now());
  const engine = await openEngine({ dbPath: path.join(dataDir, "ghostspeak.db"), modules: convexModules, runScheduler: false });
  await engine.run((ctx) => ctx.db.insert("agents", { ...broken, scoreUpdatedAt: Number.NaN }));
  await engine.close();

  const starts: Record<"off" | "on", { apiMs: number; portalMs: number; rss: number }[]> = { off: [], on: [] };
  for (let i = 0; i < STARTS; i++) {
    starts.off.push(await startOnce(OFF));
    starts.on.push(await startOnce(ON));
  }

  cpSync(dataDir, onDataDir, { recursive: true });
  const offPort = await freePort();
  const onPort = await freePort();
  const offUrl = `http://127.0.0.1:${offPort}`;
  const onUrl = `http://127.0.0.1:${onPort}`;
  const serverOff = await startChild(children, ["--import", "tsx", "src/server.ts"], serverEnv(offPort, dataDir, OFF), healthy, offUrl);
  const serverOn = await startChild(children, ["--import", "tsx", "src/server.ts"], serverEnv(onPort, onDataDir, ON), healthy, onUrl);

  const jsonKey = { "Content-Type": "application/json", "X-API-Key": key };
  const body = JSON.stringify({ agentAddress: addresses[0], requiredScore: 500 });
  const verify = (url: string, title: string, child: ChildProcess) => load({ title, url: `${url}/api/v1/verify`, method: "POST", headers: jsonKey, body }, child);
  const off1 = await verify(offUrl, "verify, Sentry and PostHog off", serverOff);
  const on1 = await verify(onUrl, "verify, Sentry and PostHog on", serverOn);
  const on2 = await verify(onUrl, "verify, on (again)", serverOn);
  const off2 = await verify(offUrl, "verify, off (again)", serverOff);
  const off3 = await verify(offUrl, "verify, off (third)", serverOff);
  const on3 = await verify(onUrl, "verify, on (third)", serverOn);
  const results: Result[] = [off1, on1, on2, off2, off3, on3];
  const off = [off1, off2, off3];
  const on = [on1, on2, on3];

  const failed = await fetch(`${onUrl}/api/v1/verify`, { method: "POST", headers: jsonKey, body: JSON.stringify({ agentAddress: broken.address }) });
  if (failed.status !== 500) throw new Error(`the planted failure answered ${failed.status}`);
  const deadline = Date.now() + 10_000;
  while (!received.get("/api/N/envelope/") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const envelopes = received.get("/api/N/envelope/") ?? 0;

  printResults(results, off1);
  const rows = (["off", "on"] as const).map((k) => ({ k, api: median(starts[k].map((s) => s.apiMs)), portal: median(starts[k].map((s) => s.portalMs)), rss: median(starts[k].map((s) => s.rss)) }));
  console.log(`\nstartup, median of ${STARTS} cold starts each (off/on alternating):`);
  console.log("| | API answers (ms) | first portal page (ms) | RSS then (MiB) |\n|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.k} | ${r.api.toFixed(0)} | ${r.portal.toFixed(0)} | ${r.rss.toFixed(0)} |`);
  const [offStart, onStart] = rows as [(typeof rows)[0], (typeof rows)[0]];
  const throughputCost = 1 - mean(on, (r) => r.reqPerSec) / mean(off, (r) => r.reqPerSec);
  const cpuCost = mean(on, (r) => r.mainThreadCpuUsPerReq) / mean(off, (r) => r.mainThreadCpuUsPerReq) - 1;
  console.log(`startup cost: +${(onStart.api - offStart.api).toFixed(0)} ms to the API, +${(onStart.portal - offStart.portal).toFixed(0)} ms to the portal, +${(onStart.rss - offStart.rss).toFixed(0)} MiB`);
  console.log(`per request: ${(throughputCost * 100).toFixed(1)} % of verify throughput, ${(cpuCost * 100).toFixed(1)} % main-thread CPU per request`);
  console.log(`the planted 500 reached the sink as ${envelopes} Sentry envelope(s); the sink saw ${JSON.stringify(Object.fromEntries(received))}`);
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  writeFileSync(path.join(root, "bench", "results", "telemetry.json"), JSON.stringify({ at: new Date().toISOString(), starts, results, throughputCost, cpuCost, envelopes }, null, 2));
  process.exitCode = envelopes >= 1 && [...off, ...on].every((r) => r.errors === 0 && r.non2xx === 0) ? 0 : 1;
} finally {
  await stopChildren(children);
  sink.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(onDataDir, { recursive: true, force: true });
}
