// Crons from the `crons` module's default export (cronJobs()), kept in the
// _crons table with each cron's next run time. A due cron enqueues ONE
// scheduled job and advances its next time in the same transaction, so a
// restart neither skips nor doubles a tick. If several ticks were missed while
// no process ran, the cron runs once and moves to the next tick in the future.
import { Cron } from "croner";
import type { JSONValue, Value } from "convex/values";
import { jsonToConvex } from "convex/values";
import type { Txn } from "./transaction";

export type CronSchedule =
  | { type: "interval"; seconds?: number; minutes?: number; hours?: number }
  | { type: "hourly"; minuteUTC?: number }
  | { type: "daily"; hourUTC: number; minuteUTC?: number }
  | { type: "weekly"; dayOfWeek: string; hourUTC: number; minuteUTC?: number }
  | { type: "monthly"; day: number; hourUTC: number; minuteUTC?: number }
  | { type: "cron"; cron: string };

export interface CronSpec {
  name: string;
  args: JSONValue[];
  schedule: CronSchedule;
}

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

function cronPattern(s: CronSchedule): string | null {
  switch (s.type) {
    case "interval":
      return null;
    case "hourly":
      return `${s.minuteUTC ?? 0} * * * *`;
    case "daily":
      return `${s.minuteUTC ?? 0} ${s.hourUTC} * * *`;
    case "weekly": {
      const day = DAYS.indexOf(String(s.dayOfWeek).toLowerCase());
      if (day < 0) throw new Error(`Invalid cron dayOfWeek ${s.dayOfWeek}`);
      return `${s.minuteUTC ?? 0} ${s.hourUTC} * * ${day}`;
    }
    case "monthly":
      return `${s.minuteUTC ?? 0} ${s.hourUTC} ${s.day} * *`;
    case "cron":
      return s.cron;
    default:
      throw new Error(`Cron schedule type ${(s as { type: string }).type} is not supported by the embedded engine`);
  }
}

function intervalMs(s: Extract<CronSchedule, { type: "interval" }>): number {
  return ((s.hours ?? 0) * 3600 + (s.minutes ?? 0) * 60 + (s.seconds ?? 0)) * 1000;
}

/**
 * The first tick strictly after `now`. Intervals count from `previous` (their
 * last planned tick) so they keep their phase; calendar schedules use UTC.
 */
export function nextTick(s: CronSchedule, previous: number | null, now: number): number {
  if (s.type === "interval") {
    const ms = intervalMs(s);
    if (!(ms > 0)) throw new Error("Cron interval must be positive");
    if (previous === null) return now + ms;
    const k = Math.floor((now - previous) / ms) + 1;
    return previous + Math.max(1, k) * ms;
  }
  const next = new Cron(cronPattern(s)!, { timezone: "UTC", paused: true }).nextRun(new Date(now));
  if (next === null) throw new Error(`Cron schedule ${JSON.stringify(s)} never runs`);
  return next.getTime();
}

export function readCronSpecs(cronModule: Record<string, unknown> | null): Map<string, CronSpec> {
  const def = cronModule?.default as { crons?: Record<string, CronSpec> } | undefined;
  const specs = new Map<string, CronSpec>();
  if (!def?.crons) return specs;
  for (const [id, spec] of Object.entries(def.crons)) {
    cronPattern(spec.schedule); // rejects unknown schedule shapes at start-up
    specs.set(id, spec);
  }
  return specs;
}

/** Makes _crons match the module: new or changed crons get a fresh next time. */
export function syncCrons(txn: Txn, specs: Map<string, CronSpec>): void {
  const rows = txn.conn.stmt("SELECT name, spec FROM _crons").all() as Array<{ name: string; spec: string }>;
  const stored = new Map(rows.map((r) => [r.name, r.spec]));
  for (const name of stored.keys()) if (!specs.has(name)) txn.conn.stmt("DELETE FROM _crons WHERE name = ?").run(name);
  for (const [name, spec] of specs) {
    const text = JSON.stringify(spec);
    if (stored.get(name) === text) continue;
    txn.conn.stmt("INSERT INTO _crons (name, spec, next_ts) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET spec = excluded.spec, next_ts = excluded.next_ts").run(name, text, nextTick(spec.schedule, null, txn.now));
  }
}

/** Enqueues one job per due cron and advances each; returns how many were enqueued. */
export async function enqueueDueCrons(txn: Txn, schedule: (txn: Txn, name: string, tsMs: number, args: Record<string, Value>) => Promise<string>): Promise<number> {
  const due = txn.conn.stmt("SELECT name, spec, next_ts FROM _crons WHERE next_ts <= ? ORDER BY next_ts").all(txn.now) as Array<{ name: string; spec: string; next_ts: number }>;
  for (const row of due) {
    const spec = JSON.parse(row.spec) as CronSpec;
    await schedule(txn, spec.name, row.next_ts, jsonToConvex(spec.args[0] ?? {}) as Record<string, Value>);
    txn.conn.stmt("UPDATE _crons SET next_ts = ? WHERE name = ?").run(nextTick(spec.schedule, row.next_ts, txn.now), row.name);
  }
  return due.length;
}

/** Earliest next cron time, for the scheduler's timer. */
export function nextCronTime(txn: Txn): number | null {
  const r = txn.conn.stmt("SELECT MIN(next_ts) AS t FROM _crons").get() as { t: number | null };
  return r.t;
}
