// npm run bench -- scale (issue 13): every function the portal, the REST API, the crons and the CLI call, run on
// a fixture at the scale a Convex deployment must handle, within Convex's per-transaction limits; and the widest
// usage report beside a verify load without raising verify's p99 above 100 ms.
//
// The fixture (bench/lib/scaleFixture.ts): an enterprise team with 50 keys, 20 members and a year of usage (one call
// per key × priced endpoint every hour: 1,314,000 calls through the request path's recorder, rolled up by the
// usage roll-up), 200 other teams with 30 days of usage (60 linked to Stripe), 100,000 agents (the demo population of
// 10,000 seeded as the CLI does, 90,000 more rows), 500 webhook endpoints on every agent, 45 days of webhook
// history, and a "history" team with what years leave behind (18,250 rotated and 5,000 revoked keys, 5,000 old
// invites, 40,000 audit rows, a user with 17,520 sessions). Then a 10,000-signal ingestion through the ingestion
// path's chunks (src/server/signals/chunks.ts), the webhook fan-out it causes for a bounded number of runs (until 20,000 deliveries exist, of the
// ~millions it would make), and every function with realistic arguments, the reads while 3,000 fresh calls wait
// for the roll-up (readers add that tail). Every transaction's statistics (onTransaction) are kept per function:
// the table shows the largest of each figure against DEFAULT_LIMITS. The p99 part runs the engine on a thread of
// its own, as the server does (bench/lib/engineThread.ts), with verify calls coalesced as the REST layer does.
//
// Fails (exit code 1) when any transaction failed (a TransactionLimitError or any other error) or verify's p99
// beside the report is above 100 ms. Writes bench/results/scale.json.
// BENCH_SCALE_DIR=<dir>: keep the built fixture there (fixture.db, fixture.json) and reuse it on the next run.
// BENCH_SCALE_HOURS / _AGENTS / _DEMO_AGENTS / _ENDPOINTS / _TEAMS shrink the fixture for a quick try.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { getFunctionName } from "convex/server";
import { api, internal } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { demoAgentAddress } from "../../convex/lib/demoPopulation";
import type { SignalInput } from "../../convex/lib/signalInput";
import { MAX_CALLS_PER_MUTATION } from "../../convex/verify";
import { openEngineThread } from "../lib/engineThread";
import { percentile } from "../lib/measure";
import { buildFixture, DAY_MS, HOUR_MS, randomKey, runPendingJobs, type ScaleFixture, sha256, SIZES, startReceiver, takeContinuation } from "../lib/scaleFixture";
import { figuresTable, TxnRecorder } from "../lib/txnStats";
import { DEFAULT_LIMITS, openEngine, type Engine } from "@/engine";
import type { Backend } from "@/server/backend";
import { convexModules } from "@/server/backend/convexModules.generated";
import { backendOverEngine } from "@/server/backend/embedded";
import { coalesce } from "@/server/rest/api/coalesce";
import { batching } from "@/server/rest/api/rateLimitCache";
import { CHUNK_SIZE, sendInChunks } from "@/server/signals/chunks";
import { IngestTally } from "@/server/signals/tally";

const SECRET = (process.env.GHOSTSPEAK_SERVER_SECRET ??= "bench-scale-server-secret");
process.env.WEBHOOK_ENCRYPTION_KEY ??= randomKey();
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";
for (const name of ["SMTP_URL", "EMAIL_FROM", "STRIPE_SECRET_KEY", "CONVEX_URL"]) delete process.env[name];

const INGEST_SIGNALS = 10_000;
const DELIVERIES_TARGET = 20_000;
const ATTEMPTED_DELIVERIES = 300;
const UNCOUNTED_TAIL = 3_000;
const CONTINUATION_PAGES = 20;
const P99_TARGET_MS = 100;
const CLIENTS = 50;
const ROUND_MS = Number(process.env.BENCH_SCALE_ROUND_MS ?? 10_000);
const ROUNDS = 3;

const secret = <A extends object>(args: A) => ({ ...args, serverSecret: SECRET });
const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

const recorder = new TxnRecorder();
const keepDir = process.env.BENCH_SCALE_DIR;
const workDir = mkdtempSync(path.join(tmpdir(), "bench-scale-"));
const dbPath = path.join(workDir, "ghostspeak.db");
process.env.DATA_DIR = workDir;

const open = () => openEngine({ dbPath, modules: convexModules, runScheduler: false, onTransaction: recorder.add, onWarning: recorder.warn });

// ── The fixture: built, or copied from BENCH_SCALE_DIR ────────────────────────────────────────────────────
let fixture: ScaleFixture;
const receiver = await startReceiver();
if (keepDir && existsSync(path.join(keepDir, "fixture.json"))) {
  fixture = JSON.parse(readFileSync(path.join(keepDir, "fixture.json"), "utf8")) as ScaleFixture;
  copyFileSync(path.join(keepDir, "fixture.db"), dbPath);
  process.env.WEBHOOK_ENCRYPTION_KEY = readFileSync(path.join(keepDir, "webhook.key"), "utf8");
  log(`fixture reused from ${keepDir} (built ${new Date(fixture.builtAt).toISOString()})`);
} else {
  const engine = await open();
  try {
    fixture = await buildFixture(engine, secret, log, receiver.port);
  } finally {
    await engine.close();
  }
  if (keepDir) {
    mkdirSync(keepDir, { recursive: true });
    copyFileSync(dbPath, path.join(keepDir, "fixture.db"));
    writeFileSync(path.join(keepDir, "fixture.json"), JSON.stringify(fixture, null, 2));
    writeFileSync(path.join(keepDir, "webhook.key"), process.env.WEBHOOK_ENCRYPTION_KEY!);
  }
}
const buildSeconds = (performance.now() - started) / 1000;
const E = fixture.enterprise;
const H = fixture.history;
const addresses = Array.from({ length: 2_000 }, (_, i) => demoAgentAddress((i * 7_919 + 11) % fixture.agents));

// ── Calls: every failure is recorded (the transaction's own stats say so too) and the run goes on ──────────
let engine: Engine = await open();
const name = (ref: any) => (typeof ref === "string" ? ref : getFunctionName(ref));
async function attempt<T>(ref: any, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    recorder.callFailed(name(ref), error);
    log(`  FAILED ${name(ref)}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
const pub = {
  query: (ref: any, args: object) => attempt(ref, () => engine.runQuery(ref, secret(args))),
  mutation: (ref: any, args: object) => attempt(ref, () => engine.runMutation(ref, secret(args))),
  action: (ref: any, args: object) => attempt(ref, () => engine.runAction(ref, secret(args))),
};
const int = {
  query: (ref: any, args: object) => attempt(ref, () => engine.runQuery(ref, args as Record<string, unknown>)),
  mutation: (ref: any, args: object) => attempt(ref, () => engine.runMutation(ref, args as Record<string, unknown>)),
  action: (ref: any, args: object) => attempt(ref, () => engine.runAction(ref, args as Record<string, unknown>)),
};
/** Runs a self-continuing function: the first call, then up to `pages` of the continuations it schedules. */
async function withContinuations(ref: any, args: object, pages: number): Promise<number> {
  let ran = 0;
  let next: Record<string, unknown> | null = args as Record<string, unknown>;
  while (next !== null && ran <= pages) {
    await int.mutation(ref, next);
    ran++;
    next = await takeContinuation(engine, name(ref));
  }
  return ran;
}
let requestSeq = 0;
const request = (keyHash: string) => ({ keyHash, requestId: `scale-${requestSeq++}`, receivedAt: Date.now() });
const rollUp = async () => {
  await new Promise((resolve) => setTimeout(resolve, 1_005));
  let runs = 0;
  while ((await int.mutation(internal.usageRollup.run, {}))?.more) runs++;
  return runs + 1;
};

const phases: Record<string, number> = {};
const phase = async (title: string, fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  log(title);
  await fn();
  phases[title] = Math.round((performance.now() - t0) / 100) / 10;
};

const counts: Record<string, number> = {};
// ── Ingestion: 10,000 signals through the ingestion path's chunks ─────────────────────────────────────────
await phase(`ingestion: ${INGEST_SIGNALS.toLocaleString("en-US")} signals on 5,000 agents through signals.ingest in ${CHUNK_SIZE}-signal chunks`, async () => {
  const backend: Backend = backendOverEngine(engine, secret as <A extends object>(args: A) => never);
  const now = Date.now();
  const agents = Array.from({ length: INGEST_SIGNALS / 2 }, (_, i) => demoAgentAddress((i * 7_919 + 13) % fixture.agents));
  const signals: SignalInput[] = [
    ...agents.map((agentAddress, i): SignalInput => ({ line: i + 1, id: `scale-job-${i}`, agentAddress, type: "job", at: now - (i % 600) * 60_000, success: i % 7 !== 0, responseTimeMs: 200 + ((i * 37) % 4_000), amountMicroUsd: 2_500_000 })),
    ...agents.map((agentAddress, i): SignalInput => ({ line: agents.length + i + 1, id: `scale-review-${i}`, agentAddress, type: "review", at: now - (i % 600) * 60_000, rating: 1 + (i % 5) })),
  ];
  const tally = new IngestTally();
  await attempt(api.signals.ingest, () => sendInChunks(backend, tally, signals));
  const summary = tally.summary();
  counts.signalsAccepted = summary.accepted;
  counts.agentsUpdated = summary.agentsUpdated;
  log(`  accepted ${summary.accepted}, duplicates ${summary.duplicates}, rejected ${summary.rejected}, agents ${summary.agentsUpdated}`);
});

await phase(`webhook fan-out: dispatchPending until ${DELIVERIES_TARGET.toLocaleString("en-US")} deliveries exist (of the millions the events would make)`, async () => {
  counts.pendingEvents = await engine.run(async (ctx) => (await ctx.db.query("webhookEvents").withIndex("by_status", (q) => q.eq("status", "pending")).take(16_000)).length);
  let deliveries = 0;
  let runs = 0;
  while (deliveries < DELIVERIES_TARGET && runs < 1_000) {
    const result = await int.mutation(internal.webhookDispatch.dispatchPending, {});
    runs++;
    if (!result || (result.deliveries === 0 && result.events === 0)) break;
    deliveries += result.deliveries;
  }
  counts.dispatchRuns = runs;
  counts.deliveriesCreated = deliveries;
  log(`  ${counts.pendingEvents} pending events × ${E.endpointIds.length} endpoints; ${runs} runs made ${deliveries} deliveries`);
});

await phase(`webhook deliveries: ${ATTEMPTED_DELIVERIES} attempts through webhookDelivery.deliver (claim, POST to 127.0.0.1, recordAttempt)`, async () => {
  const ids = await engine.run(async (ctx) =>
    (await ctx.db.query("webhookDeliveries").withIndex("by_status_next_attempt", (q) => q.eq("status", "pending")).order("desc").take(ATTEMPTED_DELIVERIES)).map((d) => d._id),
  );
  for (let i = 0; i < ids.length; i += 10) await Promise.all(ids.slice(i, i + 10).map((deliveryId) => int.action(internal.webhookDelivery.deliver, { deliveryId })));
  counts.receiverRequests = receiver.requests();
});

// ── A tail of fresh calls the roll-up has not counted: every reader adds it ───────────────────────────────
await phase(`REST calls: ${UNCOUNTED_TAIL.toLocaleString("en-US")} verify calls in batches of ${MAX_CALLS_PER_MUTATION} (left uncounted), score, batch, usage, idempotent replays`, async () => {
  for (let i = 0; i < UNCOUNTED_TAIL; i += MAX_CALLS_PER_MUTATION) {
    const calls = Array.from({ length: Math.min(MAX_CALLS_PER_MUTATION, UNCOUNTED_TAIL - i) }, (_, j) => ({
      ...request(E.keys[(i + j) % E.keys.length]!.keyHash),
      agentAddress: addresses[(i + j) % addresses.length]!,
      requiredScore: 500,
      returnMetrics: j % 4 === 0,
      ...(j % 16 === 0 ? { idempotency: { key: `tail-${i + j}`, requestHash: sha256(`body-${i + j}`) } } : {}),
    }));
    await pub.mutation(api.verify.verify, { calls });
  }
  await pub.mutation(api.verify.score, { calls: addresses.slice(0, MAX_CALLS_PER_MUTATION).map((agentAddress, j) => ({ ...request(E.keys[j % E.keys.length]!.keyHash), agentAddress, ...(j % 2 ? { ifNoneMatch: 'W/"stale"' } : {}) })) });
  await pub.mutation(api.verify.batch, { ...request(E.keys[0]!.keyHash), agents: addresses.slice(0, 100), requiredScore: 600 });
  await pub.mutation(api.verify.batch, { ...request(E.keys[1]!.keyHash), agents: addresses.slice(100, 200), idempotency: { key: "batch-1", requestHash: sha256("batch-1") } });
  await pub.mutation(api.verify.batch, { ...request(E.keys[1]!.keyHash), agents: addresses.slice(100, 200), idempotency: { key: "batch-1", requestHash: sha256("batch-1") } });
  await pub.mutation(api.usage.recordServerError, { ...request(E.keys[2]!.keyHash), endpoint: "/api/v1/verify", method: "POST" });
});

// ── Reads: the portal, the REST API, the operator dashboard and metrics, with the uncounted tail ───────────
const now = Date.now();
const hourEnd = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
const dayStart = Math.floor(now / DAY_MS) * DAY_MS;
const reportRanges = {
  day: { from: hourEnd - 366 * DAY_MS, to: hourEnd, granularity: "day" as const },
  hour: { from: hourEnd - 31 * DAY_MS, to: hourEnd, granularity: "hour" as const },
};
await phase("reads: portal, REST, operator dashboard, metrics", async () => {
  const owner = { teamId: E.teamId, actingUserId: E.ownerId };
  await pub.query(api.system.health, {});
  await pub.query(api.teams.listForUser, { userId: E.ownerId });
  await pub.query(api.teams.getMembership, { userId: E.ownerId, teamId: E.teamId });
  await pub.query(api.members.list, owner);
  await pub.query(api.members.list, { teamId: H.teamId, actingUserId: H.ownerId });
  await pub.query(api.invites.list, owner);
  await pub.query(api.invites.list, { teamId: H.teamId, actingUserId: H.ownerId });
  await pub.query(api.invites.preview, { tokenHash: sha256("enterprise-pending-0") });
  await pub.query(api.apiKeys.list, owner);
  await pub.query(api.apiKeys.list, { teamId: E.teamId });
  await pub.query(api.apiKeys.list, { teamId: H.teamId, actingUserId: H.ownerId });
  const page = { numItems: 25, cursor: null };
  const first = await pub.query(api.auditLog.list, { ...owner, paginationOpts: page });
  if (first && !first.isDone) await pub.query(api.auditLog.list, { ...owner, paginationOpts: { numItems: 100, cursor: first.continueCursor } });
  await pub.query(api.auditLog.list, { ...owner, action: "webhook.create", paginationOpts: page });
  await pub.query(api.auditLog.list, { ...owner, actorUserId: E.ownerId, paginationOpts: page });
  await pub.query(api.auditLog.list, { teamId: H.teamId, actingUserId: H.ownerId, actorUserId: H.adminId, paginationOpts: page });
  // Both filters: the rare action of a busy actor.
  await pub.query(api.auditLog.list, { teamId: H.teamId, actingUserId: H.ownerId, actorUserId: H.adminId, action: "member.role_change", paginationOpts: { numItems: 100, cursor: null } });
  await pub.query(api.billing.overview, { ...owner, withStripe: true });
  await pub.query(api.billing.overview, { teamId: E.teamId, actingUserId: E.billingId });
  const growth = fixture.others.find((t) => t.plan === "growth")!;
  await pub.query(api.billing.overview, { teamId: growth.teamId, actingUserId: growth.ownerId });
  await pub.query(api.overview.get, owner);
  await pub.query(api.overview.get, { teamId: E.teamId, actingUserId: E.billingId });
  await pub.query(api.overview.get, { teamId: H.teamId, actingUserId: H.ownerId });
  const key0 = E.keys[0]!.keyId;
  await pub.query(api.usageCharts.chart, { ...owner, from: dayStart - 92 * DAY_MS, to: dayStart + DAY_MS, granularity: "day" });
  await pub.query(api.usageCharts.chart, { ...owner, from: hourEnd - 31 * DAY_MS, to: hourEnd, granularity: "hour" });
  await pub.query(api.usageCharts.chart, { ...owner, from: dayStart - 92 * DAY_MS, to: dayStart + DAY_MS, granularity: "day", apiKeyId: key0 });
  await pub.query(api.usageCharts.chart, { ...owner, from: hourEnd - 31 * DAY_MS, to: hourEnd, granularity: "hour", apiKeyId: key0 });
  const caller = { kind: "user", userId: E.ownerId };
  await pub.query(api.webhooks.list, { teamId: E.teamId, caller });
  await pub.query(api.webhooks.get, { teamId: E.teamId, caller, endpointId: E.endpointIds[0]! });
  await pub.query(api.webhooks.get, { teamId: E.teamId, caller, endpointId: E.endpointIds[9]! });
  await int.query(internal.stripeCustomers.portalTarget, owner);
  const startup = fixture.others.find((t) => t.plan === "startup")!;
  await int.query(internal.stripeCustomers.planChangeTarget, { teamId: startup.teamId, actingUserId: startup.ownerId, plan: "growth" });
  await pub.query(api.devOutbox.list, {});
  await pub.query(api.devOutbox.list, { limit: 200 });
  await pub.query(api.auth.getUser, { id: E.ownerId });
  await pub.query(api.auth.getUserByEmail, { email: "owner@enterprise.scale.test" });
  await pub.query(api.auth.getUserByAccount, { provider: "github", providerAccountId: "12345" });
  await pub.query(api.auth.getSessionAndUser, { sessionTokenHash: sha256("history-session-17000") });
  for (const window of ["24h", "7d", "30d"] as const) {
    await pub.query(api.operatorMetrics.api, { window });
    await pub.query(api.operatorMetrics.webhooks, { window });
    await pub.query(api.operatorMetrics.business, { window });
    await pub.query(api.operatorMetrics.teams, { window });
  }
  await pub.query(api.platformMetrics.snapshot, {});
  for (const range of Object.values(reportRanges)) {
    await pub.query(api.usage.report, { keyHash: E.keys[3]!.keyHash, ...range });
    await pub.mutation(api.usage.recordCall, request(E.keys[3]!.keyHash));
  }
  const restKey = E.keys[4]!.keyHash;
  await pub.mutation(api.webhooksApi.list, request(restKey));
  await pub.mutation(api.webhooksApi.get, { ...request(restKey), id: E.endpointIds[1]! });
});

// ── Changes: the portal's, the REST API's and the CLI's mutations ──────────────────────────────────────────
await phase("changes: teams, members, invites, keys, billing, Stripe, webhooks, agents, auth", async () => {
  const owner = { teamId: E.teamId, actingUserId: E.ownerId };
  const member = E.memberIds[5]!;
  await pub.mutation(api.teams.rename, { ...owner, name: "Scale Enterprise Inc" });
  await pub.mutation(api.teams.rename, { ...owner, name: E.name });
  await pub.mutation(api.teams.createForUser, { userId: member, name: "Side project" });
  await pub.mutation(api.teams.transferOwnership, { teamId: H.teamId, actingUserId: H.ownerId, newOwnerUserId: H.adminId });
  await pub.mutation(api.teams.transferOwnership, { teamId: H.teamId, actingUserId: H.adminId, newOwnerUserId: H.ownerId });
  await pub.mutation(api.members.changeRole, { ...owner, userId: member, role: "admin" });
  await pub.mutation(api.members.changeRole, { ...owner, userId: member, role: "member" });
  await pub.mutation(api.members.remove, { ...owner, userId: E.memberIds[14]! });
  const invite = await pub.mutation(api.invites.create, { ...owner, email: "new@enterprise.scale.test", role: "member", tokenHash: sha256("new-invite") });
  if (invite) {
    await pub.mutation(api.invites.resend, { ...owner, inviteId: invite.inviteId, tokenHash: sha256("new-invite-2") });
    await pub.mutation(api.invites.revoke, { ...owner, inviteId: invite.inviteId });
  }
  await pub.mutation(api.invites.create, { teamId: H.teamId, actingUserId: H.ownerId, email: "joiner@history.scale.test", role: "member", tokenHash: sha256("history-joiner") });
  const joiner = await pub.mutation(api.auth.createUser, { email: "joiner@history.scale.test", name: "Joiner", emailVerified: null });
  if (joiner) await pub.mutation(api.invites.accept, { tokenHash: sha256("history-joiner"), userId: joiner.id });
  // Keys: the portal (a user), the CLI (an operator), on the long-lived team too.
  const made = await pub.mutation(api.apiKeys.create, { teamId: E.teamId, name: "ci", createdByUserId: E.ownerId });
  if (made) {
    await pub.mutation(api.apiKeys.update, { keyId: made.keyId, actingUserId: E.ownerId, name: "ci runner", rateLimit: 500 });
    const rotated = await pub.mutation(api.apiKeys.rotate, { keyId: made.keyId, gracePeriod: "1h", actingUserId: E.ownerId, teamId: E.teamId });
    if (rotated) await pub.mutation(api.apiKeys.revoke, { keyId: rotated.keyId });
  }
  const historyKey = await pub.mutation(api.apiKeys.create, { teamId: H.teamId, name: "deploy", createdByUserId: H.ownerId });
  await pub.mutation(api.apiKeys.rotate, { keyId: historyKey?.keyId ?? H.activeKeyIds[0]!, gracePeriod: "15m" });
  // Billing, locally and through Stripe's webhook and the Stripe actions' own functions.
  const local = (plan: string) => fixture.others.find((t) => t.plan === plan && !t.stripe) ?? fixture.others.find((t) => t.plan === plan)!;
  const growth = local("growth");
  const startup = local("startup");
  await pub.mutation(api.billing.setSpendCap, { teamId: growth.teamId, actingUserId: growth.ownerId, spendCapMicroUsd: 2_000_000_000 });
  await pub.mutation(api.billing.changePlan, { teamId: startup.teamId, actingUserId: startup.ownerId, plan: "growth" });
  await int.mutation(internal.stripeCustomers.saveCustomer, { teamId: startup.teamId, customerId: "cus_scale_new" });
  await int.mutation(internal.stripeCustomers.recordPlanChangeRequest, { teamId: startup.teamId, actingUserId: startup.ownerId, from: "growth", to: "startup", via: "switch" });
  const month = { start: Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() - 1, 1), end: Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1) };
  const invoice = (invoiceId: string, status: "finalized" | "paid") => ({
    invoiceId,
    status,
    periodStart: month.start,
    periodEnd: month.end,
    subtotalMicroUsd: 549_000_000,
    totalMicroUsd: 549_000_000,
    lines: [{ priceId: "price_growth", amountMicroUsd: 499_000_000, quantity: 1 }, { priceId: "price_usage", amountMicroUsd: 50_000_000 }],
    plan: "growth" as const,
    hostedInvoiceUrl: "https://invoice.stripe.test/in_scale_1",
    finalizedAt: month.end,
  });
  const stripeTeam = fixture.others.find((t) => t.stripe && t.plan === "growth")!;
  const customerId = `cus_scale_${String(fixture.others.indexOf(stripeTeam)).padStart(4, "0")}`;
  await pub.mutation(api.stripeWebhook.apply, { eventId: "evt_scale_invoice", type: "invoice.finalized", change: { kind: "invoice", customerId, invoice: invoice("in_scale_1", "finalized") } });
  await pub.mutation(api.stripeWebhook.apply, { eventId: "evt_scale_paid", type: "invoice.paid", change: { kind: "paid", customerId, invoice: invoice("in_scale_1", "paid") } });
  await pub.mutation(api.stripeWebhook.apply, { eventId: "evt_scale_sub", type: "customer.subscription.updated", change: { kind: "subscription", customerId, subscriptionId: "sub_scale_x", pastDue: false, plan: "growth" } });
  await pub.mutation(api.stripeWebhook.apply, { eventId: "evt_scale_ignored", type: "charge.succeeded", change: { kind: "ignored" } });
  // Webhooks: the portal's and the REST API's changes; the largest subscription rewrite (1,000 agents × 4 types).
  const caller = { kind: "user", userId: E.ownerId };
  const target = { teamId: E.teamId, caller };
  await pub.mutation(api.webhooks.update, { teamId: fixture.filtered.teamId, caller: { kind: "user", userId: fixture.filtered.ownerId }, endpointId: fixture.filtered.endpointId, agentAddresses: Array.from({ length: 1_000 }, (_, i) => demoAgentAddress(50_000 + i)) });
  await pub.mutation(api.webhooks.update, { ...target, endpointId: E.endpointIds[2]!, status: "disabled" });
  await pub.mutation(api.webhooks.update, { ...target, endpointId: E.endpointIds[2]!, status: "active", description: "back on" });
  await pub.mutation(api.webhooks.rotateSecret, { ...target, endpointId: E.endpointIds[3]! });
  await pub.mutation(api.webhooks.revealSecret, { teamId: E.teamId, userId: E.ownerId, endpointId: E.endpointIds[3]! });
  await pub.mutation(api.webhooks.sendTest, { ...target, endpointId: E.endpointIds[4]! });
  const failed = await engine.run(async (ctx) =>
    ctx.db
      .query("webhookDeliveries")
      .withIndex("by_endpoint_status_updated", (q: any) => q.eq("endpointId", E.endpointIds[5]!).eq("status", "failed"))
      .first(),
  );
  if (failed) await pub.mutation(api.webhooks.redeliver, { ...target, deliveryId: failed._id });
  await pub.mutation(api.webhooks.replayFailed, { ...target, endpointId: E.endpointIds[6]!, since: now - 30 * DAY_MS });
  const temp = await pub.mutation(api.webhooks.create, { ...target, url: `http://127.0.0.1:${receiver.port}/temp`, events: ["usage.threshold"] });
  if (temp) await pub.mutation(api.webhooks.remove, { ...target, endpointId: temp.webhook.id });
  const restKey = E.keys[4]!.keyHash;
  const created = await pub.mutation(api.webhooksApi.create, { ...request(restKey), url: `http://127.0.0.1:${receiver.port}/rest`, events: ["score.updated"] });
  const restId = (created?.body as { webhook?: { id: string } } | undefined)?.webhook?.id;
  if (restId) {
    await pub.mutation(api.webhooksApi.sendTest, { ...request(restKey), id: restId });
    await pub.mutation(api.webhooksApi.rotateSecret, { ...request(restKey), id: restId });
    await pub.mutation(api.webhooksApi.remove, { ...request(restKey), id: restId });
  }
  // The CLI: agents, teams, the demo (idempotent reseed).
  await pub.mutation(api.agentFlags.flag, { address: addresses[0]!, reason: "Under review (scale bench)" });
  await pub.mutation(api.agentFlags.unflag, { address: addresses[0]! });
  const sample = fixture.others[SIZES.otherTeams - 1]!;
  await pub.mutation(api.teamAdmin.disable, { teamId: sample.teamId, reason: "scale bench" });
  await pub.mutation(api.teamAdmin.enable, { teamId: sample.teamId });
  await pub.mutation(api.teamAdmin.setLimits, { teamId: E.teamId, rateLimitPerMinute: 10_000_000 });
  await pub.mutation(api.demo.seed, {});
  await pub.action(api.demo.seedAgents, { agents: 2_000 });
  // next-auth's adapter: sign-in by magic link and by OAuth, sessions.
  await pub.mutation(api.devOutbox.add, { to: "someone@example.test", subject: "Sign in", bodyCiphertext: "v1.sealed.link" });
  await pub.mutation(api.signInMail.allow, { addressHash: "a".repeat(64), clientHash: "b".repeat(64) });
  const user = await pub.mutation(api.auth.createUser, { email: "newcomer@example.test", name: null, image: null, emailVerified: null });
  if (user) {
    await pub.mutation(api.auth.updateUser, { id: user.id, name: "Newcomer", emailVerified: now });
    await pub.mutation(api.auth.linkAccount, { userId: user.id, type: "oauth", provider: "github", providerAccountId: "scale-1" });
    await pub.mutation(api.auth.createSession, { sessionTokenHash: sha256("newcomer-session"), userId: user.id, expires: now + 30 * DAY_MS });
    await pub.query(api.auth.getSessionAndUser, { sessionTokenHash: sha256("newcomer-session") });
    await pub.mutation(api.auth.updateSession, { sessionTokenHash: sha256("newcomer-session"), expires: now + 31 * DAY_MS });
    await pub.mutation(api.auth.deleteSession, { sessionTokenHash: sha256("newcomer-session") });
    await pub.mutation(api.auth.unlinkAccount, { provider: "github", providerAccountId: "scale-1" });
  }
  await pub.mutation(api.auth.createVerificationToken, { identifier: "newcomer@example.test", tokenHash: sha256("magic"), expires: now + DAY_MS });
  await pub.mutation(api.auth.useVerificationToken, { identifier: "newcomer@example.test", tokenHash: sha256("magic") });
});

// ── Crons and scheduled jobs ──────────────────────────────────────────────────────────────────────────────
await phase(`crons and jobs (self-continuing ones for at most ${CONTINUATION_PAGES} continuations)`, async () => {
  counts.rollupRuns = await rollUp();
  counts.thresholdMails = await runPendingJobs(engine, "usageThresholdMail:notify", 100);
  await int.mutation(internal.usageThresholdMail.notify, { teamId: E.teamId, plan: "enterprise", threshold: 80, periodStart: Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1), usageMicroUsd: 80_000_000, includedMicroUsd: 100_000_000 });
  counts.retentionPages = await withContinuations(internal.usageRetention.purgeOldEvents, {}, CONTINUATION_PAGES);
  counts.idempotencyPages = await withContinuations(internal.idempotency.purgeExpired, {}, CONTINUATION_PAGES);
  await withContinuations(internal.devOutbox.purgeExpired, {}, CONTINUATION_PAGES);
  await withContinuations(internal.signInMail.purgeStale, {}, CONTINUATION_PAGES);
  counts.decayPages = await withContinuations(internal.scoreDecay.recomputePage, {}, CONTINUATION_PAGES);
  await int.mutation(internal.webhookDispatch.runDue, {});
  counts.cleanupRuns = await withContinuations(internal.webhookDispatch.cleanup, {}, CONTINUATION_PAGES);
  // The hourly Stripe sync's database side (the action itself does nothing without STRIPE_SECRET_KEY).
  await int.action(internal.stripeMeterSync.sync, {});
  let cursor: string | undefined;
  let queuePages = 0;
  for (;;) {
    const page = await int.mutation(internal.stripeMeter.queueReports, cursor === undefined ? {} : { afterCustomerId: cursor });
    queuePages++;
    if (!page || page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  counts.meterQueuePages = queuePages;
  await int.mutation(internal.stripeMeter.expireOverdue, {});
  const due = (await int.query(internal.stripeMeter.dueReports, { limit: 100, skip: [] })) ?? [];
  counts.meterReportsDue = due.length;
  for (const [i, report] of due.slice(0, 10).entries()) await int.mutation(internal.stripeMeter.recordSend, { reportId: report.id, ...(i % 3 === 2 ? { error: "Stripe is down" } : {}) });
  await int.mutation(internal.webhookDispatch.dispatchPending, {});
});

await engine.close();

// ── Verify's p99 beside the widest usage report, with the engine on its own thread ────────────────────────
type Latencies = { calls: number; p50: number; p99: number; max: number };
const summarize = (samples: number[]): Latencies => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { calls: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? 0 };
};
type Round = { report: boolean; verify: Latencies; reports?: Latencies; engineTime: Record<string, { transactions: number; meanMs: number; maxMs: number }>; loadAverage: number };
const latency: { without: number[]; with: number[]; reports: number[]; rounds: Round[] } = { without: [], with: [], reports: [], rounds: [] };
await phase(`p99: verify (${CLIENTS} in flight through the coalescer) alone and beside the widest usage report, ${ROUNDS} rounds of ${ROUND_MS / 1000} s each, engine on its own thread`, async () => {
  const thread = await openEngineThread(dbPath);
  try {
    type VerifyCall = (typeof api.verify.verify)["_args"]["calls"][number];
    const coalesced = coalesce<VerifyCall, { status: number }>(async (calls) => thread.mutation("verify:verify", secret({ calls })), MAX_CALLS_PER_MUTATION, batching("embedded"));
    const turns = (n: number) => new Promise<void>((resolve) => (n === 0 ? resolve() : setImmediate(() => void turns(n - 1).then(resolve))));
    let stopRollup = false;
    // The roll-up cron: every second, again at once while behind.
    const rollup = (async () => {
      while (!stopRollup) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        try {
          while ((await thread.mutation("usageRollup:run", {})).more && !stopRollup);
        } catch (error) {
          recorder.callFailed("usageRollup:run", error);
        }
      }
    })();
    const load = async (ms: number, withReport: boolean, record: boolean) => {
      const samples: number[] = [];
      const reports: number[] = [];
      const until = performance.now() + ms;
      let seq = 0;
      const clients = Array.from({ length: CLIENTS }, async (_, client) => {
        while (performance.now() < until) {
          const i = seq++;
          const t0 = performance.now();
          try {
            await coalesced({ keyHash: E.keys[i % E.keys.length]!.keyHash, requestId: `p99-${client}-${i}`, receivedAt: Date.now(), agentAddress: addresses[i % addresses.length]!, requiredScore: 500 });
          } catch (error) {
            recorder.callFailed("verify:verify", error);
          }
          samples.push(performance.now() - t0);
          await turns(Math.floor(Math.random() * 4));
        }
      });
      // The usage endpoint as the REST route runs it: the report query, then the recording mutation.
      const reporter = withReport
        ? (async () => {
            let n = 0;
            while (performance.now() < until) {
              const range = n++ % 2 === 0 ? reportRanges.day : reportRanges.hour;
              const keyHash = E.keys[n % E.keys.length]!.keyHash;
              const t0 = performance.now();
              try {
                await thread.query("usage:report", secret({ keyHash, ...range }));
                await thread.mutation("usage:recordCall", secret({ keyHash, requestId: `p99-report-${n}`, receivedAt: Date.now() }));
              } catch (error) {
                recorder.callFailed("usage:report", error);
              }
              reports.push(performance.now() - t0);
            }
          })()
        : Promise.resolve();
      await Promise.all([...clients, reporter]);
      // The engine thread's transactions of the round: how long each kind held the thread.
      const engineTime: Record<string, { transactions: number; meanMs: number; maxMs: number }> = {};
      for (const stats of await thread.stats()) {
        recorder.add(stats);
        const e = (engineTime[stats.udfPath] ??= { transactions: 0, meanMs: 0, maxMs: 0 });
        e.meanMs = (e.meanMs * e.transactions + stats.executionMs) / (e.transactions + 1);
        e.transactions++;
        e.maxMs = Math.max(e.maxMs, stats.executionMs);
      }
      if (record) {
        (withReport ? latency.with : latency.without).push(...samples);
        latency.reports.push(...reports);
        const loadAverage = loadavg()[0]!;
        latency.rounds.push({ report: withReport, verify: summarize(samples), ...(withReport ? { reports: summarize(reports) } : {}), engineTime, loadAverage });
        const v = summarize(samples);
        const time = (f: string) => (engineTime[f] ? `${f} ${engineTime[f].transactions}× mean ${engineTime[f].meanMs.toFixed(1)} max ${engineTime[f].maxMs.toFixed(0)} ms` : "");
        log(
          `  ${withReport ? "with the report" : "verify alone   "}: ${samples.length} calls, p50 ${v.p50.toFixed(1)} ms, p99 ${v.p99.toFixed(1)} ms, max ${v.max.toFixed(0)} ms` +
            `${withReport ? `; ${reports.length} reports, p50 ${summarize(reports).p50.toFixed(0)} ms` : ""}; load ${loadAverage.toFixed(1)}`,
        );
        log(`    engine thread: ${["verify:verify", "usageRollup:run", "usage:report", "usage:recordCall"].map(time).filter(Boolean).join("; ")}`);
      }
    };
    await load(3_000, true, false);
    for (let round = 0; round < ROUNDS; round++) {
      await load(ROUND_MS, false, true);
      await load(ROUND_MS, true, true);
    }
    stopRollup = true;
    await rollup;
    for (const stats of await thread.stats()) recorder.add(stats);
  } finally {
    await thread.close();
  }
});

// ── Deleting what years leave behind: a user with 17,520 sessions, the history team ───────────────────────
engine = await open();
await phase("deletions: a user with 17,520 sessions, then the history team", async () => {
  await pub.mutation(api.auth.deleteUser, { id: H.automationUserId });
  counts.sessionPurgePages = await continuationsOf("auth:purgeUserSessions");
  await pub.mutation(api.teams.remove, { teamId: H.teamId, actingUserId: H.ownerId, confirmName: H.name });
  counts.teamDeletionPages = await continuationsOf("teams:deleteTeamRows");
});
/** Runs the continuations a function scheduled of `fn` until there are none (at most 1,000). */
async function continuationsOf(fn: string): Promise<number> {
  let ran = 0;
  for (let args = await takeContinuation(engine, fn); args !== null && ran < 1_000; args = await takeContinuation(engine, fn)) {
    await int.mutation(fn, args);
    ran++;
  }
  return ran;
}
const leftovers = await engine.run(async (ctx) => ({
  historyKeys: (await ctx.db.query("apiKeys").withIndex("by_team_revoked", (q) => q.eq("teamId", H.teamId as Id<"teams">)).take(10)).length,
  historyInvites: (await ctx.db.query("invites").filter((q) => q.eq(q.field("teamId"), H.teamId)).take(10)).length,
  sessions: (await ctx.db.query("sessions").withIndex("by_user", (q) => q.eq("userId", H.automationUserId as Id<"users">)).take(10)).length,
}));
await engine.close();
await receiver.close();

// ── The table, the verdict, the results file ──────────────────────────────────────────────────────────────
const functions = recorder.functions();
const appFunctions = functions.filter((f) => !f.udfPath.startsWith("_engine:"));
console.log(`\nLargest figures per function over the fixture (bold: above 80 % of the limit), ${appFunctions.length} functions:\n`);
console.log(figuresTable(appFunctions));
const fixtureRuns = functions.find((f) => f.udfPath.startsWith("_engine:"));
if (fixtureRuns) console.log(`\n(fixture inserts through engine.run: ${fixtureRuns.transactions} transactions, largest ${fixtureRuns.max.documentsWritten} documents / ${(fixtureRuns.max.bytesWritten / (1 << 20)).toFixed(2)} MiB written, ${fixtureRuns.max.executionMs.toFixed(0)} ms)`);
const verifyAlone = summarize(latency.without);
const verifyWith = summarize(latency.with);
const reports = summarize(latency.reports);
console.log(`\nverify p99: ${verifyAlone.p99.toFixed(1)} ms alone (${verifyAlone.calls} calls), ${verifyWith.p99.toFixed(1)} ms beside the usage report (${verifyWith.calls} calls; ${reports.calls} reports, p50 ${reports.p50.toFixed(0)} ms, p99 ${reports.p99.toFixed(0)} ms); target ≤ ${P99_TARGET_MS} ms`);
if (recorder.warnings.size > 0) {
  console.log("\nAbove 80 % of a limit:");
  for (const w of recorder.warnings.values()) console.log(`  ${w.udfPath}: ${w.limit} ${w.value} of ${w.max} (${Math.round((w.value / w.max) * 100)} %)`);
}
const limitFailures = recorder.failures.filter((f) => f.limit);
const otherFailures = recorder.failures.filter((f) => !f.limit);
if (recorder.failures.length > 0) {
  console.log(`\nFailed transactions: ${limitFailures.length} past a limit, ${otherFailures.length} other`);
  const seen = new Set<string>();
  for (const f of recorder.failures) {
    const key = `${f.udfPath}|${f.error}`;
    if (seen.has(key)) continue;
    seen.add(key);
    console.log(`  ${f.limit ? "LIMIT " : ""}${f.udfPath}: ${f.error.slice(0, 300)}`);
  }
}
const leftoverRows = Object.values(leftovers).reduce((a, b) => a + b, 0);
if (leftoverRows > 0) console.log(`\nLeft after the deletions: ${JSON.stringify(leftovers)}`);
const p99Pass = verifyWith.p99 <= P99_TARGET_MS;
const pass = recorder.failures.length === 0 && p99Pass && leftoverRows === 0;
const totalSeconds = (performance.now() - started) / 1000;
console.log(`\nfixture ${buildSeconds.toFixed(0)} s, whole run ${totalSeconds.toFixed(0)} s: ${pass ? "pass" : "FAIL"}`);

mkdirSync("bench/results", { recursive: true });
writeFileSync(
  "bench/results/scale.json",
  JSON.stringify(
    {
      at: new Date().toISOString(),
      pass,
      seconds: { fixture: Math.round(buildSeconds), total: Math.round(totalSeconds), build: fixture.buildSeconds, phases },
      fixture: { sizes: SIZES, usage: fixture.usage, rows: fixture.rows, counts },
      limits: DEFAULT_LIMITS,
      functions: functions.map(({ udfPath, kind, transactions, max, worst, failures }) => ({ udfPath, kind, transactions, max, worst, failures })),
      p99: { targetMs: P99_TARGET_MS, alone: verifyAlone, withReport: verifyWith, reports, rounds: latency.rounds },
      warnings: [...recorder.warnings.values()],
      failures: recorder.failures.slice(0, 200),
      leftovers,
    },
    null,
    2,
  ) + "\n",
);
console.log("wrote bench/results/scale.json");
rmSync(workDir, { recursive: true, force: true });
process.exitCode = pass ? 0 : 1;
