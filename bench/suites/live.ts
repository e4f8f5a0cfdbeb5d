// npm run bench -- live: what live portal pages cost the public API, on one server, in one run.
// 500 portal streams (BENCH_LIVE_STREAMS) over a fifth as many teams, the loaded one among them: in each team five
// admins signed in, one on each of usage, overview, API keys, audit log and webhooks, each doing with a change
// what the browser does (the audit log refetches its pages; the others take the data the stream carries). Every stream is two live queries on the server (the page's and the viewer's
// membership).
//   idle         server CPU over BENCH_LIVE_IDLE_SECONDS (default 10) with no stream and with every stream open,
//                no load: target < 1 % of a core more
//   throughput   POST /api/v1/verify (the REST bench's load) without / with / with / without / without / with the
//                streams, and the bare server before and after: verify/bare falls by < 10 %
//   latency      under the same verify load, a webhook endpoint created and deleted over REST in five teams at
//                once, every 800 ms: from the request's start (so at least its commit) to the pushed change on
//                each of those teams' webhooks and audit streams, median < 200 ms
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
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { buildIfStale } from "../../scripts/lib/build";
import { percentileOf } from "../lib/measure";
import { openPortalStream, type PortalPage, type PortalStream } from "../lib/portalStream";
import { BENCH_SECRET, CONNECTIONS, cpuSeconds, healthy, load, mean, printResults, type Result, root, seed, serverEnv, startBare, startChild, stopChildren } from "../lib/restLoad";

const STREAMS = Number(process.env.BENCH_LIVE_STREAMS ?? 500);
const PROFILE_DIR = process.env.BENCH_LIVE_PROFILE;
const profile = PROFILE_DIR ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(PROFILE_DIR)] : [];
const IDLE_SECONDS = Number(process.env.BENCH_LIVE_IDLE_SECONDS ?? 10);
const COMMITS = 30;
const ROUND_TEAMS = 5;
/** Between two commits of the latency phase: longer than the debounce, so each is pushed on its own. */
const COMMIT_GAP_MS = 800;
const TARGET_COST = 0.1;
const TARGET_MEDIAN_MS = 200;
const TARGET_IDLE_CORE = 0.01;

const dataDir = mkdtempSync(path.join(tmpdir(), "bench-live-"));
const children: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A team with an API key and one signed-in admin per page (the session cookie's token; the adapter stores its SHA-256). */
type Watched = { teamId: string; key: string; viewers: string[] };

/** The loaded team and `count - 1` more, each with its viewers. */
async function seedTeams(loaded: { teamId: string; key: string }, count: number, viewersPerTeam: number): Promise<Watched[]> {
  const engine = await openEngine({ dbPath: path.join(dataDir, "ghostspeak.db"), modules: convexModules, runScheduler: false });
  try {
    const teams = [loaded];
    for (let t = 1; t < count; t++) {
      const { teamId } = await engine.runMutation(api.teams.create, { name: `Watched ${t}`, ownerEmail: `owner-${t}@bench.test`, serverSecret: BENCH_SECRET });
      const { key } = await engine.runMutation(api.apiKeys.create, { teamId, serverSecret: BENCH_SECRET });
      teams.push({ teamId, key: key as string });
    }
    const watched = teams.map((team) => ({ ...team, viewers: Array.from({ length: viewersPerTeam }, () => randomBytes(24).toString("base64url")) }));
    await engine.run(async (ctx) => {
      for (const [t, team] of watched.entries()) {
        for (const [i, token] of team.viewers.entries()) {
          const userId = await ctx.db.insert("users", { email: `viewer-${t}-${i}@bench.test`, signedUpAt: Date.now() });
          await ctx.db.insert("members", { teamId: team.teamId as Id<"teams">, userId, role: "admin" });
          await ctx.db.insert("sessions", { sessionTokenHash: createHash("sha256").update(token).digest("hex"), userId, expires: Date.now() + 86_400_000 });
        }
      }
    });
    return watched;
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

async function createEndpoint(url: string, key: string, round: number): Promise<string> {
  const created = await fetch(`${url}/api/v1/webhooks`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-API-Key": key },
    body: JSON.stringify({ url: `http://127.0.0.1:9/hook-${round}`, events: ["webhook.test"] }),
  });
  if (created.status !== 201) throw new Error(`creating a webhook endpoint answered ${created.status}: ${await created.text()}`);
  return ((await created.json()) as { webhook: { id: string } }).webhook.id;
}

async function deleteEndpoint(url: string, key: string, id: string): Promise<void> {
  const deleted = await fetch(`${url}/api/v1/webhooks/${id}`, { method: "DELETE", headers: { "X-API-Key": key } });
  if (deleted.status !== 204 && deleted.status !== 200) throw new Error(`deleting a webhook endpoint answered ${deleted.status}`);
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
  const watched = await seedTeams({ teamId, key }, Math.ceil(STREAMS / 5), 5);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startChild(children, [...profile, "--import", "tsx", "src/server.ts"], serverEnv(port, dataDir, { NEXTAUTH_URL: url, WEBHOOK_ALLOW_PRIVATE_URLS: "true" }), healthy, url);
  const jsonKey = { "Content-Type": "application/json", "X-API-Key": key };
  const verifySpec = { title: "verify", url: `${url}/api/v1/verify`, method: "POST" as const, headers: jsonKey, body: JSON.stringify({ agentAddress: addresses[0], requiredScore: 500 }) };
  const bare = await startBare(children, verifySpec, dataDir);

  let streams: PortalStream[] = [];
  const open = async () => {
    const started = performance.now();
    streams = watched.flatMap((team) => team.viewers.map((token, i) => openPortalStream(url, `next-auth.session-token=${token}`, pages(team.teamId)[i]!))).slice(0, STREAMS);
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

  // Latency, under load: in each round five teams' webhook lists and audit logs change, and their watchers see it.
  await open();
  // The load runs in a worker thread, so this thread's event loop notes each pushed change as it arrives.
  const background = autocannon({ ...verifySpec, connections: CONNECTIONS, workers: 1, duration: (COMMITS * COMMIT_GAP_MS) / 1000 + 5 });
  await sleep(2_000);
  const rounds: Array<{ at: number; teams: Set<string> }> = [];
  for (let r = 0; r < COMMITS / 2; r++) {
    const teams = Array.from({ length: ROUND_TEAMS }, (_, j) => watched[(r * ROUND_TEAMS + j) % watched.length]!);
    const changed = new Set(teams.map((team) => team.teamId));
    rounds.push({ at: Date.now(), teams: changed });
    const ids = await Promise.all(teams.map((team) => createEndpoint(url, team.key, r)));
    await sleep(COMMIT_GAP_MS);
    rounds.push({ at: Date.now(), teams: changed });
    await Promise.all(teams.map((team, j) => deleteEndpoint(url, team.key, ids[j]!)));
    await sleep(COMMIT_GAP_MS);
  }
  const ended = Date.now();
  await background;
  const latencies: number[] = [];
  let missed = 0;
  for (const stream of streams.filter((s) => s.page.live === "webhooks.live" || s.page.live === "audit.live")) {
    rounds.forEach((round, i) => {
      if (!round.teams.has(stream.page.input.teamId as string)) return;
      const until = rounds[i + 1]?.at ?? ended;
      const arrival = stream.changes.find((at) => at >= round.at && at < until);
      if (arrival === undefined) missed++;
      else latencies.push(arrival - round.at);
    });
  }
  await close();
  allStreams.push(...streams);

  const changesByPage = Object.fromEntries(pages(teamId).map((page) => [page.live, streams.filter((s) => s.page.live === page.live).reduce((n, s) => n + s.changes.length, 0)]));
  const errors = allStreams.flatMap((s) => s.errors);
  const refetches = allStreams.reduce((n, s) => n + s.refetches.made, 0);
  const refetchFailures = allStreams.reduce((n, s) => n + s.refetches.failed, 0);
  const medianMs = latencies.length ? percentileOf(latencies, 0.5) : Number.NaN;
  const idleExtra = idleWith - idleWithout;

  printResults([bare1, on1, off1, off2, on2, on3, off3, bare2], bare1);
  console.log(`\n${STREAMS} streams over ${watched.length} teams (${pages(teamId).map((k) => k.live).join(", ")}) opened in ${openMs.toFixed(0)} ms`);
  console.log(`idle server CPU: ${(idleWithout * 100).toFixed(2)} % of a core without streams, ${(idleWith * 100).toFixed(2)} % with ${STREAMS} open (target < +${TARGET_IDLE_CORE * 100} %)`);
  console.log(
    `verify/bare: ${(mean(off, (r) => r.reqPerSec) / bareRate).toFixed(3)} without streams, ${(mean(on, (r) => r.reqPerSec) / bareRate).toFixed(3)} with: ${(cost * 100).toFixed(1)} % lower (target < ${TARGET_COST * 100} %); main-thread CPU per verify ${mean(off, (r) => r.mainThreadCpuUsPerReq).toFixed(0)} → ${mean(on, (r) => r.mainThreadCpuUsPerReq).toFixed(0)} µs`,
  );
  console.log(`usage pages told of a change ${usageChangesUnderLoad} times under load; ${refetches} refetches in all, ${refetchFailures} failed; ${errors.length} stream errors`);
  console.log(`changes pushed during the latency phase, by page: ${JSON.stringify(changesByPage)}`);
  console.log(`commit → pushed change, under load: median ${medianMs} ms, p90 ${percentileOf(latencies, 0.9)} ms, max ${Math.max(...latencies)} ms over ${latencies.length} pushes (${missed} missed) (target median < ${TARGET_MEDIAN_MS} ms)`);
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
