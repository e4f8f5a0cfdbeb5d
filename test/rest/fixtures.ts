/**
 * Set-up for REST tests: the suite's database opened beside the running server (the embedded engine supports
 * several processes on one file) to create teams, keys and agents and to inspect what a call recorded, and a
 * small HTTP client. Teams and keys go through the same functions the CLI uses; agents are inserted as rows,
 * since the API only reads them.
 */
import path from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { openEngine, type Engine } from "@/engine";
import { convexModules } from "@/server/backend/convexModules.generated";
import { agentRow, testAddress, type AgentProfile } from "@/testing/agentRows";
import { api } from "../../convex/_generated/api";
import type { Doc, Id } from "../../convex/_generated/dataModel";
import { REST_SUITE_SERVER_SECRET } from "./server";

export const baseUrl = inject("baseUrl");
const GOOD_AGENT: AgentProfile = { jobs: 40, successRate: 1, responseTimeMs: 400, reviews: [5, 4, 5] };

let seeds = Math.floor(Math.random() * 1_000_000);

/** Opens the suite's database for the calling test file (closed after it). */
export function useDatabase(dataDir = inject("dataDir")) {
  let engine: Engine | undefined;
  beforeAll(async () => {
    // The engine runs the functions in this process: they check the secret against this process's environment.
    process.env.GHOSTSPEAK_SERVER_SECRET = REST_SUITE_SERVER_SECRET;
    engine = await openEngine({ dbPath: path.join(dataDir, "ghostspeak.db"), modules: convexModules, runScheduler: false });
  });
  afterAll(async () => {
    await engine?.close();
  });
  const db = () => {
    if (!engine) throw new Error("the database is open only inside tests");
    return engine;
  };
  const secret = <A extends object>(args: A) => ({ ...args, serverSecret: REST_SUITE_SERVER_SECRET });
  /** Waits until the server's usage roll-up has counted the last of these events (they are in commit order). */
  const rolledUp = async (events: Doc<"usageEvents">[]) => {
    const last = events.at(-1);
    for (const started = Date.now(); ; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const cursor = await db().run((ctx) => ctx.db.query("usageRollupCursor").first());
      const passed = cursor && (cursor.commitTs > (last?.commitTs as bigint) || (cursor.commitTs === last?.commitTs && cursor.creationTime >= last!._creationTime));
      if (!last || passed) return;
      if (Date.now() - started > 15_000) throw new Error("the usage roll-up did not catch up within 15 s");
    }
  };

  return {
    db,
    async team(plan: "startup" | "growth" | "enterprise" = "growth", rateLimit?: number): Promise<Id<"teams">> {
      const args = { name: "REST suite", ownerEmail: `owner-${++seeds}@rest.test`, plan, ...(rateLimit ? { rateLimit } : {}) };
      return ((await db().runMutation(api.teams.create, secret(args))) as { teamId: Id<"teams"> }).teamId;
    },
    async key(teamId: Id<"teams">, options: { env?: "live" | "test"; rateLimit?: number; expiresAt?: number } = {}) {
      return (await db().runMutation(api.apiKeys.create, secret({ teamId, ...options }))) as { keyId: Id<"apiKeys">; key: string };
    },
    /** A team on `plan` with one live key. */
    async teamWithKey(plan: "startup" | "growth" | "enterprise" = "growth", options: { env?: "live" | "test"; rateLimit?: number } = {}) {
      const teamId = await this.team(plan);
      return { teamId, ...(await this.key(teamId, options)) };
    },
    async agent(profile: AgentProfile = GOOD_AGENT) {
      const row = agentRow(testAddress(++seeds), profile, Date.now());
      await db().run((ctx) => ctx.db.insert("agents", row));
      return row;
    },
    revoke: (keyId: Id<"apiKeys">) => db().runMutation(api.apiKeys.revoke, secret({ keyId })),
    rotate: (keyId: Id<"apiKeys">, gracePeriod: "0" | "15m" | "1h" | "24h") =>
      db().runMutation(api.apiKeys.rotate, secret({ keyId, gracePeriod })) as Promise<{ keyId: Id<"apiKeys">; key: string; graceUntil: number }>,
    patchTeam: (teamId: Id<"teams">, fields: Partial<Doc<"teams">>) => db().run((ctx) => ctx.db.patch(teamId, fields)),
    /** Sets the team's monthly spend cap and what this month's usage period has cost so far. */
    async spendCap(teamId: Id<"teams">, capMicroUsd: number, spentMicroUsd: number) {
      await this.patchTeam(teamId, { spendCapMicroUsd: capMicroUsd });
      await db().run(async (ctx) => {
        const period = await ctx.db.query("usagePeriods").withIndex("by_team_period", (q) => q.eq("teamId", teamId)).unique();
        if (period) await ctx.db.patch(period._id, { costMicroUsd: spentMicroUsd });
        else await ctx.db.insert("usagePeriods", { teamId, periodStart: Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1), calls: 0, billableCalls: 0, costMicroUsd: spentMicroUsd });
      });
    },
    /**
     * Everything recorded for a team: its usage events in commit order, and its periods once the server's usage
     * roll-up has counted every call made so far (it runs every second and leaves the last second's calls).
     */
    async usage(teamId: Id<"teams">) {
      const events: Doc<"usageEvents">[] = [];
      // Pages under Convex's read limit, however many calls the suite made.
      for (let after: bigint | null = null; ; ) {
        const page: Doc<"usageEvents">[] = await db().run((ctx) =>
          ctx.db
            .query("usageEvents")
            .withIndex("by_commit_ts", (q) => (after === null ? q : q.gt("commitTs", after)))
            .take(5_000),
        );
        events.push(...page.filter((e) => e.teamId === teamId));
        if (page.length < 5_000) break;
        after = page.at(-1)!.commitTs as bigint;
      }
      await rolledUp(events);
      const periods = (await db().run((ctx) => ctx.db.query("usagePeriods").withIndex("by_team_period", (q) => q.eq("teamId", teamId)).collect())) as Doc<"usagePeriods">[];
      return { events, periods };
    },
  };
}

export type Call = { key?: string; method?: string; body?: unknown; headers?: Record<string, string> };

/** One HTTP call to the suite's server; a body is sent as JSON unless it is already a string. */
export function call(pathname: string, options: Call = {}, url = baseUrl): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers["X-API-Key"] = options.key;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["Content-Type"] ??= "application/json";
  }
  return fetch(`${url}${pathname}`, { method: options.method ?? (body === undefined ? "GET" : "POST"), headers, body });
}

export const verifyCall = (key: string, agentAddress: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  call("/api/v1/verify", { key, body: { agentAddress, ...extra }, headers });

export { testAddress };

/** The rate-limit headers every authenticated answer carries (SPEC §2). */
export const RATE_LIMIT_HEADERS = ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "ratelimit-policy", "ratelimit", "x-request-id"];
