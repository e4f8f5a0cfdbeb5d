// npm run bench -- live: what live portal pages cost the public API, on one server, in one run.
// 500 portal streams (BENCH_LIVE_STREAMS) on the team that takes the load: 500 admins signed in, one page each,
// a fifth each on usage, overview, API keys, audit log and webhooks, each doing with a change what the browser
// does (the audit log refetches its pages; the others take the data the stream carries). Every stream is two live queries on the server (the page's and the viewer's
// membership).
//   idle         server CPU over BENCH_LIVE_IDLE_SECONDS (default 10) with no stream and with every stream open,
//                no load: target < 1 % of a core more
//   throughput   POST /api/v1/verify (the REST bench's load) without / with / with / without / without / with the
//                streams, and the bare server before and after: verify/bare falls by < 10 %
//   latency      under the same verify load, webhook endpoints created and deleted over REST every 800 ms: from
//                the request's start (so at least its commit) to each webhooks and audit stream's pushed change,
//                median < 200 ms
import type { ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { openEngine } from "@/engine";
import { presetRange } from "@/lib/usage/range";
import { convexModules } from "@/server/backend/convexModules.generated";
import { freePort } from "@/testing/freePort";
import type { Id } from "../../convex/_generated/dataModel";
import { buildIfStale } from "../../scripts/lib/build";
import { openPortalStream, type PortalPage, type PortalStream } from "../lib/portalStream";
import { CONNECTIONS, cpuSeconds, healthy, load, mean, printResults, type Result, root, seed, serverEnv, startBare, startChild, stopChildren } from "../lib/restLoad";

const STREAMS = Number(process.env.BENCH_LIVE_STREAMS ?? 500);
const IDLE_SECONDS = Number(process.env.BENCH_LIVE_IDLE_SECONDS ?? 10);
const COMMITS = 30;
/** Between two commits of the latency phase: longer than the debounce, so each is pushed on its own. */
const COMMIT_GAP_MS = 800;
const TARGET_COST = 0.1;
const TARGET_MEDIAN_MS = 200;
const TARGET_IDLE_CORE = 0.01;

const dataDir = mkdtempSync(path.join(tmpdir(), "bench-live-"));
const children: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]!;

/** Admins of the loaded team, each signed in: the session cookie's token (the adapter stores its SHA-256). */
async function seedViewers(teamId: string, count: number): Promise<string[]> {
  const engine = await openEngine({ dbPath: path.join(dataDir, "ghostspeak.db"), modules: convexModules, runScheduler: false });
  try {
    const tokens = Array.from({ length: count }, () => randomBytes(24).toString("base64url"));
    await engine.run(async (ctx) => {
      for (const [i, token] of tokens.entries()) {
        const userId = await ctx.db.insert("users", { email: `viewer-${i}@bench.test`, signedUpAt: Date.now() });
        await ctx.db.insert("members", { teamId: teamId as Id<"teams">, userId, role: "admin" });
        await ctx.db.insert("sessions", { sessionTokenHash: createHash("sha256").update(token).digest("hex"), userId, expires: Date.now() + 86_400_000 });
      }
    });
    return tokens;
  } finally {
    await engine.close();
  }
}

function pages(teamId: string): PortalPage[] {
  return [
    { live: "usage.live", input: { teamId, ...presetRange("7d", Date.now()) } },
    { live: "overview.live", input: { teamId } },
    { live: "apiKeys.live", input: { teamId } },
    { live: "audit.live", input: { teamId }, refetch: "audit.list" },
    { live: "webhooks.live", input: { teamId } },
  ];
}

/** Server CPU, as a share of one core, over `seconds` of no load. */
async function idleCore(server: ChildProcess, seconds: number): Promise<number> {
  const before = cpuSeconds(server);
  await sleep(seconds * 1000);
  return (cpuSeconds(server) - before) / seconds;
}

try {
  await buildIfStale();
  const { teamId, key, addresses } = await seed(dataDir);
  const tokens = await seedViewers(teamId, STREAMS);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startChild(children, [...(process.env.PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.PROF] : []), "--import", "tsx", "src/server.ts"], serverEnv(port, dataDir, { NEXTAUTH_URL: url, WEBHOOK_ALLOW_PRIVATE_URLS: "true" }), healthy, url);
  const jsonKey = { "Content-Type": "application/json", "X-API-Key": key };
  const verifySpec = { title: "verify", url: `${url}/api/v1/verify`, method: "POST" as const, headers: jsonKey, body: JSON.stringify({ agentAddress: addresses[0], requiredScore: 500 }) };
  const bare = await startBare(children, verifySpec, dataDir);

  const kinds = pages(teamId);
  let streams: PortalStream[] = [];
  const open = async () => {
    const started = performance.now();
    streams = tokens.map((token, i) => openPortalStream(url, `next-auth.session-token=${token}`, kinds[i % kinds.length]!));
    await Promise.all(streams.map((stream) => stream.opened));
    return performance.now() - started;
  };
  const close = async () => {
    for (const stream of streams) stream.close();
    await sleep(1_000);
  };
  const allStreams: PortalStream[] = [];

  await sleep(3_000);
  const idleWithout = await idleCore(server, IDLE_SECONDS);
  const openMs = await open();
  allStreams.push(...streams);
  await sleep(1_000);
  const idleWith = await idleCore(server, IDLE_SECONDS);

  const verify = (title: string) => load({ ...verifySpec, title }, server);
  const bare1 = await load({ ...verifySpec, title: "bare node http (same bytes)", url: `${bare.url}/api/v1/verify` }, bare.child);
  const on1 = await verify(`verify, ${STREAMS} streams open`);
  await close();
  const off1 = await verify("verify, no stream");
  const off2 = await verify("verify, no stream (again)");
  await open();
  allStreams.push(...streams);
  const on2 = await verify(`verify, ${STREAMS} streams (again)`);
  const on3 = await verify(`verify, ${STREAMS} streams (third)`);
  await close();
  const off3 = await verify("verify, no stream (third)");
  const bare2 = await load({ ...verifySpec, title: "bare node http (again)", url: `${bare.url}/api/v1/verify` }, bare.child);
  const on = [on1, on2, on3];
  const off = [off1, off2, off3];
  const bareRate = mean([bare1, bare2], (r) => r.reqPerSec);
  const cost = 1 - mean(on, (r) => r.reqPerSec) / mean(off, (r) => r.reqPerSec);
  const usageChangesUnderLoad = allStreams.filter((s) => s.page.live === "usage.live").reduce((n, s) => n + s.changes.length, 0);

  // Latency, under load: every watcher of the webhooks list and of the audit log sees each commit.
  await open();
  // The load runs in a worker thread, so this thread's event loop notes each pushed change as it arrives.
  const background = autocannon({ ...verifySpec, connections: CONNECTIONS, workers: 1, duration: (COMMITS * COMMIT_GAP_MS) / 1000 + 5 });
  await sleep(2_000);
  const sent: number[] = [];
  for (let i = 0; i < COMMITS / 2; i++) {
    sent.push(Date.now());
    const created = await fetch(`${url}/api/v1/webhooks`, { method: "POST", headers: jsonKey, body: JSON.stringify({ url: `http://127.0.0.1:9/hook-${i}`, events: ["webhook.test"] }) });
    if (created.status !== 201) throw new Error(`creating a webhook endpoint answered ${created.status}: ${await created.text()}`);
    const { webhook } = (await created.json()) as { webhook: { id: string } };
    await sleep(COMMIT_GAP_MS);
    sent.push(Date.now());
    const deleted = await fetch(`${url}/api/v1/webhooks/${webhook.id}`, { method: "DELETE", headers: { "X-API-Key": key } });
    if (deleted.status !== 204 && deleted.status !== 200) throw new Error(`deleting a webhook endpoint answered ${deleted.status}`);
    await sleep(COMMIT_GAP_MS);
  }
  sent.push(Date.now());
  await background;
  const latencies: number[] = [];
  let missed = 0;
  for (const stream of streams.filter((s) => s.page.live === "webhooks.live" || s.page.live === "audit.live")) {
    for (let i = 0; i < sent.length - 1; i++) {
      const arrival = stream.changes.find((at) => at >= sent[i]! && at < sent[i + 1]!);
      if (arrival === undefined) missed++;
      else latencies.push(arrival - sent[i]!);
    }
  }
  await close();
  allStreams.push(...streams);

  const errors = allStreams.flatMap((s) => s.errors);
  const refetches = allStreams.reduce((n, s) => n + s.refetches.made, 0);
  const refetchFailures = allStreams.reduce((n, s) => n + s.refetches.failed, 0);
  const medianMs = latencies.length ? quantile(latencies, 0.5) : Number.NaN;
  const idleExtra = idleWith - idleWithout;

  printResults([bare1, on1, off1, off2, on2, on3, off3, bare2], bare1);
  console.log(`\n${STREAMS} streams (${kinds.map((k) => k.live).join(", ")} in turn) opened in ${openMs.toFixed(0)} ms`);
  console.log(`idle server CPU: ${(idleWithout * 100).toFixed(2)} % of a core without streams, ${(idleWith * 100).toFixed(2)} % with ${STREAMS} open (target < +${TARGET_IDLE_CORE * 100} %)`);
  console.log(
    `verify/bare: ${(mean(off, (r) => r.reqPerSec) / bareRate).toFixed(3)} without streams, ${(mean(on, (r) => r.reqPerSec) / bareRate).toFixed(3)} with: ${(cost * 100).toFixed(1)} % lower (target < ${TARGET_COST * 100} %); main-thread CPU per verify ${mean(off, (r) => r.mainThreadCpuUsPerReq).toFixed(0)} → ${mean(on, (r) => r.mainThreadCpuUsPerReq).toFixed(0)} µs`,
  );
  console.log(`usage pages told of a change ${usageChangesUnderLoad} times under load; ${refetches} refetches in all, ${refetchFailures} failed; ${errors.length} stream errors`);
  console.log(`commit → pushed change, under load: median ${medianMs} ms, p90 ${quantile(latencies, 0.9)} ms, max ${Math.max(...latencies)} ms over ${latencies.length} pushes (${missed} missed) (target median < ${TARGET_MEDIAN_MS} ms)`);
  const pass =
    cost < TARGET_COST && medianMs < TARGET_MEDIAN_MS && idleExtra < TARGET_IDLE_CORE && missed === 0 && errors.length === 0 && refetchFailures === 0 && usageChangesUnderLoad > 0 && [...on, ...off].every((r) => r.errors === 0 && r.non2xx === 0);
  console.log(pass ? "PASS" : "FAIL");
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  writeFileSync(
    path.join(root, "bench", "results", "live.json"),
    JSON.stringify({ at: new Date().toISOString(), streams: STREAMS, openMs, idleWithout, idleWith, results: [bare1, on1, off1, off2, on2, on3, off3, bare2] satisfies Result[], cost, medianMs, latencies: latencies.length, missed, refetches, refetchFailures, usageChangesUnderLoad, errors: errors.slice(0, 10), pass }, null, 2),
  );
  process.exitCode = pass ? 0 : 1;
} finally {
  await stopChildren(children);
  rmSync(dataDir, { recursive: true, force: true });
}
