// Crons on the engine (convex-test does not run crons.ts): every schedule kind
// fires at its UTC times under an injected clock, and a restart on the same file
// neither doubles nor skips a tick.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { START_TIME } from "@/testing/backends";
import { drain, type Engine, ManualClock, openSample, tempDir } from "./engineFixture";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Moves the clock in `stepMs` steps up to `until`, running what is due at each step. */
async function stepTo(engine: Engine, clock: ManualClock, until: number, stepMs = 5 * MIN) {
  while (clock.time < until) {
    clock.time = Math.min(until, clock.time + stepMs);
    await drain(engine);
  }
}

/** Tick times of one cron, to the minute (a backend may nudge a run's clock by a few ms). */
async function ticks(engine: Engine, kind: string): Promise<number[]> {
  const rows = (await engine.runQuery("jobs:markers", { kind: `cron:${kind}` })) as { at: number }[];
  return rows.map((r) => Math.floor(r.at / MIN) * MIN);
}

const every = (first: number, period: number, last: number) =>
  Array.from({ length: Math.floor((last - first) / period) + 1 }, (_, i) => first + i * period);

describe("crons [engine]", () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine | undefined;
  beforeEach(() => {
    dir = tempDir("engine-crons-");
  });
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    dir.remove();
  });

  it("each schedule kind fires at its UTC times (8 days from Thu 2026-01-01)", async () => {
    const clock = new ManualClock(START_TIME);
    engine = await openSample(dir.file("db.sqlite"), clock);
    const end = START_TIME + 8 * DAY;
    await stepTo(engine, clock, end);

    expect(await ticks(engine, "hourly")).toEqual(every(START_TIME + 15 * MIN, HOUR, end));
    expect(await ticks(engine, "daily")).toEqual(every(START_TIME + 3 * HOUR + 30 * MIN, DAY, end));
    expect(await ticks(engine, "weekly")).toEqual([Date.UTC(2026, 0, 5, 9, 0)]); // Monday
    expect(await ticks(engine, "monthly")).toEqual([Date.UTC(2026, 0, 1, 0, 5)]);
    expect(await ticks(engine, "cronString")).toEqual(every(START_TIME + 6 * HOUR, 6 * HOUR, end));
    const interval = await ticks(engine, "interval");
    expect(interval.length).toBeGreaterThanOrEqual((8 * DAY) / (5 * MIN));
    expect(interval.length).toBeLessThanOrEqual((8 * DAY) / (5 * MIN) + 1);
    for (let i = 1; i < interval.length; i++) expect(interval[i] - interval[i - 1]).toBe(5 * MIN);
  });

  it("monthly fires on the 1st of the next month", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 31, 23, 0));
    engine = await openSample(dir.file("db.sqlite"), clock);
    await stepTo(engine, clock, Date.UTC(2026, 1, 1, 1, 0));
    expect(await ticks(engine, "monthly")).toEqual([Date.UTC(2026, 1, 1, 0, 5)]);
  });

  it("close and reopen on the same file: the next tick is neither doubled nor skipped", async () => {
    const clock = new ManualClock(START_TIME);
    const file = dir.file("db.sqlite");
    engine = await openSample(file, clock);
    await stepTo(engine, clock, START_TIME + 20 * MIN);
    const before = await ticks(engine, "interval");
    await engine.close();

    engine = await openSample(file, clock);
    await drain(engine);
    expect(await ticks(engine, "interval")).toEqual(before);
    await stepTo(engine, clock, START_TIME + 40 * MIN);
    const after = await ticks(engine, "interval");
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length).toBe(before.length + 4);
    for (let i = 1; i < after.length; i++) expect(after[i] - after[i - 1]).toBe(5 * MIN);
    expect(await ticks(engine, "hourly")).toEqual([START_TIME + 15 * MIN]);
  });

  it("ticks missed while closed run once at reopen, then the schedule resumes", async () => {
    const clock = new ManualClock(START_TIME);
    const file = dir.file("db.sqlite");
    engine = await openSample(file, clock);
    await stepTo(engine, clock, START_TIME + 10 * MIN);
    const before = await ticks(engine, "interval");
    await engine.close();

    // Down from 00:10 to 00:32: the 00:15 hourly tick and two interval ticks are missed.
    clock.time = START_TIME + 32 * MIN;
    engine = await openSample(file, clock);
    await drain(engine);
    expect(await ticks(engine, "hourly")).toEqual([START_TIME + 32 * MIN]);
    // One catch-up run for the missed ticks, not one per missed tick.
    expect((await ticks(engine, "interval")).slice(before.length)).toEqual([START_TIME + 32 * MIN]);

    await stepTo(engine, clock, START_TIME + 2 * HOUR, MIN);
    const all = await ticks(engine, "interval");
    expect(new Set(all).size).toBe(all.length);
    expect(all.at(-1)).toBeGreaterThanOrEqual(START_TIME + 2 * HOUR - 5 * MIN);
    expect(await ticks(engine, "hourly")).toEqual([START_TIME + 32 * MIN, START_TIME + HOUR + 15 * MIN]);
  });
});
