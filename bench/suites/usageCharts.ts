// Usage chart bench (issue 8), run by `npm run bench` (or `npm run bench -- usageCharts`): the portal's 30-day chart
// query (`usageCharts:chart`, by day) must cost the same whether the team made 10,000 calls or 1,000,000 in those
// 30 days, since it reads the team's daily usage buckets (at most days × endpoints rows), never raw events.
//
// On the embedded engine on a temporary SQLite file, two growth teams with 3 keys each get their calls recorded
// through the API's own usage recorder and rolled up by the usage roll-up (bench/lib/usageLoad.ts), spread evenly over the 30 days and the 3 priced
// endpoints: 10,000 for one, 1,000,000 for the other. Then the chart of each is timed, warm, in alternating
// calls so load from other processes falls on both alike. Fails when the 1M/10k ratio of medians exceeds 2.
// BENCH_USAGE_EVENTS overrides the large size (for a quick try); BENCH_MS the timing budget.
// Writes bench/results/usageCharts.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import type { MutationCtx } from "../../convex/_generated/server";
import { loadUsage } from "../lib/usageLoad";
import { openEngine } from "@/engine";
import { convexModules } from "@/server/backend/convexModules.generated";

const DAY_MS = 86_400_000;
const SMALL = 10_000;
const LARGE = Number(process.env.BENCH_USAGE_EVENTS ?? 1_000_000);
const KEYS = 3;
/** Calls per transaction: as many as Convex's 8,192 documents written a transaction allow, with room. */
const BATCH = 5_000;
const BUDGET_MS = Number(process.env.BENCH_MS ?? 20_000);
const WARMUP = 30;
const MAX_RATIO = 2;
const SECRET = "bench-usage-charts-server-secret";
const PLAN = "growth";

process.env.GHOSTSPEAK_SERVER_SECRET = SECRET;

const to = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const from = to - 30 * DAY_MS;

type Timing = { samples: number; p50Ms: number; p95Ms: number };

/**
 * Times `ops` one after the other, call by call, for `budgetMs` after a warm-up: alternating every call (rather
 * than in rounds) spreads bursts of load from other processes over all sides alike.
 */
async function alternate(budgetMs: number, ops: (() => Promise<unknown>)[]): Promise<Timing[]> {
  for (let i = 0; i < WARMUP; i++) for (const op of ops) await op();
  const samples = ops.map(() => [] as number[]);
  const started = performance.now();
  while (performance.now() - started < budgetMs) {
    for (const [side, op] of ops.entries()) {
      const t0 = performance.now();
      await op();
      samples[side]!.push(performance.now() - t0);
    }
  }
  return samples.map((side) => {
    const sorted = side.sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
    return { samples: sorted.length, p50Ms: pct(0.5), p95Ms: pct(0.95) };
  });
}

const compact = (n: number) => new Intl.NumberFormat("en-US", { notation: "compact" }).format(n);

const dir = mkdtempSync(join(tmpdir(), "bench-usage-charts-"));
const engine = await openEngine({ dbPath: join(dir, "ghostspeak.db"), modules: convexModules, runScheduler: false });

/** An ad-hoc engine transaction with the schema's types (the engine's own context is untyped). */
const typed = <T>(fn: (ctx: MutationCtx) => Promise<T>) => engine.run((ctx) => fn(ctx as unknown as MutationCtx));

type Team = { teamId: Id<"teams">; ownerId: Id<"users">; keyIds: Id<"apiKeys">[] };

async function newTeam(name: string): Promise<Team> {
  const { teamId } = (await engine.runMutation(api.teams.create, { name, ownerEmail: `owner@${name}.test`, plan: PLAN, serverSecret: SECRET })) as { teamId: Id<"teams"> };
  const ownerId = await typed(async (ctx) => (await ctx.db.query("members").withIndex("by_team_role", (q) => q.eq("teamId", teamId).eq("role", "owner")).unique())!.userId);
  const keyIds: Id<"apiKeys">[] = [];
  for (let k = 0; k < KEYS; k++) keyIds.push(((await engine.runMutation(api.apiKeys.create, { teamId, name: `key ${k}`, serverSecret: SECRET })) as { keyId: Id<"apiKeys"> }).keyId);
  return { teamId, ownerId, keyIds };
}

type Chart = { total: { calls: number }; buckets: unknown[] };
const chart = (team: Team) =>
  engine.runQuery(api.usageCharts.chart, { teamId: team.teamId, actingUserId: team.ownerId, from, to, granularity: "day", serverSecret: SECRET }) as Promise<Chart>;

/** The rows a team's usage left in the window: its daily buckets (what the chart reads) and, optionally, its raw events. */
const rowCounts = (team: Team, events: boolean) =>
  typed(async (ctx) => ({
    buckets: (
      await ctx.db
        .query("usageBuckets")
        .withIndex("by_subject", (q) => q.eq("scope", "team").eq("subject", team.teamId).eq("granularity", "day").gte("start", from).lt("start", to))
        .collect()
    ).length,
    events: events ? (await ctx.db.query("usageEvents").filter((q) => q.eq(q.field("teamId"), team.teamId)).collect()).length : null,
  }));

async function load(team: Team, events: number): Promise<number> {
  const started = performance.now();
  let reported = 0;
  await loadUsage(engine, { teamId: team.teamId, keyIds: team.keyIds, events, from, to, batch: BATCH, plan: PLAN }, (done) => {
    if (done - reported >= 100_000 || done === events) {
      reported = done;
      console.log(`  loaded ${done.toLocaleString("en-US")} / ${events.toLocaleString("en-US")} calls (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  });
  return (performance.now() - started) / 1000;
}

let outcome;
try {
  const small = await newTeam("small");
  const large = await newTeam("large");
  const smallSeconds = await load(small, SMALL);
  // The small team's raw events are all there (counted before the large load: counting needs a scan).
  const stored = await rowCounts(small, true);
  if (stored.events !== SMALL) throw new Error(`${SMALL} calls left ${stored.events} usage events`);
  const loadSeconds = { small: smallSeconds, large: await load(large, LARGE) };
  const sizes = [
    { name: compact(SMALL), team: small, events: SMALL },
    { name: compact(LARGE), team: large, events: LARGE },
  ];
  // Every recorded call is in the chart (the buckets hold every event, none lost or counted twice).
  for (const size of sizes) {
    const answer = await chart(size.team);
    if (answer.total.calls !== size.events || answer.buckets.length !== 30) throw new Error(`${size.name}: chart shows ${answer.total.calls} calls in ${answer.buckets.length} buckets`);
  }
  const [smallTiming, largeTiming] = await alternate(BUDGET_MS, [() => chart(small), () => chart(large)]);
  const rows = await Promise.all(
    sizes.map(async (size, i) => ({ ...size, buckets: (await rowCounts(size.team, false)).buckets, timing: [smallTiming, largeTiming][i]! })),
  );
  const ratio = { p50: largeTiming!.p50Ms / smallTiming!.p50Ms, p95: largeTiming!.p95Ms / smallTiming!.p95Ms };
  outcome = { loadSeconds, rows, ratio };
} finally {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
}

const { loadSeconds, rows, ratio } = outcome;
console.log(`\n30-day chart query (by day, whole team, ${KEYS} keys × 3 endpoints), warm, alternating calls\n`);
console.log(`  ${"events".padStart(10)}  ${"buckets".padStart(7)}  ${"p50 ms".padStart(7)}  ${"p95 ms".padStart(7)}  ${"samples".padStart(7)}`);
for (const row of rows) {
  console.log(
    `  ${row.events.toLocaleString("en-US").padStart(10)}  ${String(row.buckets).padStart(7)}  ${row.timing.p50Ms.toFixed(2).padStart(7)}  ${row.timing.p95Ms.toFixed(2).padStart(7)}  ${String(row.timing.samples).padStart(7)}`,
  );
}
const pass = ratio.p50 <= MAX_RATIO;
console.log(`\n  ratio ${compact(LARGE)} / ${compact(SMALL)}: p50 ${ratio.p50.toFixed(2)}x, p95 ${ratio.p95.toFixed(2)}x (bound ${MAX_RATIO}x on p50: ${pass ? "pass" : "FAIL"})`);
console.log(`  load through the usage recorder and roll-up: ${compact(SMALL)} in ${loadSeconds.small.toFixed(1)} s, ${compact(LARGE)} in ${loadSeconds.large.toFixed(1)} s`);

mkdirSync("bench/results", { recursive: true });
const summary = rows.map(({ name, events, buckets, timing }) => ({ name, events, buckets, ...timing }));
writeFileSync("bench/results/usageCharts.json", JSON.stringify({ at: new Date().toISOString(), loadSeconds, sizes: summary, ratio, maxRatio: MAX_RATIO, pass }, null, 2) + "\n");
console.log("\nwrote bench/results/usageCharts.json");
process.exitCode = pass ? 0 : 1;
