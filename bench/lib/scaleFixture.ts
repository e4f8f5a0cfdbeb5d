/**
 * The scale fixture of `npm run bench -- scale` (issue 13): built through the app's own functions where a user,
 * an operator or a producer would make the rows (teams, members through invites, keys, Stripe links, webhook
 * endpoints, demo agents, usage through the request path's recorder and the roll-up), and inserted directly
 * through `engine.run` only for bulk history no function can backdate (rotated and revoked keys, old invites,
 * audit rows, sessions, delivered webhooks, expired idempotency answers) and for the 90,000 agents beyond the demo
 * population. Every transaction of the build stays within Convex's limits (the engine enforces them).
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { api, internal } from "../../convex/_generated/api";
import type { Doc, Id } from "../../convex/_generated/dataModel";
import type { MutationCtx } from "../../convex/_generated/server";
import { demoAgentAddress } from "../../convex/lib/demoPopulation";
import { SETTLE_MS } from "../../convex/usageRollup";
import { loadUsage } from "./usageLoad";
import type { Engine } from "@/engine";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** What the fixture is made of (BENCH_SCALE_* shrink it for a quick try; the defaults are issue 13's). */
export const SIZES = {
  /** Hours of usage history of the enterprise team: a full year. */
  usageHours: Number(process.env.BENCH_SCALE_HOURS ?? 365 * 24),
  /** Calls per hour: one per key × priced endpoint (50 × 3), so every key/hour/endpoint bucket of the year exists. */
  callsPerHour: 150,
  enterpriseKeys: 50,
  enterpriseMembers: 20,
  endpoints: Number(process.env.BENCH_SCALE_ENDPOINTS ?? 500),
  /** Other teams, each with one key and calls over the last 30 days (top customers, meter reports). */
  otherTeams: Number(process.env.BENCH_SCALE_TEAMS ?? 200),
  otherTeamCalls: 1_000,
  /** Of them linked to Stripe: more than one page (50) of the meter sync. */
  stripeTeams: 60,
  demoAgents: Number(process.env.BENCH_SCALE_DEMO_AGENTS ?? 10_000),
  agents: Number(process.env.BENCH_SCALE_AGENTS ?? 100_000),
  /** The history team: a year of daily rotation of 50 keys, revoked keys, old invites, audit rows, sessions. */
  rotatedKeys: 18_250,
  revokedKeys: 5_000,
  historyInvites: 5_000,
  historyMembers: 100,
  historyAudit: 40_000,
  sessions: 17_520,
  /** Webhook history over the last 45 days (delivered, failed, older than the 30-day retention). */
  deliveredHistory: 30_000,
  /** Of which in the last 24 hours on top (a busy day: the metrics' attempt caps are reached). */
  recentDelivered: 5_000,
  /** And failures of that day: receivers down behind a proxy, three attempts each with its 1 KiB error page. */
  recentFailed: 2_000,
  failedHistory: 6_000,
  expiredHistory: 4_000,
  expiredIdempotency: 1_500,
};

/** The first KiB of a proxy's 502 page, as an attempt keeps it. */
export const ERROR_PAGE = `<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>${"<!-- a padding to disable MSIE and Chrome friendly error page -->".repeat(20)}</body></html>`.slice(0, 1_024);

/** Rows per `engine.run` of bulk inserts: far inside 8,192 documents and 8 MiB written, and 1 s. */
const PAGE = 2_000;

export type TeamRef = { teamId: Id<"teams">; ownerId: Id<"users"> };
export type KeyRef = { keyId: Id<"apiKeys">; keyHash: string };

export type ScaleFixture = {
  builtAt: number;
  buildSeconds: Record<string, number>;
  enterprise: TeamRef & { name: string; memberIds: Id<"users">[]; adminId: Id<"users">; billingId: Id<"users">; keys: KeyRef[]; endpointIds: Id<"webhookEndpoints">[]; pendingInviteIds: Id<"invites">[] };
  others: (TeamRef & { plan: "startup" | "growth"; key: KeyRef; stripe: boolean })[];
  history: TeamRef & { name: string; adminId: Id<"users">; automationUserId: Id<"users">; activeKeyIds: Id<"apiKeys">[] };
  /** A growth team's endpoint filtering on 1,000 agents for every event type: the largest subscription set. */
  filtered: TeamRef & { endpointId: Id<"webhookEndpoints"> };
  usage: { events: number; from: number; to: number; otherEvents: number };
  agents: number;
  receiverPort: number;
  rows: Record<string, number>;
};

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

type Secret = <A extends object>(args: A) => A & { serverSecret: string };

/** A receiver for webhook deliveries on 127.0.0.1: 200, or 502 with an error page for URLs ending in /fail. */
export async function startReceiver(port = 0): Promise<{ port: number; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      requests++;
      response.writeHead(request.url?.endsWith("/fail") ? 502 : 200);
      response.end(request.url?.endsWith("/fail") ? ERROR_PAGE : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, requests: () => requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export async function buildFixture(engine: Engine, secret: Secret, log: (line: string) => void, receiverPort: number): Promise<ScaleFixture> {
  const typed = <T>(fn: (ctx: MutationCtx) => Promise<T>) => engine.run((ctx) => fn(ctx as unknown as MutationCtx));
  const m = (ref: any, args: object) => engine.runMutation(ref, secret(args));
  const seconds: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    log(`fixture: ${name} …`);
    const result = await fn();
    seconds[name] = Math.round((performance.now() - started) / 100) / 10;
    log(`fixture: ${name} done in ${seconds[name]} s`);
    return result;
  };
  /** Inserts `count` rows made by `row(i)` in pages. */
  const insertPages = async (table: string, count: number, row: (i: number) => Record<string, unknown>, page = PAGE) => {
    for (let start = 0; start < count; start += page) {
      await engine.run(async (ctx) => {
        for (let i = start; i < Math.min(count, start + page); i++) await ctx.db.insert(table, row(i));
      });
    }
  };
  const ownerOf = (teamId: Id<"teams">) =>
    typed(async (ctx) => (await ctx.db.query("members").withIndex("by_team_role", (q) => q.eq("teamId", teamId).eq("role", "owner")).unique())!.userId);
  const now = Date.now();

  // ── The enterprise team, as the CLI and the portal make it ─────────────────────────────────────────────
  const enterprise = await step("enterprise team: 20 members through invites, 50 keys, Stripe link", async () => {
    const name = "Scale Enterprise";
    const { teamId } = await m(api.teams.create, { name, ownerEmail: "owner@enterprise.scale.test", plan: "enterprise", rateLimit: 10_000_000 });
    await m(api.teamAdmin.setLimits, { teamId, maxApiKeys: SIZES.enterpriseKeys + 10, maxWebhookEndpoints: SIZES.endpoints + 10, maxMembers: 100 });
    const ownerId = await ownerOf(teamId);
    const memberIds: Id<"users">[] = [];
    let adminId = ownerId;
    let billingId = ownerId;
    for (let i = 0; i < SIZES.enterpriseMembers; i++) {
      const role = i < 3 ? "admin" : i < 16 ? "member" : "billing";
      const email = `${role}${i}@enterprise.scale.test`;
      const tokenHash = sha256(`enterprise-invite-${i}`);
      await m(api.invites.create, { teamId, actingUserId: ownerId, email, role, tokenHash });
      const user = await m(api.auth.createUser, { email, name: `${role} ${i}`, emailVerified: now });
      await m(api.invites.accept, { tokenHash, userId: user.id });
      memberIds.push(user.id);
      if (role === "admin" && adminId === ownerId) adminId = user.id;
      if (role === "billing") billingId = user.id;
    }
    const pendingInviteIds: Id<"invites">[] = [];
    for (let i = 0; i < 5; i++) {
      const { inviteId } = await m(api.invites.create, { teamId, actingUserId: adminId, email: `pending${i}@enterprise.scale.test`, role: "member", tokenHash: sha256(`enterprise-pending-${i}`) });
      pendingInviteIds.push(inviteId);
    }
    const keys: KeyRef[] = [];
    for (let k = 0; k < SIZES.enterpriseKeys; k++) {
      const { keyId, key } = await m(api.apiKeys.create, { teamId, name: `production ${k}` });
      keys.push({ keyId, keyHash: sha256(key) });
    }
    await m(api.stripeWebhook.apply, { eventId: "evt_scale_enterprise_link", type: "checkout.session.completed", change: { kind: "linked", teamId, customerId: "cus_scale_enterprise", subscriptionId: "sub_scale_enterprise" } });
    return { teamId, ownerId, name, memberIds, adminId, billingId, keys, endpointIds: [] as Id<"webhookEndpoints">[], pendingInviteIds };
  });

  const others = await step(`${SIZES.otherTeams} other teams (startup and growth), a key each, ${SIZES.stripeTeams} linked to Stripe`, async () => {
    const teams: ScaleFixture["others"] = [];
    for (let i = 0; i < SIZES.otherTeams; i++) {
      const plan = i % 2 === 0 ? ("growth" as const) : ("startup" as const);
      const { teamId } = await m(api.teams.create, { name: `Customer ${i}`, ownerEmail: `owner@customer${i}.scale.test`, plan });
      const ownerId = await ownerOf(teamId);
      const { keyId, key } = await m(api.apiKeys.create, { teamId, name: "production", createdByUserId: ownerId });
      const stripe = i < SIZES.stripeTeams;
      if (stripe) {
        await m(api.stripeWebhook.apply, {
          eventId: `evt_scale_link_${i}`,
          type: "checkout.session.completed",
          change: { kind: "linked", teamId, customerId: `cus_scale_${String(i).padStart(4, "0")}`, subscriptionId: `sub_scale_${i}`, plan },
        });
      }
      teams.push({ teamId, ownerId, plan, key: { keyId, keyHash: sha256(key) }, stripe });
    }
    return teams;
  });

  // ── The history team: what a long-lived enterprise team accumulates ───────────────────────────────────
  const history = await step("history team: 18,250 rotated and 5,000 revoked keys, 5,000 old invites, 100 members, 40,000 audit rows, 17,520 sessions", async () => {
    const name = "Scale History";
    const { teamId } = await m(api.teams.create, { name, ownerEmail: "owner@history.scale.test", plan: "enterprise" });
    await m(api.teamAdmin.setLimits, { teamId, maxMembers: 150, maxApiKeys: 60 });
    const ownerId = await ownerOf(teamId);
    const memberIds = await typed(async (ctx) => {
      const ids: Id<"users">[] = [];
      for (let i = 0; i < SIZES.historyMembers; i++) {
        const userId = await ctx.db.insert("users", { email: `member${i}@history.scale.test` });
        await ctx.db.insert("members", { teamId, userId, role: i < 5 ? "admin" : "member" });
        ids.push(userId);
      }
      return ids;
    });
    // The keys in use, made before the history is inserted behind them.
    const activeKeyIds: Id<"apiKeys">[] = [];
    for (let k = 0; k < 10; k++) activeKeyIds.push((await m(api.apiKeys.create, { teamId, name: `current ${k}` })).keyId);
    const adminId = memberIds[0]!;
    const automationUserId = memberIds[SIZES.historyMembers - 1]!;
    const yearAgo = now - 365 * DAY_MS;
    const keyRow = (i: number, state: "rotated" | "revoked") => {
      const createdAt = yearAgo + Math.floor((i * 365 * DAY_MS) / SIZES.rotatedKeys);
      return {
        teamId,
        hash: sha256(`history-${state}-${i}`),
        prefix: "gs_live_" + sha256(`p${i}`).slice(0, 4),
        last4: sha256(`l${i}`).slice(0, 4),
        env: "live",
        name: `service ${i % 50}`,
        createdByUserId: adminId,
        createdAt,
        ...(state === "rotated" ? { graceUntil: createdAt + DAY_MS + 15 * 60_000 } : { revokedAt: createdAt + 7 * DAY_MS }),
      };
    };
    await insertPages("apiKeys", SIZES.rotatedKeys, (i) => keyRow(i, "rotated"));
    await insertPages("apiKeys", SIZES.revokedKeys, (i) => keyRow(i, "revoked"));
    const statuses = ["accepted", "accepted", "revoked", "pending", "pending"] as const;
    await insertPages("invites", SIZES.historyInvites, (i) => {
      const status = statuses[i % statuses.length]!;
      const sentAt = yearAgo + Math.floor((i * 350 * DAY_MS) / SIZES.historyInvites);
      return {
        teamId,
        email: `invitee${i}@history.scale.test`,
        role: "member",
        tokenHash: sha256(`history-invite-${i}`),
        invitedByUserId: adminId,
        status,
        expiresAt: sentAt + 7 * DAY_MS,
        lastSentAt: sentAt,
        ...(status === "accepted" ? { acceptedAt: sentAt + DAY_MS, acceptedByUserId: memberIds[i % memberIds.length] } : {}),
        ...(status === "revoked" ? { revokedAt: sentAt + DAY_MS } : {}),
      };
    });
    await insertPages("auditLog", SIZES.historyAudit, (i) => ({
      teamId,
      actorKind: "user",
      actorUserId: adminId,
      action: i % 2 === 0 ? "key.create" : "key.rotate",
      targetType: "apiKey",
      targetId: `history-key-${i}`,
      details: { name: `service ${i % 50}`, gracePeriod: "1h" },
      at: yearAgo + Math.floor((i * 365 * DAY_MS) / SIZES.historyAudit),
    }));
    // A monitoring account that signs in by magic link every 30 minutes: a session each time, none ever sent back.
    await insertPages("sessions", SIZES.sessions, (i) => ({
      sessionTokenHash: sha256(`history-session-${i}`),
      userId: automationUserId,
      expires: yearAgo + i * 30 * 60_000 + 30 * DAY_MS,
    }));
    return { teamId, ownerId, name, adminId, automationUserId, activeKeyIds };
  });

  // ── Usage: a year of the enterprise team's calls, 30 days of the others', through the recorder ─────────
  const to = Math.floor(now / HOUR_MS) * HOUR_MS;
  const from = to - SIZES.usageHours * HOUR_MS;
  const events = SIZES.usageHours * SIZES.callsPerHour;
  await step(`usage: ${events.toLocaleString("en-US")} calls of the enterprise team over ${SIZES.usageHours / 24} days, recorded`, async () => {
    const started = performance.now();
    let reported = 0;
    await loadUsage(
      engine,
      { teamId: enterprise.teamId, keyIds: enterprise.keys.map((k) => k.keyId), events, from, to, batch: 2_000, plan: "enterprise", rollUp: false },
      (done) => {
        if (done - reported >= 200_000 || done === events) {
          reported = done;
          log(`  recorded ${done.toLocaleString("en-US")} / ${events.toLocaleString("en-US")} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
        }
      },
    );
  });
  const otherEvents = SIZES.otherTeams * SIZES.otherTeamCalls;
  await step(`usage: ${otherEvents.toLocaleString("en-US")} calls of the other teams over 30 days, recorded`, async () => {
    for (const team of others) {
      await loadUsage(engine, { teamId: team.teamId, keyIds: [team.key.keyId], events: SIZES.otherTeamCalls, from: to - 30 * DAY_MS, to, batch: SIZES.otherTeamCalls, plan: team.plan, rollUp: false });
    }
  });
  await step("usage roll-up until every call is counted", async () => {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 5));
    const started = performance.now();
    let runs = 0;
    let counted = 0;
    let failedInARow = 0;
    for (;;) {
      let result: { counted: number; more: boolean };
      try {
        result = await engine.runMutation(internal.usageRollup.run, {});
        failedInARow = 0;
      } catch (error) {
        // A run past a limit rolled back (its statistics recorded the failure, and the bench will fail): the cron
        // would run again a second later; the build does too, and gives up if it keeps failing.
        if (++failedInARow >= 10) throw error;
        log(`  roll-up run failed (${failedInARow} in a row), retried: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        continue;
      }
      runs++;
      counted += result.counted;
      if (runs % 200 === 0) log(`  roll-up: ${runs} runs, ${counted.toLocaleString("en-US")} calls counted (${((performance.now() - started) / 1000).toFixed(0)} s)`);
      if (!result.more) break;
    }
    log(`  roll-up: ${runs} runs, ${counted.toLocaleString("en-US")} calls counted`);
  });
  // The thresholds the roll-up announced: their mail jobs run now (as the scheduler would), the events stay for the fan-out.
  await step("threshold mails the roll-up scheduled", () => runPendingJobs(engine, "usageThresholdMail:notify", 1_000));

  // ── Agents: the demo population as the CLI seeds it, then 90,000 more rows ────────────────────────────
  await step(`agents: demo seed of ${SIZES.demoAgents.toLocaleString("en-US")} (ingestion, flags, tiers), outbox drained (no endpoints yet)`, async () => {
    await m(api.demo.seed, {});
    await engine.runAction(api.demo.seedAgents, secret({ agents: SIZES.demoAgents }));
    // Nobody subscribed yet: each event is marked dispatched to nobody, 25 a run, as the dispatcher would.
    for (;;) {
      const { events: dispatched } = await engine.runMutation(internal.webhookDispatch.dispatchPending, {});
      if (dispatched === 0) break;
    }
  });
  await step(`agents: ${(SIZES.agents - SIZES.demoAgents).toLocaleString("en-US")} more rows through engine.run (copies of the demo agents' histories)`, async () => {
    const templates: Omit<Doc<"agents">, "_id" | "_creationTime">[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: { page: Doc<"agents">[]; isDone: boolean; continueCursor: string } = await typed((ctx) => ctx.db.query("agents").paginate({ cursor, numItems: PAGE }));
      for (const { _id, _creationTime, flaggedReason, ...agent } of page.page) templates.push({ ...agent, status: "active" });
      if (page.isDone) break;
      cursor = page.continueCursor;
    }
    const extra = SIZES.agents - SIZES.demoAgents;
    await insertPages("agents", extra, (j) => ({ ...templates[j % templates.length]!, address: demoAgentAddress(SIZES.demoAgents + j) }), 1_500);
  });

  // ── Webhooks: 500 endpoints on every agent, through the portal's function ─────────────────────────────
  await step(`webhooks: ${SIZES.endpoints} endpoints of the enterprise team on every agent (score.updated, tier.changed)`, async () => {
    for (let i = 0; i < SIZES.endpoints; i++) {
      const { webhook } = await m(api.webhooks.create, {
        teamId: enterprise.teamId,
        caller: { kind: "user", userId: enterprise.ownerId },
        url: `http://127.0.0.1:${receiverPort}/hooks/${i}${i % 10 === 9 ? "/fail" : ""}`,
        events: ["score.updated", "tier.changed"],
        description: `Subscriber ${i}`,
      });
      enterprise.endpointIds.push(webhook.id);
    }
  });
  const filtered = await step("webhooks: a growth team's endpoint filtering on 1,000 agents for every event type", async () => {
    const team = others.find((t) => t.plan === "growth")!;
    const { webhook } = await m(api.webhooks.create, {
      teamId: team.teamId,
      caller: { kind: "user", userId: team.ownerId },
      url: `http://127.0.0.1:${receiverPort}/filtered`,
      events: ["score.updated", "tier.changed", "usage.threshold", "webhook.test"],
      agentAddresses: Array.from({ length: 1_000 }, (_, i) => demoAgentAddress(i * 97)),
    });
    return { teamId: team.teamId, ownerId: team.ownerId, endpointId: webhook.id as Id<"webhookEndpoints"> };
  });
  await step("webhooks: 45 days of delivery history (delivered, a busy last day, failed with 1 KiB error pages, past retention) with their attempts", async () => {
    const eventIds = await typed(async (ctx) => {
      const ids: Id<"webhookEvents">[] = [];
      for (let i = 0; i < 500; i++) {
        const agentAddress = demoAgentAddress(i);
        ids.push(await ctx.db.insert("webhookEvents", { type: "score.updated", agentAddress, data: { agentAddress, score: 700, previousScore: 690 }, status: "dispatched", dispatchedAt: now - 30 * DAY_MS }));
      }
      return ids;
    });
    const kinds = [
      { status: "delivered" as const, count: SIZES.deliveredHistory, from: now - 30 * DAY_MS, span: 30 * DAY_MS, attempts: 1 },
      { status: "delivered" as const, count: SIZES.recentDelivered, from: now - DAY_MS, span: DAY_MS, attempts: 1 },
      { status: "failed" as const, count: SIZES.recentFailed, from: now - DAY_MS, span: DAY_MS, attempts: 3 },
      { status: "failed" as const, count: SIZES.failedHistory, from: now - 30 * DAY_MS, span: 30 * DAY_MS, attempts: 3 },
      { status: "delivered" as const, count: SIZES.expiredHistory, from: now - 45 * DAY_MS, span: 14 * DAY_MS, attempts: 1 },
    ];
    for (const kind of kinds) {
      const page = 1_000;
      for (let start = 0; start < kind.count; start += page) {
        await typed(async (ctx) => {
          for (let i = start; i < Math.min(kind.count, start + page); i++) {
            const endpointId = enterprise.endpointIds[i % enterprise.endpointIds.length]!;
            const at = kind.from + Math.floor((i * kind.span) / kind.count);
            const deliveryId = await ctx.db.insert("webhookDeliveries", {
              teamId: enterprise.teamId,
              endpointId,
              eventId: eventIds[i % eventIds.length]!,
              eventType: "score.updated",
              status: kind.status,
              attempts: kind.attempts,
              lastAttemptAt: at,
              ...(kind.status === "delivered" ? { deliveredAt: at } : { lastError: "HTTP 500" }),
              updatedAt: at,
            });
            for (let a = 0; a < kind.attempts; a++) {
              const ok = kind.status === "delivered";
              // A failing receiver answers its proxy's error page: the attempt keeps its first 1 KiB.
              await ctx.db.insert("webhookAttempts", { deliveryId, endpointId, teamId: enterprise.teamId, at: at - (kind.attempts - 1 - a) * 60_000, status: ok ? 200 : 502, durationMs: ok ? 40 : 3_000, responseExcerpt: ok ? "ok" : ERROR_PAGE });
            }
          }
        });
      }
    }
  });
  await step(`idempotency: ${SIZES.expiredIdempotency} expired answers`, () =>
    insertPages("idempotencyRecords", SIZES.expiredIdempotency, (i) => ({
      teamId: enterprise.teamId,
      apiKeyId: enterprise.keys[i % enterprise.keys.length]!.keyId,
      key: `retry-${i}`,
      method: "POST",
      endpoint: "/api/v1/verify",
      requestHash: sha256(`body-${i}`),
      responseStatus: 200,
      responseBody: JSON.stringify({ verified: true, requestId: `old-${i}` }),
      createdAt: now - 2 * DAY_MS,
      expiresAt: now - DAY_MS,
    })),
  );

  const rows = await typed(async (ctx) => {
    const count = async (table: string) => (await (ctx.db as any).query(table).count()) as number;
    const out: Record<string, number> = {};
    for (const table of ["teams", "users", "members", "invites", "apiKeys", "agents", "signals", "webhookEndpoints", "webhookSubscriptions", "webhookEvents", "webhookDeliveries", "webhookAttempts", "auditLog", "sessions", "idempotencyRecords"]) {
      out[table] = await count(table);
    }
    return out;
  });
  return {
    builtAt: now,
    buildSeconds: seconds,
    enterprise,
    others,
    history,
    filtered,
    usage: { events, from, to, otherEvents },
    agents: SIZES.agents,
    receiverPort,
    rows,
  };
}

/**
 * Runs the pending scheduled jobs of one function (at most `max`), oldest first, as the scheduler would (each job
 * its own transaction), without running anything else that is due: the bench keeps the scheduler off.
 */
export async function runPendingJobs(engine: Engine, name: string, max: number): Promise<number> {
  const jobs = await engine.run(async (ctx) => {
    const found: { id: Id<"_scheduled_functions">; args: Record<string, unknown> }[] = [];
    for await (const job of ctx.db.system.query("_scheduled_functions")) {
      if (job.name === name && job.state.kind === "pending") found.push({ id: job._id, args: (job.args[0] ?? {}) as Record<string, unknown> });
      if (found.length >= max) break;
    }
    for (const job of found) await ctx.scheduler.cancel(job.id);
    return found;
  });
  for (const job of jobs) await engine.runMutation(name, job.args);
  return jobs.length;
}

/**
 * The newest pending job of `name` (a function's continuation of itself), canceled so the caller can run it:
 * scans the newest jobs only.
 */
export async function takeContinuation(engine: Engine, name: string, scan = 2_000): Promise<Record<string, unknown> | null> {
  return engine.run(async (ctx) => {
    let n = 0;
    for await (const job of ctx.db.system.query("_scheduled_functions").order("desc")) {
      if (job.name === name && job.state.kind === "pending") {
        await ctx.scheduler.cancel(job._id);
        return (job.args[0] ?? {}) as Record<string, unknown>;
      }
      if (++n >= scan) break;
    }
    return null;
  });
}

export const randomKey = () => randomBytes(32).toString("base64");
