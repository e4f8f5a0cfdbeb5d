// Webhook bench (issue 6), run by `npm run bench` (or `npm run bench -- webhooks`), on the embedded engine in this
// process with its scheduler running, delivering to a receiver on 127.0.0.1:
//   (i)  event-to-first-attempt latency: an outbox event is committed, and the clock stops when the receiver has
//        the request (fan-out mutation, scheduled action, claim, signing, HTTP). One event at a time, p50/p95.
//        Target: p95 under 1 s.
//   (ii) deliveries per second: 1,000 events committed in batches of 100, until the receiver has them all.
// Writes bench/results/webhooks.json.
import http from "node:http";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import type { MutationCtx } from "../../convex/_generated/server";
import { enqueueWebhookEvent } from "../../convex/model/webhookOutbox";
import { openEngine } from "@/engine";
import { convexModules } from "@/server/backend/convexModules.generated";

const LATENCY_EVENTS = 200;
const THROUGHPUT_EVENTS = 1_000;
const BATCH = 100;
const TARGET_P95_MS = 1_000;
const SECRET = "bench-webhooks-server-secret";

process.env.GHOSTSPEAK_SERVER_SECRET = SECRET;
process.env.WEBHOOK_ENCRYPTION_KEY = Buffer.alloc(32, 9).toString("base64");
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";

/** First arrival time (performance.now) of each webhook-id. */
const arrivals = new Map<string, number>();
let waiting: { count: number; resolve: () => void } | null = null;
const receiver = http.createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    const id = String(request.headers["webhook-id"]);
    if (!arrivals.has(id)) arrivals.set(id, performance.now());
    response.end();
    if (waiting && arrivals.size >= waiting.count) waiting.resolve();
  });
});
const arrived = (count: number) =>
  arrivals.size >= count ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { count, resolve }));

const dir = mkdtempSync(join(tmpdir(), "bench-webhooks-"));
const engine = await openEngine({ dbPath: join(dir, "ghostspeak.db"), modules: convexModules, runScheduler: true });
try {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const { teamId } = (await engine.runMutation(api.teams.create, { name: "Bench", ownerEmail: "owner@bench.test", plan: "growth", serverSecret: SECRET })) as { teamId: Id<"teams"> };
  const ownerId = await engine.run(async (ctx) => (await ctx.db.query("members").collect())[0].userId as Id<"users">);
  await engine.runMutation(api.webhooks.create, { teamId, caller: { kind: "user", userId: ownerId }, url, events: ["score.updated"], serverSecret: SECRET });
  const enqueue = (count: number) =>
    engine.run(async (ctx) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        ids.push(await enqueueWebhookEvent(ctx as unknown as MutationCtx, { type: "score.updated", agentAddress: "bench", data: { i } }));
      }
      return ids;
    });

  // (i) one event at a time
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_EVENTS; i++) {
    const started = performance.now();
    const [id] = await enqueue(1);
    await arrived(arrivals.size + 1);
    latencies.push(arrivals.get(id)! - started);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  const latency = { events: LATENCY_EVENTS, p50Ms: round(pct(50)), p95Ms: round(pct(95)), maxMs: round(latencies.at(-1)!) };

  // (ii) a burst
  const before = arrivals.size;
  const started = performance.now();
  for (let sent = 0; sent < THROUGHPUT_EVENTS; sent += BATCH) await enqueue(BATCH);
  await arrived(before + THROUGHPUT_EVENTS);
  const seconds = (performance.now() - started) / 1000;
  const throughput = { events: THROUGHPUT_EVENTS, seconds: round(seconds), deliveriesPerSecond: round(THROUGHPUT_EVENTS / seconds) };

  const pass = latency.p95Ms < TARGET_P95_MS;
  console.table({ "event → first attempt": { ...latency, target: `p95 < ${TARGET_P95_MS} ms`, pass }, burst: throughput });
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/webhooks.json", JSON.stringify({ at: new Date().toISOString(), latency, throughput, targetP95Ms: TARGET_P95_MS, pass }, null, 2) + "\n");
  process.exitCode = pass ? 0 : 1;
} finally {
  await engine.close();
  receiver.closeAllConnections();
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
